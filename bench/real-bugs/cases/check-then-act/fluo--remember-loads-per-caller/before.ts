// Case: fluojs/fluo, fix commit d0c35ebb8186b9ee33ad7f15e399a636a90ba8ff ("fix(cache-manager): singleflight remember,
// native-TTL redis get, timeout eviction fallback"; https://github.com/fluojs/fluo/pull/379).
// The code just before the fix, rewritten in our own code: a cache service's remember() reads the key, and on a miss
// awaits the loader and stores its value; every caller that misses before the first store runs the loader again.
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
}

export class MemoCache {
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
    const fresh = await load();
    await this.set(key, fresh, ttlSeconds);
    return fresh;
  }
}
