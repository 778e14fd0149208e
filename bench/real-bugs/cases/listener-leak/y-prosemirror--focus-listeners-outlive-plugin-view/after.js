// Case: yjs/y-prosemirror, fix commit 83590161bd9ab6a25c7d196a86c2a287ba488392 ("Fixed event listener memory leak",
// pull request #35). Rewritten in our own code: the remote-caret plugin's view adds focusin/focusout listeners to the
// editor's DOM node, which belongs to the editor view and outlives the plugin view; destroy() unsubscribes from
// presence but never removes the two DOM listeners, so each plugin reconfiguration leaves another pair behind.
import { Plugin, PluginKey } from 'prosemirror-state' // eslint-disable-line
import { Presence } from 'shared-presence' // eslint-disable-line

export const caretPluginKey = new PluginKey('remote-carets')

/**
 * @param {Presence} presence
 * @param {{ field?: string }} [options]
 */
export const remoteCaretPlugin = (presence, { field = 'caret' } = {}) => new Plugin({
  key: caretPluginKey,
  view: view => {
    const presenceChanged = () => {
      view.dispatch(view.state.tr.setMeta(caretPluginKey, { presenceChanged: true }))
    }
    const publishCaret = () => {
      const current = presence.getLocalState() || {}
      if (view.hasFocus()) {
        const { anchor, head } = view.state.selection
        const previous = current[field]
        if (previous == null || previous.anchor !== anchor || previous.head !== head) {
          presence.setLocalStateField(field, { anchor, head })
        }
      } else if (current[field] != null) {
        presence.setLocalStateField(field, null)
      }
    }
    presence.on('change', presenceChanged)
    view.dom.addEventListener('focusin', publishCaret)
    view.dom.addEventListener('focusout', publishCaret)
    return {
      update: publishCaret,
      destroy: () => {
        view.dom.removeEventListener('focusin', publishCaret)
        view.dom.removeEventListener('focusout', publishCaret)
        presence.off('change', presenceChanged)
        presence.setLocalStateField(field, null)
      }
    }
  }
})
