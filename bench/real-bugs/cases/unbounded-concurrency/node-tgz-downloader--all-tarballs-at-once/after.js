// Case: Meir017/node-tgz-downloader, fix commit e558e9e574205dedf67aa969c0137d2ee6435169 ("limit concurrent
// downloads", PR https://github.com/Meir017/node-tgz-downloader/pull/40). Fixed: the downloads go through p-limit
// (loaded with import() since it is ESM-only), one per CPU by default as the command line sets it.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * @param {string} url
 * @param {string} target
 * @param {number} attemptsLeft
 * @returns {Promise<string>}
 */
async function fetchWithRetry(url, target, attemptsLeft) {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${response.status} for ${url}`);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.writeFile(target, Buffer.from(await response.arrayBuffer()));
    return target;
  } catch (error) {
    if (attemptsLeft <= 1) throw error;
    return fetchWithRetry(url, target, attemptsLeft - 1);
  }
}

/**
 * @param {Array<{ url: string, folder: string }>} tarballs
 * @param {string} baseDir
 * @param {number} concurrency
 */
function mirrorTarballs(tarballs, baseDir = './tarballs', concurrency = os.cpus().length) {
  fs.mkdirSync(baseDir, { recursive: true });
  console.log(`downloading ${tarballs.length} tarballs (concurrency ${concurrency})`);
  return import('p-limit').then(({ default: pLimit }) => {
    const limit = pLimit(concurrency);
    const downloads = tarballs.map(({ url, folder }, index) => {
      console.log(`downloading ${index + 1}/${tarballs.length} ${url}`);
      return limit(() => fetchWithRetry(url, path.join(baseDir, folder, path.basename(url)), 10));
    });
    return Promise.all(downloads);
  });
}

module.exports = { mirrorTarballs };
