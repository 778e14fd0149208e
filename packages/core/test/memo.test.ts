import { describe, expect, it, vi } from 'vitest';
import { memoAsync } from '../src/memo.js';
import { deferred, flush, track } from '../../../test/support/async.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let time = 0;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

describe('memoAsync', () => {
  it('caches the value and returns it synchronously from get()', async () => {
    const fetchRate = vi.fn(async (currency: string) => (currency === 'EUR' ? 1.1 : 1));
    const rate = memoAsync(fetchRate);
    expect(rate.peek('EUR')).toBeUndefined();
    expect(rate.get('EUR')).toBeInstanceOf(Promise);
    await rate('EUR');
    expect(rate.get('EUR')).toBe(1.1); // a number, not a promise
    expect(rate.peek('EUR')).toBe(1.1);
    expect(rate.has('EUR')).toBe(true);
    await expect(rate('EUR')).resolves.toBe(1.1);
    expect(fetchRate).toHaveBeenCalledTimes(1);
  });

  it('shares one call between concurrent callers', async () => {
    const pending = deferred<number>();
    const fn = vi.fn(() => pending.promise);
    const memo = memoAsync(fn);
    const a = track(memo());
    const b = track(memo());
    expect(memo.has()).toBe(false); // in flight does not count as cached
    pending.resolve(3);
    await flush();
    expect([a.value, b.value]).toEqual([3, 3]);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not cache rejections', async () => {
    let calls = 0;
    const memo = memoAsync(async () => {
      calls++;
      if (calls === 1) throw new Error('503');
      return 'ok';
    });
    await expect(memo()).rejects.toThrow('503');
    expect(memo.size).toBe(0);
    await expect(memo()).resolves.toBe('ok');
  });

  it('expires values ttl ms after they resolved', async () => {
    const time = clock();
    const fn = vi.fn(async () => 'v');
    const memo = memoAsync(fn, { ttl: 1_000, now: time.now });
    await memo();
    time.advance(999);
    expect(memo.get()).toBe('v');
    time.advance(1);
    expect(memo.peek()).toBeUndefined();
    expect(memo.get()).toBeInstanceOf(Promise);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('evicts the least recently used entry beyond max', async () => {
    const fn = vi.fn(async (key: string) => key.toUpperCase());
    const memo = memoAsync(fn, { max: 2 });
    await memo('a');
    await memo('b');
    memo.get('a'); // a is now the most recently used
    await memo('c'); // evicts b
    expect(memo.size).toBe(2);
    expect(memo.has('a')).toBe(true);
    expect(memo.has('b')).toBe(false);
    expect(memo.has('c')).toBe(true);
  });

  it('an evicted call in flight still resolves for its callers but is not stored', async () => {
    const slow = deferred<string>();
    const memo = memoAsync((key: string) => (key === 'slow' ? slow.promise : Promise.resolve(key)), {
      max: 1,
    });
    const waiting = track(memo('slow'));
    await memo('fast'); // evicts the pending 'slow'
    slow.resolve('late');
    await flush();
    expect(waiting.value).toBe('late');
    expect(memo.has('slow')).toBe(false);
    expect(memo.size).toBe(1);
  });

  it('delete() and clear() drop entries; a call in flight is not stored after clear()', async () => {
    const pending = deferred<number>();
    const memo = memoAsync((n: number) => (n === 0 ? pending.promise : Promise.resolve(n)));
    await memo(1);
    expect(memo.delete(1)).toBe(true);
    expect(memo.delete(1)).toBe(false);
    const inFlight = memo(0);
    memo.clear();
    pending.resolve(0);
    await inFlight;
    expect(memo.size).toBe(0);
  });

  it('uses the key option for several arguments', async () => {
    const fn = vi.fn(async (a: number, b: number) => a + b);
    const add = memoAsync(fn, { key: (a, b) => `${a},${b}` });
    await add(1, 2);
    expect(add.get(1, 2)).toBe(3);
    expect(add.peek(2, 1)).toBeUndefined();
  });

  it('validates options', () => {
    expect(() => memoAsync(async () => 1, { max: 0 })).toThrow(
      'Expected `max` to be an integer >= 1 or Infinity, got `0` (number)',
    );
    expect(() => memoAsync(async () => 1, { ttl: -1 })).toThrow(
      /Expected `ttl` to be a number of milliseconds/,
    );
  });
});
