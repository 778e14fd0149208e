import { afterEach, describe, expect, it, vi } from 'vitest';
import { Mutex, TimeoutError } from '../src/index.js';
import { flush } from '../../../test/support/async.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Mutex', () => {
  it('reports locked and waiting', async () => {
    const mutex = new Mutex();
    expect(mutex.locked).toBe(false);
    const lock = await mutex.lock();
    expect(mutex.locked).toBe(true);
    const next = mutex.lock();
    expect(mutex.waiting).toBe(1);
    lock.release();
    expect(mutex.waiting).toBe(0);
    expect(mutex.locked).toBe(true);
    (await next).release();
    expect(mutex.locked).toBe(false);
  });

  it('tryLock fails fast while locked and cannot barge in when an unlock meets it in the same tick', async () => {
    const mutex = new Mutex();
    const lock = mutex.tryLock();
    expect(lock).toBeDefined();
    expect(mutex.tryLock()).toBeUndefined();
    const waiter = mutex.lock();
    lock?.release();
    expect(mutex.tryLock()).toBeUndefined();
    (await waiter).release();
    expect(mutex.tryLock()).toBeDefined();
  });

  it('serializes a read-await-write critical section (check-then-act)', async () => {
    const mutex = new Mutex();
    let balance = 100;
    const withdraw = (amount: number): Promise<boolean> =>
      mutex.run(async () => {
        const current = balance;
        await flush();
        if (current < amount) return false;
        balance = current - amount;
        return true;
      });
    const results = await Promise.all([withdraw(80), withdraw(80), withdraw(30)]);
    expect(results).toEqual([true, false, false]);
    expect(balance).toBe(20);
  });

  it('run() passes a signal, times out while waiting, and keeps the lock until the task settles', async () => {
    vi.useFakeTimers();
    const mutex = new Mutex();
    let finish: () => void = () => undefined;
    let seen: AbortSignal | undefined;
    const first = mutex.run(
      (signal) => {
        seen = signal;
        return new Promise<void>((resolve) => (finish = resolve));
      },
      { timeout: 100 },
    );
    const firstOutcome = first.catch((error: unknown) => error);
    const second = mutex.run(() => 'second', { timeout: 50 }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(50);
    expect(await second).toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(50);
    expect(await firstOutcome).toMatchObject({ name: 'TimeoutError', operation: 'Mutex.run' });
    expect(seen?.aborted).toBe(true);
    expect(mutex.locked).toBe(true);
    finish();
    await flush();
    expect(mutex.locked).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('validates its options', () => {
    const mutex = new Mutex();
    expect(() => mutex.lock({ timeout: Number.NaN })).toThrow(
      'Expected `timeout` to be a finite number >= 0, got `NaN` (number)',
    );
    expect(() => mutex.run('nope' as unknown as () => void)).toThrow(
      'Expected `fn` to be a function, got `"nope"` (string)',
    );
  });
});
