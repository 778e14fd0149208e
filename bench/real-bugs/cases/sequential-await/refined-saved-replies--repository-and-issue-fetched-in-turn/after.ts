// Case: JoshuaKGoldberg/refined-saved-replies, fix commit 1c0f731d3575788f95d0f64bca5b346f3a0957a2 ("perf: run two
// JSON API fetches in parallel", pull request #170, issue #149). Rewritten in our own code: on every issue page the
// extension awaits the repository's settings from the API, then awaits the details; the second request does
// not depend on the first, so the saved replies appear one round trip later than they could.
import { fetchJson } from './fetch-json.js';
import { isRepliesFile, isRepositorySettings, type RepliesFile } from './checks.js';

export interface LoadedReplies {
  replies: RepliesFile;
  item: unknown;
}

export async function loadReplies(pathname: string): Promise<LoadedReplies | undefined> {
  const [, owner, repository, , number] = pathname.split('/');

  // Fetch the API's descriptions of the issue and of the repository's settings
  const [item, settings] = await Promise.all([
    fetchJson(`https://api.github.com/repos/${owner}/${repository}/issues/${number}`),
    fetchJson(`https://api.github.com/repos/${owner}/${repository}`),
  ]);

  if (!isRepositorySettings(settings)) {
    console.error('Invalid repository details:', settings);
    return undefined;
  }

  const { default_branch: defaultBranch } = settings;

  const repliesResponse = await fetch(
    `https://raw.githubusercontent.com/${owner}/${repository}/${defaultBranch}/.github/replies.json`,
  );
  if (!repliesResponse.ok) {
    if (repliesResponse.status !== 404) {
      console.error('Non-ok response fetching replies:', repliesResponse.statusText);
    }
    return undefined;
  }

  const replies = (await repliesResponse.json()) as unknown;
  if (!isRepliesFile(replies)) {
    console.error('Invalid saved replies:', replies);
    return undefined;
  }

  return { replies, item };
}
