// Case: Brainicism/KMQ_Discord, fix commit b48adb0b065eed64e4c87eec97c44eda927ccbed ("Parallelize spotify matching
// database lookup (#1578)"), file src/helpers/spotify_manager.ts.
// The fixed code, rewritten in our own code: the tracks are matched a few at a time, each chunk's queries running
// together and settled as one.
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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

async function matchTrack(
  db: SongDatabase,
  track: PlaylistTrack,
  artistIds: ReadonlyMap<string, number>,
  maxRank: number,
): Promise<SongRow> {
  const ids: number[] = [];
  for (const artist of track.artists) {
    const id = artistIds.get(normalize(artist));
    if (id !== undefined) ids.push(id);
  }
  const [head, inner] = track.name.split('(');
  const titles = [head ?? track.name];
  if (inner !== undefined) titles.push(inner.replace(')', ''), track.name);

  let query = db.songs().whereTitleLike(normalize(titles[0] ?? ''));
  for (const title of titles.slice(1)) query = query.orWhereTitleLike(normalize(title));
  const row = await query
    .whereArtistIn(ids)
    .orWhereArtistLike(track.artists[0] ?? '')
    .rankAtMost(maxRank)
    .first();
  if (!row) throw new Error(`${track.name} - ${track.artists[0] ?? ''}`);
  return row;
}

export async function matchPlaylist(
  db: SongDatabase,
  tracks: readonly PlaylistTrack[],
  artistIds: ReadonlyMap<string, number>,
  maxRank: number,
): Promise<MatchResult> {
  const matched: SongRow[] = [];
  const unmatched: PlaylistTrack[] = [];
  for (const chunk of chunks(tracks, 4)) {
    const settled = await Promise.allSettled(chunk.map((track) => matchTrack(db, track, artistIds, maxRank)));
    settled.forEach((result, index) => {
      if (result.status === 'fulfilled') matched.push(result.value);
      else unmatched.push(chunk[index] as PlaylistTrack);
    });
  }
  return { matched, unmatched };
}
