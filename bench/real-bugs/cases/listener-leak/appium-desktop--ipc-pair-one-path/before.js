// Case: appium/appium-desktop, fix commit f61dd5bb3326957b55ac684c7bf97099be219f68 ("Unbind ipc renderer listeners",
// PR https://github.com/appium/appium-desktop/pull/612). Rewritten in our own code: a redux thunk asks the main process
// to start a server and waits for one of two replies on the renderer's IPC channel, which lives as long as the window.
// The success handler drops the failure listener; the failure handler does not drop the success listener, so each
// failed attempt leaves one behind, and the next success runs every one of them.
import { ipcRenderer } from 'electron';

export const START_REQUESTED = 'START_REQUESTED';
export const START_SUCCEEDED = 'START_SUCCEEDED';
export const START_FAILED = 'START_FAILED';
export const LOG_LINES = 'LOG_LINES';

export function startBackend(event) {
  event.preventDefault();
  return (dispatch, getState) => {
    dispatch({ type: START_REQUESTED });
    const { options } = getState().backend;

    ipcRenderer.once('backend-start-failed', (_event, reason) => {
      ipcRenderer.removeAllListeners('backend-log');
      window.alert(`Could not start the backend: ${reason}`);
      dispatch({ type: START_FAILED, reason });
    });

    ipcRenderer.once('backend-started', () => {
      ipcRenderer.removeAllListeners('backend-start-failed');
      dispatch({ type: START_SUCCEEDED, options });
    });

    ipcRenderer.on('backend-log', (_event, lines) => {
      dispatch({ type: LOG_LINES, lines });
    });

    ipcRenderer.send('start-backend', options);
  };
}
