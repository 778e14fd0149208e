// Case: Financial-Times/nori, fix commit b6f0af1675a7b4e1a1c30a43d28bb3538eb4731e ("Implement timeout, retryAfter and
// sequential request mechanism to avoid secondary rate limit", PR https://github.com/Financial-Times/nori/pull/164).
// Rewritten in our own code: the fix opens the pull requests one after another, with a pause between them.
const github = require('./client');

exports.command = 'prs';
exports.input = ['repos', 'remoteBranches'];
exports.output = 'prs';

exports.handler = async ({ title, body, token }, state) => {
  const api = github(token);
  for (const repo of state.repos) {
    if (!repo.remoteBranch) continue;
    const [existing] = await api.openPulls(repo.owner, repo.name, repo.remoteBranch);
    repo.pr =
      existing ||
      (await api.createPull(repo.owner, repo.name, {
        head: repo.remoteBranch,
        base: repo.centralBranch,
        title: title.replace('{repo}', repo.name),
        body,
      }));
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
};
