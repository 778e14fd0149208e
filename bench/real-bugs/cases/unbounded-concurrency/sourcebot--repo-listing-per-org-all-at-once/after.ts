// Case: sourcebot-dev/sourcebot, fix commit 58456d616b757145c2c63110b80574e452799942 ("add p-limit to GitHub API calls
// to avoid overwhelming the node process (or the API rate limits) (#591)"), source
// https://github.com/sourcebot-dev/sourcebot/pull/591. Rewritten in our own code: the fixed version. Every per-entry
// request goes through one module-wide p-limit limiter, so at most five GitHub queries run at a time.
import pLimit from 'p-limit';
import { collect, isNotFound, measure, throwIfAnyFailed, withRetry, type GitHubClient, type Outcome, type Repository } from './helpers.js';

// at most this many GitHub queries at a time, to stay clear of rate limits
const maxConcurrentQueries = 5;
const queryLimit = pLimit(maxConcurrentQueries);

export const reposForOrgs = async (orgs: string[], client: GitHubClient, signal: AbortSignal) => {
  const results = await Promise.allSettled(
    orgs.map((org) => queryLimit(async (): Promise<Outcome<Repository>> => {
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
    })),
  );

  throwIfAnyFailed(results);
  const { items: repos, warnings } = collect(results);
  return { repos, warnings };
};

export const reposByName = async (names: string[], client: GitHubClient, signal: AbortSignal) => {
  const results = await Promise.allSettled(
    names.map((name) => queryLimit(async (): Promise<Outcome<Repository>> => {
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
    })),
  );

  throwIfAnyFailed(results);
  const { items: repos, warnings } = collect(results);
  return { repos, warnings };
};
