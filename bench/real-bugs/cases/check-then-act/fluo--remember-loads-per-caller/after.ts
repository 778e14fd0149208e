// Case: fluojs/fluo, fix commit d0c35ebb8186b9ee33ad7f15e399a636a90ba8ff ("fix(cache-manager): singleflight remember,
// native-TTL redis get, timeout eviction fallback"; https://github.com/fluojs/fluo/pull/379).
// The fixed code, rewritten in our own code: a miss stores the in-flight load per key, so callers that miss meanwhile
// await the same load, and the entry is dropped when it settles.
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
}

export class MemoCache {
  private readonly loading = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly defaultTtl: number,
  ) {}

  get<T>(key: string): Promise<T | undefined> {
    return this.store.get<T>(key);
  }

  async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    await this.store.set(key, value, ttlSeconds ?? this.defaultTtl);
  }

  async remember<T>(key: string, load: () => Promise<T>, ttlSeconds?: number): Promise<T> {
    const hit = await this.get<T>(key);
    if (hit !== undefined) {
      return hit;
    }
    const pending = this.loading.get(key) as Promise<T> | undefined;
    if (pending) {
      return pending;
    }
    const promise = load()
      .then(async (fresh) => {
        await this.set(key, fresh, ttlSeconds);
        return fresh;
      })
      .finally(() => {
        this.loading.delete(key);
      });
    this.loading.set(key, promise);
    return promise;
  }
}
