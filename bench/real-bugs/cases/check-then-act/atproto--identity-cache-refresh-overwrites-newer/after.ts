// Case: bluesky-social/atproto, fix commit bb039d8e4ce5b7f70c4f3e86d1327e210ef24dc3 ("Dedupe did cache refreshes
// (#1773)"; https://github.com/bluesky-social/atproto/pull/1773).
// The fixed code, rewritten in our own code: a stale cache row read by a request triggers a background refresh that
// fetches the document and then writes it back unconditionally, so concurrent refreshes of the same key all write
// and an older fetch can overwrite a newer one.
interface CacheRow {
  id: string;
  doc: string;
  updatedAt: number;
}

interface Sql {
  query<T>(text: string, params: unknown[]): Promise<T[]>;
}

export interface CacheResult {
  doc: string;
  updatedAt: number;
  stale: boolean;
}

export class IdentityCache {
  constructor(
    private readonly db: Sql,
    private readonly staleMs: number,
  ) {}

  async read(id: string): Promise<CacheResult | null> {
    const [row] = await this.db.query<CacheRow>('select * from identity_cache where id = $1', [id]);
    if (!row) return null;
    return { doc: row.doc, updatedAt: row.updatedAt, stale: Date.now() > row.updatedAt + this.staleMs };
  }

  async store(id: string, doc: string, previous?: CacheResult): Promise<void> {
    if (previous) {
      // only the refresh that still sees the row it read may write it
      await this.db.query('update identity_cache set doc = $2, updated_at = $3 where id = $1 and updated_at = $4', [
        id,
        doc,
        Date.now(),
        previous.updatedAt,
      ]);
      return;
    }
    await this.db.query(
      'insert into identity_cache (id, doc, updated_at) values ($1, $2, $3) ' +
        'on conflict (id) do update set doc = excluded.doc, updated_at = excluded.updated_at',
      [id, doc, Date.now()],
    );
  }

  async refresh(id: string, fetchDoc: () => Promise<string>, previous: CacheResult): Promise<void> {
    const doc = await fetchDoc();
    await this.store(id, doc, previous);
  }

  async resolve(id: string, fetchDoc: () => Promise<string>): Promise<string> {
    const cached = await this.read(id);
    if (cached && !cached.stale) return cached.doc;
    if (cached) {
      this.refresh(id, fetchDoc, cached).catch((error: unknown) => console.error('refresh failed', error));
      return cached.doc;
    }
    const doc = await fetchDoc();
    await this.store(id, doc);
    return doc;
  }
}
