// Case: Khanhtran47/Sora, fix commit f381b662824371982ded037559ae6e483e54d951 ("perf: avoid waterfalls of queries in
// loaders", PR #193), file app/routes/movies/$movieId/index.tsx.
// The fixed code, rewritten in our own code: the four reads start together.
import { fetchCredits, fetchRecommended, fetchSimilar, fetchVideos } from './catalog.server.js';

interface LoaderArgs {
  readonly params: Record<string, string | undefined>;
}

export const loader = async ({ params }: LoaderArgs) => {
  const id = Number(params.titleId);
  if (!id) throw new Response('Not Found', { status: 404 });

  const [similar, videos, credits, recommended] = await Promise.all([
    fetchSimilar('movie', id),
    fetchVideos('movie', id),
    fetchCredits('movie', id),
    fetchRecommended('movie', id),
  ]);

  if (!similar || !videos || !credits || !recommended) throw new Response('Not Found', { status: 404 });

  return Response.json({
    similar,
    videos,
    recommended,
    cast: credits.cast?.slice(0, 9) ?? [],
    directors: credits.crew?.filter(({ job }) => job === 'Director') ?? [],
  });
};
