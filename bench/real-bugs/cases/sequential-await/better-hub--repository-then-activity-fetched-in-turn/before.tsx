// Case: better-auth/better-hub, fix commit 1665dc4c62342c51138d5210ab55a0c71c071285 ("perf: eliminate request
// waterfalls and add skeleton loading UIs", PR #12), file apps/web/src/app/(app)/repos/[owner]/[repo]/activity/page.tsx.
// The code just before the fix, rewritten in our own code: a server-rendered page reads the repository, returns
// nothing when it is missing, and only then reads its events and commit activity, though those reads need only the
// owner and name from the URL.
import { fetchRepo, fetchRepoEvents, fetchWeeklyCommits } from './github.js';

export default async function RepoActivity({
  params,
}: {
  params: Promise<{ owner: string; name: string }>;
}) {
  const { owner, name } = await params;

  const repository = await fetchRepo(owner, name);
  if (!repository) return null;

  const [events, weekly] = await Promise.all([
    fetchRepoEvents(owner, name, 100),
    fetchWeeklyCommits(owner, name),
  ]);

  return (
    <section>
      <h2>{repository.fullName}</h2>
      <p>{events.length} recent events</p>
      <p>{weekly.reduce((sum, n) => sum + n, 0)} commits this year</p>
    </section>
  );
}
