/** The cost of a lock: one round trip each way when uncontended, and a one-hop hand-off to the head waiter. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisLock, fromIoredis, type RedisLock, type RedisScriptClient } from '../src/index.js';
import { RedisLease, type LeaseBackend } from '../src/lease.js';
import { granted } from '../src/lock.js';
import { SingleServer, slotKeys, slotRequest } from '../src/slots.js';
import { closeClients, ioredis } from './helpers/clients.js';
import { describeRedis, RedisServer } from './helpers/redis-server.js';

let server: RedisServer;
let redis: Redis;
const opened: RedisLock[] = [];

beforeAll(async () => {
  server = await RedisServer.start();
  redis = ioredis(server.port);
});

afterAll(async () => {
  await Promise.all(opened.map((lock) => lock.close()));
  await closeClients();
  await server.dispose();
});

interface Counts {
  evalsha: number;
  eval: number;
  pending: number;
  subscribers: number;
  subscribed: boolean;
}

/** An adapter over a fresh ioredis connection that counts what the library asks of it. */
function counting(): { client: RedisScriptClient; counts: Counts } {
  const base = fromIoredis(ioredis(server.port));
  const counts: Counts = { evalsha: 0, eval: 0, pending: 0, subscribers: 0, subscribed: false };
  const track = async <T>(call: () => Promise<T>): Promise<T> => {
    counts.pending++;
    try {
      return await call();
    } finally {
      counts.pending--;
    }
  };
  const client: RedisScriptClient = {
    evalsha: (sha, keys, args) => {
      counts.evalsha++;
      return track(() => base.evalsha(sha, keys, args));
    },
    eval: (script, keys, args) => {
      counts.eval++;
      return track(() => base.eval(script, keys, args));
    },
    createSubscriber: async () => {
      counts.subscribers++;
      const subscriber = await (
        base.createSubscriber as () => ReturnType<NonNullable<RedisScriptClient['createSubscriber']>>
      )();
      return {
        async subscribe(channel, onMessage) {
          await subscriber.subscribe(channel, onMessage);
          counts.subscribed = true;
        },
        close: () => subscriber.close(),
      };
    },
  };
  return { client, counts };
}

function locks(client: Redis | RedisScriptClient, prefix: string, pollInterval = 500): RedisLock {
  const lock = createRedisLock(client, { prefix, pollInterval });
  opened.push(lock);
  return lock;
}

async function commandCalls(command: string): Promise<number> {
  const stats = await redis.info('commandstats');
  const line = stats.split('\n').find((each) => each.startsWith(`cmdstat_${command}:`));
  return Number(/calls=(\d+)/.exec(line ?? '')?.[1] ?? 0);
}

describeRedis('round trips and hand-off', () => {
  it('takes and releases an uncontended lock with one EVALSHA each, no subscriber and no PUBLISH', async () => {
    const { client, counts } = counting();
    const lock = locks(client, `t:${randomUUID()}:`);
    await (await lock.lock('k')).release(); // loads the scripts (EVAL after NOSCRIPT) on this server
    counts.evalsha = 0;
    counts.eval = 0;
    await redis.config('RESETSTAT');
    for (let i = 0; i < 5; i++) {
      const lease = await lock.lock('k');
      expect(await lease.release()).toBe(true);
    }
    expect(counts).toMatchObject({ evalsha: 10, eval: 0, subscribers: 0 });
    expect(await commandCalls('evalsha')).toBe(10);
    expect(await commandCalls('publish')).toBe(0);
  });

  it('runs only EXISTS, SET NX and INCR to take an uncontended lock, and GET and DEL to release it', async () => {
    const prefix = `t:${randomUUID()}:`;
    const lock = locks(redis, prefix);
    await (await lock.lock('k')).release(); // loads the scripts and creates the fence (INCR, TIME, SET)
    await redis.config('RESETSTAT');
    const tokens: number[] = [];
    for (let i = 0; i < 5; i++) {
      const lease = await lock.lock('k');
      tokens.push(lease.token);
      expect(await lease.release()).toBe(true);
    }
    const stats = await redis.info('commandstats');
    const commands = [...stats.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)]
      .map(([, name, calls]) => `${name}=${calls}`)
      .filter((entry) => !/^(config|info|evalsha)/.test(entry))
      .sort();
    expect(commands).toEqual(['del=5', 'exists=5', 'get=5', 'incr=5', 'set=5']);
    // The fence is a counter: one up per lease.
    expect(tokens.slice(1).map((token, index) => token - (tokens[index] as number))).toEqual([1, 1, 1, 1]);
  });

  it('restarts the fence at Redis time in µs when it is gone, above every earlier token', async () => {
    const prefix = `t:${randomUUID()}:`;
    const lock = locks(redis, prefix);
    const first = await lock.lock('k');
    await first.release();
    const fence = `${prefix}{k}:fence`;
    expect(Number(await redis.get(fence))).toBe(first.token);
    expect(await redis.pttl(fence)).toBeGreaterThan(86_000_000); // a day (ttl 30 s)
    // Far below Redis time: a counter that restarts from the clock lands above it.
    await redis.set(fence, '1000', 'PX', 60_000);
    const second = await lock.lock('k');
    expect(second.token).toBe(1001);
    await second.release();
    await redis.del(fence); // lost, as in a restart without persistence
    const [seconds] = await redis.time();
    const third = await lock.lock('k');
    expect(third.token).toBeGreaterThanOrEqual(Number(seconds) * 1_000_000);
    expect(third.token).toBeGreaterThan(first.token);
    expect(await redis.pttl(fence)).toBeGreaterThan(86_000_000);
    await third.release();
  });

  it('marks the owner while someone is queued, so the release hands off, and serves a prefix with spaces', async () => {
    const prefix = `with spaces ${randomUUID()}: `;
    const lock = locks(redis, prefix, 60_000);
    const owner = `${prefix}{k}:owner`;
    const first = await lock.lock('k');
    expect(await redis.get(owner)).not.toMatch(/\+$/);
    const next = lock.lock('k');
    await vi.waitFor(
      async () => {
        expect(await redis.get(owner)).toMatch(/\+$/);
      },
      { timeout: 5_000, interval: 10 },
    );
    const third = lock.lock('k');
    await vi.waitFor(
      async () => {
        expect(await redis.llen(`${prefix}{k}:queue`)).toBe(2);
      },
      { timeout: 5_000, interval: 10 },
    );
    expect(await first.release()).toBe(true);
    const second = await next;
    expect(second.token).toBeGreaterThan(first.token);
    expect(await redis.get(owner)).toMatch(/\+$/); // the third still waits
    expect(await second.extend()).toBe(true);
    expect(await second.release()).toBe(true);
    const last = await third;
    expect(await redis.get(owner)).not.toMatch(/\+$/); // nobody left in the line
    expect(await last.release()).toBe(true);
    expect(await redis.exists(owner)).toBe(0);
  });

  it('hands the lock to the waiting process in one hop: the grant itself, no further request', async () => {
    const prefix = `t:${randomUUID()}:`;
    // A polling interval far longer than the test, so only the hand-off can wake the waiter.
    const holder = locks(redis, prefix, 60_000);
    const { client, counts } = counting();
    const waiter = locks(client, prefix, 60_000);
    const messages: string[] = [];
    const listener = redis.duplicate();
    listener.on('message', (_channel: string, message: string) => messages.push(message));
    await listener.subscribe(`${prefix}wake`);

    const first = await holder.lock('k');
    const next = waiter.lock('k');
    // Queued, subscribed, and no attempt in flight: from here on, only the hand-off can give it the lock.
    await vi.waitFor(
      async () => {
        expect(counts.subscribed).toBe(true);
        expect(counts.pending).toBe(0);
        expect(await redis.llen(`${prefix}{k}:queue`)).toBe(1);
      },
      { timeout: 5_000, interval: 10 },
    );
    const before = counts.evalsha + counts.eval;
    expect(await first.release()).toBe(true);
    const lease = await next;

    expect(counts.evalsha + counts.eval).toBe(before);
    await vi.waitFor(
      () => {
        expect(messages).toHaveLength(1);
      },
      { interval: 10 },
    );
    const [id, token, ttl] = (messages[0] as string).split('|');
    expect(lease.token).toBe(Number(token));
    expect(lease.token).toBeGreaterThan(first.token);
    expect(id).toMatch(/^\d+:/);
    expect(Number(ttl)).toBeGreaterThan(0);
    expect(lease.remaining).toBeGreaterThan(0);
    expect(lease.remaining).toBeLessThanOrEqual(Number(ttl));
    expect(await redis.get(`${prefix}{k}:fence`)).toBe(token);
    expect(await lease.release()).toBe(true);
    await listener.quit();
  });

  it('voids a grant when its waiter leaves the line before using it', async () => {
    const single = new SingleServer(fromIoredis(redis));
    const slot = slotKeys(`t:${randomUUID()}:`, 'k', 'lock');
    const a = slotRequest(slot, 10_000, 1, 2_000, true);
    const b = slotRequest(slot, 10_000, 1, 2_000, true);
    expect((await single.acquire(a, 'wait')).acquired).toBe(true);
    expect((await single.acquire(b, 'wait')).acquired).toBe(false);
    expect(await single.backend(a).release()).toBe(true);
    expect(await redis.get(slot.keys[0])).toBe(b.id); // granted to b…
    expect(await redis.pttl(slot.keys[0])).toBeLessThanOrEqual(2_000); // …for min(ttl, waiter ttl)
    await single.leave(b);
    expect(await redis.exists(slot.keys[0])).toBe(0);
    const c = slotRequest(slot, 10_000, 1, 2_000, true);
    expect((await single.acquire(c, 'try')).acquired).toBe(true);
  });

  it('serves a newcomer after the line: a free slot goes to the head waiter first', async () => {
    const single = new SingleServer(fromIoredis(redis));
    const slot = slotKeys(`t:${randomUUID()}:`, 'k', 'lock');
    const a = slotRequest(slot, 10_000, 1, 2_000, true);
    const b = slotRequest(slot, 10_000, 1, 2_000, true);
    expect((await single.acquire(a, 'wait')).acquired).toBe(true);
    expect((await single.acquire(b, 'wait')).acquired).toBe(false);
    await redis.del(slot.keys[0]); // a's lease vanishes without a release (as if expired)
    const c = slotRequest(slot, 10_000, 1, 2_000, true);
    const reply = await single.acquire(c, 'try');
    expect(reply.acquired).toBe(false);
    expect(await redis.get(slot.keys[0])).toBe(b.id);
  });
});

describe('dating a granted lease', () => {
  const backend: LeaseBackend = {
    extend: () => Promise.resolve(true),
    release: () => Promise.resolve(true),
  };
  const req = slotRequest(slotKeys('t:', 'k', 'lock'), 30_000, 1, 2_500, false);

  it('dates the lease from the send time of the last failed attempt', () => {
    const sentAt = performance.now() - 100;
    const lease = granted(`${req.id}|500|2500`, { sentAt, mark: 499 }, req, false, backend);
    expect(lease?.token).toBe(500);
    // valid until sentAt + 2500 - drift (27 ms): at most 2373 ms from now
    expect(lease?.remaining).toBeLessThanOrEqual(2_373);
    expect(lease?.remaining).toBeGreaterThan(2_000);
    void lease?.release();
  });

  it('ignores a grant the last attempt already saw (token at or below its watermark): it lapsed', () => {
    const sentAt = performance.now();
    expect(granted(`${req.id}|500|2500`, { sentAt, mark: 500 }, req, false, backend)).toBeUndefined();
    expect(granted(`${req.id}|500|2500`, { sentAt, mark: 900 }, req, false, backend)).toBeUndefined();
  });

  it('extends a short granted lease after a third of it, to the full ttl', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      let extensions = 0;
      const counted: LeaseBackend = {
        extend: () => {
          extensions++;
          return Promise.resolve(true);
        },
        release: () => Promise.resolve(true),
      };
      const extending = slotRequest(slotKeys('t:', 'k', 'lock'), 30_000, 1, 2_500, true);
      const lease = granted(
        `${extending.id}|7|2500`,
        { sentAt: performance.now(), mark: 1 },
        extending,
        true,
        counted,
      );
      expect(lease?.remaining).toBe(2_473); // 2500 - drift
      await vi.advanceTimersByTimeAsync(800);
      expect(extensions).toBe(0);
      await vi.advanceTimersByTimeAsync(30);
      expect(extensions).toBe(1);
      expect(lease?.remaining).toBeGreaterThan(29_000);
      await lease?.release();
    } finally {
      vi.useRealTimers();
    }
  });

  it('arms one timer per lease: the next extension, then the expiry while an extension runs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      let extended: ((held: boolean) => void) | undefined;
      const slow: LeaseBackend = {
        extend: () =>
          new Promise<boolean>((resolve) => {
            extended = resolve;
          }),
        release: () => Promise.resolve(true),
      };
      const lease = new RedisLease({
        key: 'k',
        token: 1,
        ttl: 3_000,
        startedAt: performance.now(),
        autoExtend: true,
        backend: slow,
      });
      expect(vi.getTimerCount()).toBe(1);
      await vi.advanceTimersByTimeAsync(1_000); // a third of 3000 - drift (32 ms)
      expect(extended).toBeDefined(); // the extension runs…
      expect(vi.getTimerCount()).toBe(1); // …and the one timer now watches the expiry
      extended?.(true);
      await vi.advanceTimersByTimeAsync(0);
      expect(vi.getTimerCount()).toBe(1);
      expect(lease.remaining).toBeGreaterThan(2_900);
      extended = undefined;
      await vi.advanceTimersByTimeAsync(1_000); // the next extension hangs: the lease is lost at its expiry
      expect(extended).toBeDefined();
      expect(lease.lost).toBe(false);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(lease.lost).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      expect(await lease.release()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores a grant that leaves too little time, and plain wake-ups', () => {
    const stale = performance.now() - 2_460;
    expect(granted(`${req.id}|500|2500`, { sentAt: stale, mark: 1 }, req, false, backend)).toBeUndefined();
    expect(granted(req.id, { sentAt: performance.now(), mark: 1 }, req, false, backend)).toBeUndefined();
  });
});
