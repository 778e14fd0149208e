import { afterEach, describe, expect, it, vi } from 'vitest';
import { Semaphore, TimeoutError, type Permit } from '../src/index.js';
import { flush, track } from '../../../test/support/async.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Semaphore: validation', () => {
  it('rejects bad permits with a TypeError naming the option and the value', () => {
    expect(() => new Semaphore(0)).toThrow(
      new TypeError('Expected `permits` to be an integer >= 1, got `0` (number)'),
    );
    expect(() => new Semaphore(1.5)).toThrow(TypeError);
    expect(() => new Semaphore('2' as unknown as number)).toThrow('got `"2"` (string)');
  });

  it('rejects a weight above permits with a clear TypeError, synchronously', () => {
    const semaphore = new Semaphore(2);
    expect(() => semaphore.acquire({ weight: 3 })).toThrow(
      "Expected `weight` to be an integer between 1 and the semaphore's permits (2), got `3` (number)",
    );
    expect(() => semaphore.tryAcquire({ weight: 0 })).toThrow('Expected `weight` to be an integer >= 1');
    expect(() => semaphore.acquire({ timeout: -1 })).toThrow('Expected `timeout` to be a finite number >= 0');
    expect(() => semaphore.acquire({ signal: {} as AbortSignal })).toThrow(
      'Expected `signal` to be an AbortSignal',
    );
    expect(semaphore.available).toBe(2);
  });
});

describe('Semaphore: permits', () => {
  it('grants up to `permits` at once, then queues', async () => {
    const semaphore = new Semaphore(2);
    const a = await semaphore.acquire();
    const b = await semaphore.acquire();
    expect(semaphore.available).toBe(0);
    const c = track(semaphore.acquire());
    await flush();
    expect(c.state).toBe('pending');
    expect(semaphore.waiting).toBe(1);
    a.release();
    await flush();
    expect(c.state).toBe('fulfilled');
    expect(semaphore.available).toBe(0);
    b.release();
    c.value?.release();
    expect(semaphore.available).toBe(2);
  });

  it('release is idempotent and `released` reports it', async () => {
    const semaphore = new Semaphore(1);
    const permit = await semaphore.acquire();
    expect(permit.released).toBe(false);
    permit.release();
    permit.release();
    expect(permit.released).toBe(true);
    expect(semaphore.available).toBe(1);
    const next = await semaphore.acquire();
    permit.release();
    expect(semaphore.available).toBe(0);
    next.release();
  });

  it('works with `using` (Symbol.dispose)', async () => {
    const semaphore = new Semaphore(1);
    {
      using permit = await semaphore.acquire();
      expect(permit.weight).toBe(1);
      expect(semaphore.available).toBe(0);
    }
    expect(semaphore.available).toBe(1);
  });

  it('never lets permits + 1 run when a release and a tryAcquire meet in the same tick', async () => {
    const semaphore = new Semaphore(1);
    const holder = await semaphore.acquire();
    const waiter = track(semaphore.acquire());
    holder.release();
    // The permit went straight to the waiter: a newcomer in the same tick gets nothing.
    expect(semaphore.tryAcquire()).toBeUndefined();
    expect(semaphore.available).toBe(0);
    await flush();
    expect(waiter.state).toBe('fulfilled');
  });

  it('never lets permits + 1 run when a release and a new acquire meet in the same tick', async () => {
    const semaphore = new Semaphore(1);
    const holder = await semaphore.acquire();
    const order: string[] = [];
    const first = semaphore.acquire().then((permit) => {
      order.push('first');
      return permit;
    });
    holder.release();
    const second = track(
      semaphore.acquire().then((permit) => {
        order.push('second');
        return permit;
      }),
    );
    await flush();
    expect(order).toEqual(['first']);
    expect(second.state).toBe('pending');
    (await first).release();
    await flush();
    expect(order).toEqual(['first', 'second']);
    second.value?.release();
  });

  it('tryAcquire does not overtake queued waiters even when permits are free enough for it', async () => {
    const semaphore = new Semaphore(3);
    const held = await semaphore.acquire({ weight: 2 });
    const heavy = track(semaphore.acquire({ weight: 3 }));
    expect(semaphore.available).toBe(1);
    expect(semaphore.tryAcquire()).toBeUndefined();
    held.release();
    await flush();
    expect(heavy.state).toBe('fulfilled');
    expect(heavy.value?.weight).toBe(3);
    heavy.value?.release();
    expect(semaphore.available).toBe(3);
  });

  it('a heavy waiter at the head is not overtaken by lighter ones (strict FIFO)', async () => {
    const semaphore = new Semaphore(4);
    const held = await semaphore.acquire({ weight: 3 });
    const order: string[] = [];
    const heavy = semaphore.acquire({ weight: 4 }).then((permit) => {
      order.push('heavy');
      return permit;
    });
    const light = semaphore.acquire({ weight: 1 }).then((permit) => {
      order.push('light');
      return permit;
    });
    await flush();
    expect(order).toEqual([]);
    expect(semaphore.available).toBe(1);
    held.release();
    (await heavy).release();
    (await light).release();
    expect(order).toEqual(['heavy', 'light']);
  });

  it('grants several light waiters at once when a heavy holder leaves', async () => {
    const semaphore = new Semaphore(3);
    const held = await semaphore.acquire({ weight: 3 });
    const waiters = [track(semaphore.acquire()), track(semaphore.acquire()), track(semaphore.acquire())];
    held.release();
    await flush();
    expect(waiters.map((waiter) => waiter.state)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(semaphore.available).toBe(0);
  });
});

describe('Semaphore: abort and timeout', () => {
  it('an already-aborted signal rejects at once with its reason, even with permits free', async () => {
    const semaphore = new Semaphore(1);
    const reason = new Error('gone');
    await expect(semaphore.acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(semaphore.available).toBe(1);
  });

  it('aborting removes the waiter at once and rejects with the reason', async () => {
    const semaphore = new Semaphore(1);
    const holder = await semaphore.acquire();
    const controller = new AbortController();
    const waiter = track(semaphore.acquire({ signal: controller.signal }));
    expect(semaphore.waiting).toBe(1);
    controller.abort(new Error('stop'));
    expect(semaphore.waiting).toBe(0);
    await flush();
    expect(waiter.error).toEqual(new Error('stop'));
    holder.release();
    expect(semaphore.available).toBe(1);
  });

  it('aborting a heavy head lets the lighter waiters behind it through', async () => {
    const semaphore = new Semaphore(2);
    const held = await semaphore.acquire();
    const controller = new AbortController();
    const heavy = track(semaphore.acquire({ weight: 2, signal: controller.signal }));
    const light = track(semaphore.acquire());
    await flush();
    expect(light.state).toBe('pending');
    controller.abort();
    await flush();
    expect(heavy.state).toBe('rejected');
    expect((heavy.error as Error).name).toBe('AbortError');
    expect(light.state).toBe('fulfilled');
    held.release();
    light.value?.release();
    expect(semaphore.available).toBe(2);
  });

  it('times out with a TimeoutError and clears its timer on every path', async () => {
    vi.useFakeTimers();
    const semaphore = new Semaphore(1);
    const holder = await semaphore.acquire();
    const late = track(semaphore.acquire({ timeout: 100 }));
    const served = track(semaphore.acquire({ timeout: 1_000 }));
    expect(vi.getTimerCount()).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(late.state).toBe('rejected');
    expect(late.error).toBeInstanceOf(TimeoutError);
    expect(late.error).toMatchObject({ ms: 100, operation: 'Semaphore.acquire' });
    expect(semaphore.waiting).toBe(1);
    holder.release();
    await flush();
    expect(served.state).toBe('fulfilled');
    expect(vi.getTimerCount()).toBe(0);
    served.value?.release();
  });

  it('a granted waiter leaves no abort listener behind', async () => {
    const semaphore = new Semaphore(1);
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const holder = await semaphore.acquire();
    const waiter = semaphore.acquire({ signal: controller.signal });
    holder.release();
    (await waiter).release();
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls[0]?.[1]).toBe(add.mock.calls[0]?.[1]);
  });
});

describe('Semaphore.run', () => {
  it('runs, returns the value and releases', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => 42)).resolves.toBe(42);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(
      semaphore.run(() => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    expect(semaphore.available).toBe(1);
  });

  it('keeps the slot until the task settles, even after its timeout fired', async () => {
    vi.useFakeTimers();
    const semaphore = new Semaphore(1);
    let finish: () => void = () => undefined;
    let taskSignal: AbortSignal | undefined;
    const outcome = track(
      semaphore.run(
        (signal) => {
          taskSignal = signal;
          return new Promise<void>((resolve) => (finish = resolve));
        },
        { timeout: 50 },
      ),
    );
    await vi.advanceTimersByTimeAsync(50);
    expect(outcome.error).toBeInstanceOf(TimeoutError);
    expect(taskSignal?.aborted).toBe(true);
    expect(semaphore.available).toBe(0);
    expect(semaphore.tryAcquire()).toBeUndefined();
    finish();
    await flush();
    expect(semaphore.available).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('answers the caller on abort while running, and frees the slot only when the task stops', async () => {
    const semaphore = new Semaphore(1);
    const controller = new AbortController();
    let finish: (value: string) => void = () => undefined;
    const outcome = track(
      semaphore.run(
        (signal) => {
          signal.addEventListener('abort', () => {
            finish('late');
          });
          return new Promise<string>((resolve) => (finish = resolve));
        },
        { signal: controller.signal },
      ),
    );
    await flush();
    expect(semaphore.available).toBe(0);
    controller.abort(new Error('caller left'));
    await flush();
    expect(outcome.error).toEqual(new Error('caller left'));
    expect(semaphore.available).toBe(1);
  });

  it('a waiting run() that times out never runs', async () => {
    vi.useFakeTimers();
    const semaphore = new Semaphore(1);
    const holder: Permit = await semaphore.acquire();
    const fn = vi.fn(() => 1);
    const outcome = track(semaphore.run(fn, { timeout: 10 }));
    await vi.advanceTimersByTimeAsync(10);
    expect(outcome.error).toBeInstanceOf(TimeoutError);
    holder.release();
    await flush();
    expect(fn).not.toHaveBeenCalled();
    expect(semaphore.available).toBe(1);
  });
});
