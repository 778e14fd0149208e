// Case: Khanhtran47/Sora, fix commit f381b662824371982ded037559ae6e483e54d951 ("perf: avoid waterfalls of queries in
// loaders", PR #193), file app/root.tsx.
// The code just before the fix, rewritten in our own code: the root loader of every page reads the film genres and
// then the series genres, one after the other, and then the signed-in user, although none of the three reads needs
// another's answer.
import { fetchGenres, languageCookie, localeOf, readSession, userFor } from './services.server.js';

export const loader = async ({ request }: { request: Request }) => {
  const locale = await localeOf(request);
  const session = await readSession(request.headers.get('Cookie'));
  const filmGenres = await fetchGenres('movie', locale);
  const seriesGenres = await fetchGenres('tv', locale);

  if (session.has('access_token')) {
    const { user, error } = await userFor(session.get('access_token'));
    if (user && !error) return Response.json({ user, locale, filmGenres, seriesGenres });
  }

  return Response.json(
    { locale, filmGenres, seriesGenres },
    { headers: { 'Set-Cookie': await languageCookie(locale) } },
  );
};
