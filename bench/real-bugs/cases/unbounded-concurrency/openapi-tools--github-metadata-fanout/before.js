// Case: OAI/tools.openapis.org, fix commit 74b1b88c843c6a515d175fb87dbea7b48f7985e8 ("Introduced throttling on
// GitHub API calls", PR https://github.com/OAI/tools.openapis.org/pull/32, issue #28: sporadic 403 and 503 answers
// from the GitHub API). Rewritten in our own code: the build enriches every tool in the catalogue with its GitHub
// repository's metadata, firing one API call per tool all at once.
'use strict';

/**
 * @param {Array<{ name: string, repository?: string }>} tools
 * @param {(repository: string) => Promise<Record<string, unknown>>} fetchRepoInfo
 */
async function addRepositoryInfo(tools, fetchRepoInfo) {
  const enriched = await Promise.all(
    tools.map(async (tool) => {
      if (typeof tool.repository === 'string' && /github\.com/.test(tool.repository)) {
        console.log(`fetching repository details for ${tool.repository}`);
        const info = await fetchRepoInfo(tool.repository);
        return { ...tool, ...info };
      }
      return tool;
    }),
  );
  return enriched;
}

module.exports = { addRepositoryInfo };
