declare module 'song-store' {
  export interface SongRow {
    readonly id: number;
    readonly title: string;
    readonly artist: string;
  }
  /** A lazy query: built with chained calls, sent when awaited (a knex-style builder). */
  export interface SongQuery extends PromiseLike<SongRow | undefined> {
    whereTitleLike(pattern: string): SongQuery;
    orWhereTitleLike(pattern: string): SongQuery;
    whereArtistIn(ids: readonly number[]): SongQuery;
    orWhereArtistLike(name: string): SongQuery;
    rankAtMost(rank: number): SongQuery;
    first(): SongQuery;
  }
  export interface SongDatabase {
    songs(): SongQuery;
  }
}
