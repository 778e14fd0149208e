// Case: nortonandrews/kikoeru, fix commit f33545afef502606108047d369c4961b8d67cecf ("Added throttlePromises function",
// PR https://github.com/nortonandrews/kikoeru/pull/6, issue #5: "Knex: Timeout acquiring a connection. The pool is
// probably full"). Rewritten in our own code: a library scan walks every folder on disk and starts a database lookup
// plus a metadata download for each one as it goes, then waits for all of them; a large library exhausts the
// connection pool and the lookups time out.
'use strict';

/**
 * @param {{ countWork(id: string): Promise<number>, saveWork(meta: object): Promise<void> }} db
 * @param {(id: string) => Promise<object>} fetchMetadata
 * @param {() => AsyncIterable<string>} listFolders
 */
async function scanLibrary(db, fetchMetadata, listFolders) {
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

  const pending = [];
  for await (const folder of listFolders()) {
    const match = /WK(\d{6})/.exec(folder);
    if (!match) continue;
    pending.push(importFolder(match[1], folder));
  }

  const results = await Promise.all(pending);
  return {
    added: results.filter((r) => r === 'added').length,
    failed: results.filter((r) => r === 'failed').length,
  };
}

module.exports = { scanLibrary };
