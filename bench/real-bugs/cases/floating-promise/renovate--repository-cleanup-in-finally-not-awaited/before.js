// Case: renovatebot/renovate, fix commit a64507ac52fdcde0c211a2ab477bd0aaa6ac2362 ("fix: properly await all
// repository cleanups"; https://github.com/renovatebot/renovate/commit/a64507ac52fdcde0c211a2ab477bd0aaa6ac2362).
// The code just before the fix, rewritten in our own code: after processing a repository the worker starts the
// platform's cleanup in a finally block without awaiting it, so the next repository can begin while the previous one
// is still being cleaned and a cleanup error is lost.
'use strict';
const fs = require('node:fs/promises');

/**
 * @param {{ cleanup(): Promise<void> }} platform
 * @param {{ name: string, workDir?: string, keepWorkDir?: boolean }} repo
 * @param {(repo: { name: string }) => Promise<string>} process
 */
async function processRepository(platform, repo, process) {
  console.info(`processing ${repo.name}`);
  try {
    const result = await process(repo);
    return { status: 'done', result };
  } catch (error) {
    return { status: 'failed', result: String(error) };
  } finally {
    platform.cleanup();
    if (repo.workDir && !repo.keepWorkDir) {
      await fs.rm(repo.workDir, { recursive: true, force: true });
    }
    console.info(`finished ${repo.name}`);
  }
}

module.exports = { processRepository };
