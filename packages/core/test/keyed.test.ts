import { describe, expect, it } from 'vitest';
import { KeyedMutex, KeyedSemaphore, type Permit } from '../src/index.js';
import { flush, track } from '../../../test/support/async.js';

describe('KeyedMutex', () => {
  it('serializes the same key and runs different keys in parallel', async () => {
    const keyed = new KeyedMutex<string>();
    const log: string[] = [];
    const job = (key: string, name: string): Promise<void> =>
      keyed.run(key, async () => {
        log.push(`start ${name}`);
        await flush();
        log.push(`end ${name}`);
      });
    await Promise.all([job('a', 'a1'), job('a', 'a2'), job('b', 'b1')]);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(keyed.size).toBe(0);
  });

  it('refuses a double submission with tryLock and frees the key afterwards', async () => {
    const keyed = new KeyedMutex<string>();
    const created: string[] = [];
    const submit = async (orderId: string): Promise<number> => {
      const lock = keyed.tryLock(orderId);
      if (lock === undefined) return 409;
      using _ = lock;
      if (created.includes(orderId)) return 200;
      await flush();
      created.push(orderId);
      return 201;
    };
    const statuses = await Promise.all([submit('o-1'), submit('o-1'), submit('o-2')]);
    expect(statuses).toEqual([201, 409, 201]);
    expect(created).toEqual(['o-1', 'o-2']);
    expect(keyed.size).toBe(0);
    expect(await submit('o-1')).toBe(200);
  });

  it('forgets a key after aborted and timed-out waiters leave', async () => {
    const keyed = new KeyedMutex<number>();
    const lock = await keyed.lock(1);
    const controller = new AbortController();
    const aborted = keyed.lock(1, { signal: controller.signal }).catch((error: unknown) => error);
    const timedOut = keyed.lock(1, { timeout: 1 }).catch((error: unknown) => error);
    expect(keyed.waiting(1)).toBe(2);
    controller.abort();
    expect(await aborted).toMatchObject({ name: 'AbortError' });
    expect(await timedOut).toMatchObject({ name: 'TimeoutError' });
    expect(keyed.isLocked(1)).toBe(true);
    lock.release();
    lock.release();
    expect(keyed.size).toBe(0);
    expect(keyed.isLocked(1)).toBe(false);
  });

  it('an already-aborted signal rejects without creating any key state', async () => {
    const keyed = new KeyedMutex<string>();
    const reason = new Error('no');
    await expect(keyed.lock('k', { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(keyed.size).toBe(0);
  });

  it('a stale permit of a forgotten key does not touch the key state created after it', async () => {
    const keyed = new KeyedMutex<string>();
    const first = await keyed.lock('k');
    first.release();
    const second = await keyed.lock('k');
    first.release();
    expect(keyed.isLocked('k')).toBe(true);
    expect(keyed.tryLock('k')).toBeUndefined();
    second.release();
    expect(keyed.size).toBe(0);
  });
});

describe('KeyedSemaphore', () => {
  it('allows `permits` holders per key, FIFO per key', async () => {
    const keyed = new KeyedSemaphore<string>(2);
    const a1 = await keyed.lock('host');
    const a2 = await keyed.lock('host');
    expect(keyed.isLocked('host')).toBe(true);
    expect(keyed.tryLock('host')).toBeUndefined();
    const other = keyed.tryLock('other');
    expect(other).toBeDefined();
    const order: number[] = [];
    const w1 = keyed.lock('host').then((permit) => {
      order.push(1);
      return permit;
    });
    const w2 = keyed.lock('host').then((permit) => {
      order.push(2);
      return permit;
    });
    a1.release();
    a2.release();
    for (const permit of await Promise.all([w1, w2])) permit.release();
    other?.release();
    expect(order).toEqual([1, 2]);
    expect(keyed.size).toBe(0);
    expect(keyed.permits).toBe(2);
  });

  it('a cancellable waiter granted right behind the last plain waiter of a key, while its turn reaches the turnstile, resumes', async () => {
    // The Semaphore's lost delivery (seed 705032445) through a key: the waiter with a signal was never resumed nor
    // rejected, and the key was never forgotten.
    const keyed = new KeyedSemaphore<string>(3);
    const holders = [keyed.tryLock('host'), keyed.tryLock('host'), keyed.tryLock('host')] as Permit[];
    const order: string[] = [];
    const first = keyed.lock('host').then((permit) => {
      order.push('first');
      return permit;
    });
    const second = keyed.lock('host').then((permit) => {
      order.push('second');
      return permit;
    });
    (holders[0] as Permit).release();
    // The first waiter is granted; the second one's turn runs, ungranted, and reaches for the turnstile.
    await Promise.resolve();
    const last = track(
      keyed.lock('host', { signal: new AbortController().signal }).then((permit) => {
        order.push('last');
        return permit;
      }),
    );
    (holders[1] as Permit).release();
    (holders[2] as Permit).release();
    await flush();
    expect(last.state).toBe('fulfilled');
    expect(order).toEqual(['first', 'second', 'last']);
    for (const permit of [await first, await second, last.value as Permit]) permit.release();
    expect(keyed.size).toBe(0);
  });

  it('validates permits', () => {
    expect(() => new KeyedSemaphore(0)).toThrow('Expected `permits` to be an integer >= 1, got `0` (number)');
  });
});
