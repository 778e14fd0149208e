// Case: nortonandrews/kikoeru, fix commit f33545afef502606108047d369c4961b8d67cecf ("Added throttlePromises function",
// PR https://github.com/nortonandrews/kikoeru/pull/6, issue #5). Fixed: the loop collects functions instead of started
// promises, and a small throttle runs at most `maxParallel` of them at a time.
'use strict';

/**
 * Runs the functions with at most `maxPending` promises pending at once; resolves with their values in order.
 * @template T
 * @param {number} maxPending
 * @param {Array<() => Promise<T>>} tasks
 * @returns {Promise<T[]>}
 */
function throttle(maxPending, tasks) {
  return new Promise((resolve, reject) => {
    let pending = 0;
    let next = 0;
    /** @type {T[]} */
    const values = [];
    (function fill() {
      if (next >= tasks.length) {
        if (pending === 0) resolve(values);
        return;
      }
      while (pending < maxPending && next < tasks.length) {
        pending++;
        const index = next++;
        tasks[index]()
          .then((value) => {
            values[index] = value;
            pending--;
            fill();
          })
          .catch(reject);
      }
    })();
  });
}

/**
 * @param {{ countWork(id: string): Promise<number>, saveWork(meta: object): Promise<void> }} db
 * @param {(id: string) => Promise<object>} fetchMetadata
 * @param {() => AsyncIterable<string>} listFolders
 * @param {number} maxParallel
 */
async function scanLibrary(db, fetchMetadata, listFolders, maxParallel = 16) {
  /** @param {string} id @param {string} folder */
  const importFolder = async (id, folder) => {
    if ((await db.countWork(id)) > 0) return 'skipped';
    try {
      const meta = await fetchMetadata(id);
      await db.saveWork({ ...meta, dir: folder });
      return 'added';
    } catch (error) {
      console.log(`could not import ${folder}: ${error instanceof Error ? error.message : String(error)}`);
      return 'failed';
    }
  };

  const tasks = [];
  for await (const folder of listFolders()) {
    const match = /WK(\d{6})/.exec(folder);
    if (!match) continue;
    const id = match[1];
    tasks.push(() => importFolder(id, folder));
  }

  const results = await throttle(maxParallel, tasks);
  return {
    added: results.filter((r) => r === 'added').length,
    failed: results.filter((r) => r === 'failed').length,
  };
}

module.exports = { scanLibrary };
