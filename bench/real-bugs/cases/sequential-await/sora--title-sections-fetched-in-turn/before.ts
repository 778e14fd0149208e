// Case: Khanhtran47/Sora, fix commit f381b662824371982ded037559ae6e483e54d951 ("perf: avoid waterfalls of queries in
// loaders", PR #193), file app/routes/movies/$movieId/index.tsx.
// The code just before the fix, rewritten in our own code: a route loader reads four sections of a title's page from
// a module of API calls, one after another, although each needs only the title's id.
import { fetchCredits, fetchRecommended, fetchSimilar, fetchVideos } from './catalog.server.js';

interface LoaderArgs {
  readonly params: Record<string, string | undefined>;
}

export const loader = async ({ params }: LoaderArgs) => {
  const id = Number(params.titleId);
  if (!id) throw new Response('Not Found', { status: 404 });

  const similar = await fetchSimilar('movie', id);
  const videos = await fetchVideos('movie', id);
  const credits = await fetchCredits('movie', id);
  const recommended = await fetchRecommended('movie', id);

  if (!similar || !videos || !credits || !recommended) throw new Response('Not Found', { status: 404 });

  return Response.json({
    similar,
    videos,
    recommended,
    cast: credits.cast?.slice(0, 9) ?? [],
    directors: credits.crew?.filter(({ job }) => job === 'Director') ?? [],
  });
};
