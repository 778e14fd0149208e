// Case: download-directory/download-directory.github.io, fix commit 532c4ca847235b4f1bde4dc82f12d76b018c65ab ("Limit
// concurrency to avoid hitting browser limits", PR https://github.com/download-directory/download-directory.github.io/pull/49).
// Fixed: p-map downloads at most twenty files at a time.
import pMap from 'p-map';

/**
 * @param {Array<{ path: string, url: string }>} files
 * @param {{ file(name: string, data: Blob): void }} archive
 * @param {(text: string) => void} showStatus
 * @param {AbortController} controller
 */
export async function downloadFolder(files, archive, showStatus, controller) {
  let done = 0;

  /** @param {{ path: string, url: string }} file */
  const download = async (file) => {
    const response = await fetch(file.url, { signal: controller.signal });
    if (!response.ok) throw new Error(`HTTP ${response.statusText} for ${file.path}`);
    const blob = await response.blob();
    done++;
    showStatus(`Downloading (${done}/${files.length}) files…`);
    archive.file(file.path, blob);
  };

  try {
    await pMap(files, download, { concurrency: 20 });
  } catch (error) {
    controller.abort();
    showStatus('Could not download all files.');
    throw error;
  }
  showStatus(`Zipping ${done} files…`);
}
