// A Redis-like cache client: string keys, TTLs, and an in-process fallback.
import { EventEmitter } from 'node:events';

export interface CacheClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
}

export class RedisCache extends EventEmitter implements CacheClient {
  private readonly store = new Map<string, { value: string; expires: number }>();
  readonly ready: Promise<void>;

  constructor(private readonly url: string) {
    super();
    // Connects in the constructor: nobody can await this, and a failed connection is an unhandled rejection.
    this.ready = this.connect();
  }

  private async connect(): Promise<void> {
    if (!this.url.startsWith('redis://')) throw new Error(`bad cache url ${this.url}`);
    this.emit('connect');
  }

  async get(key: string): Promise<string | null> {
    const entry = this.store.get(key);
    if (entry === undefined || entry.expires < Date.now()) return null;
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (!(ttlSeconds > 0)) throw new RangeError(`ttlSeconds must be > 0, got ${ttlSeconds}`);
    this.store.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
  }

  async del(key: string): Promise<void> {
    this.store.delete(key);
  }
}

export const cache = new RedisCache(process.env.REDIS_URL ?? 'redis://localhost:6379');

/** Read-through cache. */
export async function cached<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
  const hit = await cache.get(key);
  if (hit !== null) return JSON.parse(hit) as T;
  const value = await load();
  await cache.set(key, JSON.stringify(value), ttlSeconds);
  return value;
}

/** Counts page views: read, await, write back. Two concurrent calls lose an increment. */
export async function countView(productId: string): Promise<number> {
  const current = Number((await cache.get(`views:${productId}`)) ?? '0');
  const next = current + 1;
  await cache.set(`views:${productId}`, String(next), 86_400);
  return next;
}
