// Case: Khanhtran47/Sora, fix commit f381b662824371982ded037559ae6e483e54d951 ("perf: avoid waterfalls of queries in
// loaders", PR #193), file app/root.tsx.
// The fixed code, rewritten in our own code: the user and both genre lists are read together when there is a
// session; without one, the two genre reads are still awaited in turn inside the response (as the fix left them).
import { fetchGenres, languageCookie, localeOf, readSession, userFor } from './services.server.js';

export const loader = async ({ request }: { request: Request }) => {
  const locale = await localeOf(request);
  const session = await readSession(request.headers.get('Cookie'));

  if (session.has('access_token')) {
    const [{ user, error }, filmGenres, seriesGenres] = await Promise.all([
      userFor(session.get('access_token')),
      fetchGenres('movie', locale),
      fetchGenres('tv', locale),
    ]);
    if (user && !error) return Response.json({ user, locale, filmGenres, seriesGenres });
  }

  return Response.json(
    {
      locale,
      filmGenres: await fetchGenres('movie', locale),
      seriesGenres: await fetchGenres('tv', locale),
    },
    { headers: { 'Set-Cookie': await languageCookie(locale) } },
  );
};
