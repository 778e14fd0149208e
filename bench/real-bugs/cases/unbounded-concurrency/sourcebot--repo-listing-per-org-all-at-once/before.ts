// Case: sourcebot-dev/sourcebot, fix commit 58456d616b757145c2c63110b80574e452799942 ("add p-limit to GitHub API calls
// to avoid overwhelming the node process (or the API rate limits) (#591)"), source
// https://github.com/sourcebot-dev/sourcebot/pull/591. Rewritten in our own code: a code-search backend syncs the
// repositories of every organization and every repository named in its connection config. Each list is mapped to one
// paginated GitHub request per entry, all started at once under Promise.allSettled, so a config with many orgs or
// repos fires that many paginated listings together and trips GitHub's secondary rate limits.
import { collect, isNotFound, measure, throwIfAnyFailed, withRetry, type GitHubClient, type Outcome, type Repository } from './helpers.js';

export const reposForOrgs = async (orgs: string[], client: GitHubClient, signal: AbortSignal) => {
  const results = await Promise.allSettled(
    orgs.map(async (org): Promise<Outcome<Repository>> => {
      try {
        const { durationMs, data } = await measure(() =>
          withRetry(() => client.listOrgRepos(org, { perPage: 100, signal }), `org ${org}`),
        );
        console.debug(`found ${data.length} repositories in org ${org} in ${durationMs}ms`);
        return { type: 'valid', data };
      } catch (error) {
        if (isNotFound(error)) {
          return { type: 'warning', warning: `organization ${org} not found or not accessible` };
        }
        throw error;
      }
    }),
  );

  throwIfAnyFailed(results);
  const { items: repos, warnings } = collect(results);
  return { repos, warnings };
};

export const reposByName = async (names: string[], client: GitHubClient, signal: AbortSignal) => {
  const results = await Promise.allSettled(
    names.map(async (name): Promise<Outcome<Repository>> => {
      try {
        const [owner, repo] = name.split('/');
        const { data } = await measure(() => withRetry(() => client.getRepo(owner, repo, { signal }), `repo ${name}`));
        return { type: 'valid', data: [data] };
      } catch (error) {
        if (isNotFound(error)) {
          return { type: 'warning', warning: `repository ${name} not found or not accessible` };
        }
        throw error;
      }
    }),
  );

  throwIfAnyFailed(results);
  const { items: repos, warnings } = collect(results);
  return { repos, warnings };
};
