// Case: download-directory/download-directory.github.io, fix commit 532c4ca847235b4f1bde4dc82f12d76b018c65ab ("Limit
// concurrency to avoid hitting browser limits", PR https://github.com/download-directory/download-directory.github.io/pull/49).
// Rewritten in our own code: the page downloads every file of a repository folder at once before zipping them, so a
// folder with hundreds of files hits the browser's connection limits and the API's rate limit.

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
    await Promise.all(files.map((file) => download(file)));
  } catch (error) {
    controller.abort();
    showStatus('Could not download all files.');
    throw error;
  }
  showStatus(`Zipping ${done} files…`);
}
