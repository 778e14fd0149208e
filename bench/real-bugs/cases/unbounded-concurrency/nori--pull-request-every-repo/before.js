// Case: Financial-Times/nori, fix commit b6f0af1675a7b4e1a1c30a43d28bb3538eb4731e ("Implement timeout, retryAfter and
// sequential request mechanism to avoid secondary rate limit", PR https://github.com/Financial-Times/nori/pull/164).
// Rewritten in our own code: the `prs` step of this CLI opens a pull request on every repository the earlier steps
// selected, all at once; past about ten repositories GitHub's secondary rate limit blocks the rest.
const github = require('./client');
const settleAll = require('./settle-all');

exports.command = 'prs';
exports.input = ['repos', 'remoteBranches'];
exports.output = 'prs';

exports.handler = async ({ title, body, token }, state) => {
  const api = github(token);
  await settleAll(
    state.repos.map(async (repo) => {
      if (!repo.remoteBranch) return;
      const [existing] = await api.openPulls(repo.owner, repo.name, repo.remoteBranch);
      repo.pr =
        existing ||
        (await api.createPull(repo.owner, repo.name, {
          head: repo.remoteBranch,
          base: repo.centralBranch,
          title: title.replace('{repo}', repo.name),
          body,
        }));
    }),
  );
};
