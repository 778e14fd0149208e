// Case: better-auth/better-hub, fix commit 1665dc4c62342c51138d5210ab55a0c71c071285 ("perf: eliminate request
// waterfalls and add skeleton loading UIs", PR #12), file apps/web/src/app/(app)/repos/[owner]/[repo]/activity/page.tsx.
// The fixed code, rewritten in our own code: the three reads start together; the missing repository is checked after.
import { fetchRepo, fetchRepoEvents, fetchWeeklyCommits } from './github.js';

export default async function RepoActivity({
  params,
}: {
  params: Promise<{ owner: string; name: string }>;
}) {
  const { owner, name } = await params;

  const [repository, events, weekly] = await Promise.all([
    fetchRepo(owner, name),
    fetchRepoEvents(owner, name, 100),
    fetchWeeklyCommits(owner, name),
  ]);
  if (!repository) return null;

  return (
    <section>
      <h2>{repository.fullName}</h2>
      <p>{events.length} recent events</p>
      <p>{weekly.reduce((sum, n) => sum + n, 0)} commits this year</p>
    </section>
  );
}
