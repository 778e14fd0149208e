// Case: renovatebot/renovate, fix commit ec9b4f89e7f5137371f485d78328874e5c32d6cb ("feat(internal): parallel
// changelog retrieval (#6174)"; https://github.com/renovatebot/renovate/pull/6174).
// The code just before the fix, rewritten in our own code: before updating branches the worker fetches the changelog
// of every upgrade of every branch in two nested loops, one request after another.
interface Upgrade {
  depName: string;
  fromVersion: string;
  toVersion: string;
  changelog?: string | null;
}

interface Branch {
  name: string;
  upgrades: Upgrade[];
}

type ChangelogLookup = (upgrade: Upgrade) => Promise<string | null>;

export async function prepareBranches(branches: Branch[], lookup: ChangelogLookup): Promise<Branch[]> {
  for (const branch of branches) {
    for (const upgrade of branch.upgrades) {
      upgrade.changelog = await lookup(upgrade);
    }
  }
  return branches;
}
