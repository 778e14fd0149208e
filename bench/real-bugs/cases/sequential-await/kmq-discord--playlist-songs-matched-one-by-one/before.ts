// Case: Brainicism/KMQ_Discord, fix commit b48adb0b065eed64e4c87eec97c44eda927ccbed ("Parallelize spotify matching
// database lookup (#1578)"), file src/helpers/spotify_manager.ts.
// The code just before the fix, rewritten in our own code: each track of an imported playlist is matched against the
// song table with its own query; the query is built first and then awaited, and every track's query waits for the
// previous one.
import type { SongDatabase, SongRow } from 'song-store';

interface PlaylistTrack {
  readonly name: string;
  readonly artists: readonly string[];
}

interface MatchResult {
  readonly matched: SongRow[];
  readonly unmatched: PlaylistTrack[];
}

const normalize = (text: string): string => text.toLowerCase().replace(/[^0-9a-z]/g, '');

export async function matchPlaylist(
  db: SongDatabase,
  tracks: readonly PlaylistTrack[],
  artistIds: ReadonlyMap<string, number>,
  maxRank: number,
): Promise<MatchResult> {
  const matched: SongRow[] = [];
  const unmatched: PlaylistTrack[] = [];
  for (const track of tracks) {
    const ids: number[] = [];
    for (const artist of track.artists) {
      const id = artistIds.get(normalize(artist));
      if (id !== undefined) ids.push(id);
    }

    // "Title (Remix)": try the part before the bracket, the part inside it and the whole title.
    const [head, inner] = track.name.split('(');
    const titles = [head ?? track.name];
    if (inner !== undefined) titles.push(inner.replace(')', ''), track.name);

    let query = db.songs().whereTitleLike(normalize(titles[0] ?? ''));
    for (const title of titles.slice(1)) query = query.orWhereTitleLike(normalize(title));
    query = query
      .whereArtistIn(ids)
      .orWhereArtistLike(track.artists[0] ?? '')
      .rankAtMost(maxRank)
      .first();

    const row = await query;
    if (row) matched.push(row);
    else unmatched.push(track);
  }
  return { matched, unmatched };
}
