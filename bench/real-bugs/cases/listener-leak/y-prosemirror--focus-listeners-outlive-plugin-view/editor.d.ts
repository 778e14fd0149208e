declare module 'prosemirror-view' {
  import type { EditorState } from 'prosemirror-state';
  /** The editor view a plugin view is attached to (it outlives plugin reconfiguration). */
  export interface EditorView {
    readonly dom: HTMLElement;
    readonly state: EditorState;
    hasFocus(): boolean;
    dispatch(tr: unknown): void;
  }
}

declare module 'prosemirror-state' {
  import type { EditorView } from 'prosemirror-view';
  export interface EditorState {
    readonly selection: { readonly anchor: number; readonly head: number };
    readonly tr: { setMeta(key: PluginKey, value: unknown): unknown };
  }
  export class PluginKey<S = unknown> {
    constructor(name: string);
    getState(state: EditorState): S | undefined;
  }
  export interface PluginView {
    update?: (view: EditorView, previous: EditorState) => void;
    destroy?: () => void;
  }
  export interface PluginSpec {
    key?: PluginKey;
    view?: (view: EditorView) => PluginView;
  }
  export class Plugin {
    constructor(spec: PluginSpec);
  }
}

declare module 'shared-presence' {
  /** Presence state shared with the other clients of a document; an event emitter. */
  export class Presence {
    on(event: 'change', listener: () => void): void;
    off(event: 'change', listener: () => void): void;
    getLocalState(): Record<string, unknown> | null;
    setLocalStateField(field: string, value: unknown): void;
  }
}
