// Shared editor state of the case (the simulator's selection and circuit settings), kept in a module of its own as
// in the original project.
export const editorState = {
  selected: null,
  redrawPending: false,
};

export const circuitSettings = {
  name(value) {
    editorState.circuitName = value;
  },
  clockEnabled(value) {
    editorState.clockEnabled = value;
  },
};

export function requestRedraw() {
  editorState.redrawPending = true;
}
