// Case: CircuitVerse/cv-frontend-vue, fix commit c9fba5224cde222dcba9a42d73ac050d813441c0 ("Fixing event leak",
// pull request #247). Rewritten in our own code: the properties panel (mountPropertiesPanel) calls refreshPropertyInputs() on every
// 100 ms poll, and each call binds the same jQuery handlers to the same inputs again without unbinding the previous
// ones, so handlers pile up on the long-lived inputs and one edit runs the update many times.
import { editorState, circuitSettings, requestRedraw } from './editor-state.js'

export function onPropertyInput() {
    requestRedraw()
    let { value } = this
    if (this.type === 'number') {
        value = parseFloat(value)
    }
    if (editorState.selected && editorState.selected[this.name]) {
        editorState.selected[this.name](value)
    } else {
        circuitSettings[this.name](value)
    }
}

export function onPropertyToggle() {
    requestRedraw()
    if (editorState.selected && editorState.selected[this.name]) {
        editorState.selected[this.name](this.checked)
    } else {
        circuitSettings[this.name](this.checked)
    }
}

export function refreshPropertyInputs() {
    $('.property-input').on('change keyup paste click', onPropertyInput)

    $('.property-toggle').on('change keyup paste click', onPropertyToggle)
}

// The properties panel (a Vue component's setup in the original project, here in the same file): it polls the
// selection every 100 ms and refreshes the property inputs' handlers on each poll.
let shown = null

export function mountPropertiesPanel(render) {
    return setInterval(() => {
        refreshPropertyInputs()
        if (shown === editorState.selected) return
        shown = editorState.selected
        render(shown)
    }, 100)
}
