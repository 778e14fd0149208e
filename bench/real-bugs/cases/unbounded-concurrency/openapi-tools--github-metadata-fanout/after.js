// Case: OAI/tools.openapis.org, fix commit 74b1b88c843c6a515d175fb87dbea7b48f7985e8 ("Introduced throttling on
// GitHub API calls", PR https://github.com/OAI/tools.openapis.org/pull/32, issue #28). Fixed: Bluebird's map with a
// concurrency limit taken from the environment, so only a few API calls are in flight at once.
'use strict';
const Bluebird = require('bluebird');

/**
 * @param {Array<{ name: string, repository?: string }>} tools
 * @param {(repository: string) => Promise<Record<string, unknown>>} fetchRepoInfo
 */
async function addRepositoryInfo(tools, fetchRepoInfo) {
  const concurrency = Number.parseInt(process.env.GITHUB_CONCURRENCY ?? '', 10);
  if (!concurrency || Number.isNaN(concurrency)) {
    throw new Error('GITHUB_CONCURRENCY must be set to a number');
  }
  const enriched = await Bluebird.map(
    tools,
    async (tool) => {
      if (typeof tool.repository === 'string' && /github\.com/.test(tool.repository)) {
        console.log(`fetching repository details for ${tool.repository}`);
        const info = await fetchRepoInfo(tool.repository);
        return { ...tool, ...info };
      }
      return tool;
    },
    { concurrency },
  );
  return enriched;
}

module.exports = { addRepositoryInfo };
