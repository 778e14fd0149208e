// Case: sourcebot-dev/sourcebot, fix commit be92d262a2e2a86407646094c8d1ae85f6504ae2 ("add p-limit to GitHub API calls
// to avoid overwhelming the node process (or the API rate limits)", PR https://github.com/sourcebot-dev/sourcebot/pull/591).
// Rewritten in our own code: every lookup goes through one limiter shared by the module, five requests at a time.
import pLimit from 'p-limit';
import { Octokit, type RepoInfo } from '@octokit/rest';

const githubRequests = pLimit(5);

export interface GitHubConnection {
  url?: string;
  token?: string;
  repos?: string[];
  orgs?: string[];
}

interface Lookup {
  found: RepoInfo[];
  missing: string[];
}

function gather(results: PromiseSettledResult<RepoInfo[] | undefined>[], names: string[]): Lookup {
  const lookup: Lookup = { found: [], missing: [] };
  results.forEach((result, index) => {
    if (result.status === 'fulfilled' && result.value !== undefined) lookup.found.push(...result.value);
    else lookup.missing.push(names[index] ?? '?');
  });
  return lookup;
}

const lookUpRepos = async (names: string[], octokit: Octokit, signal: AbortSignal): Promise<Lookup> => {
  const results = await Promise.allSettled(
    names.map((name) =>
      githubRequests(async () => {
        const [owner, repo] = name.split('/');
        if (!owner || !repo) return undefined;
        const { data } = await octokit.repos.get({ owner, repo, request: { signal } });
        return [data];
      }),
    ),
  );
  return gather(results, names);
};

const lookUpOrgs = async (orgs: string[], octokit: Octokit, signal: AbortSignal): Promise<Lookup> => {
  const results = await Promise.allSettled(
    orgs.map((org) =>
      githubRequests(async () => {
        const { data } = await octokit.repos.listForOrg({ org, per_page: 100, request: { signal } });
        return data;
      }),
    ),
  );
  return gather(results, orgs);
};

export async function reposOfConnection(connection: GitHubConnection, signal: AbortSignal): Promise<Lookup> {
  const octokit = new Octokit({ auth: connection.token, baseUrl: connection.url });
  const lookup: Lookup = { found: [], missing: [] };
  if (connection.orgs) {
    const orgs = await lookUpOrgs(connection.orgs, octokit, signal);
    lookup.found.push(...orgs.found);
    lookup.missing.push(...orgs.missing);
  }
  if (connection.repos) {
    const repos = await lookUpRepos(connection.repos, octokit, signal);
    lookup.found.push(...repos.found);
    lookup.missing.push(...repos.missing);
  }
  return lookup;
}
