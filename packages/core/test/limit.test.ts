import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, limit, TimeoutError } from '../src/index.js';
import { deferred, flush } from '../../../test/support/async.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('limit', () => {
  it('validates its arguments', () => {
    expect(() => limit(0)).toThrow(
      new TypeError('Expected `concurrency` to be an integer >= 1 or Infinity, got `0` (number)'),
    );
    expect(() => limit(Number.NaN)).toThrow(TypeError);
    expect(() => limit(2, { preserveContext: 'yes' as unknown as boolean })).toThrow(
      'Expected `preserveContext` to be a boolean, got `"yes"` (string)',
    );
    const limiter = limit(1);
    expect(() => limiter(42 as unknown as () => void)).toThrow(
      'Expected `fn` to be a function, got `42` (number)',
    );
    expect(() => {
      limiter.concurrency = -1;
    }).toThrow('Expected `concurrency` to be an integer >= 1 or Infinity, got `-1` (number)');
  });

  it('runs at most `concurrency` tasks, in FIFO order, and passes arguments', async () => {
    const limiter = limit(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = async (id: number, extra: string): Promise<string> => {
      started.push(id);
      running++;
      peak = Math.max(peak, running);
      await flush();
      running--;
      return `${id}${extra}`;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((id) => limiter(task, id, '!')));
    expect(results).toEqual(['1!', '2!', '3!', '4!', '5!']);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('starts a task synchronously when a slot is free', () => {
    const limiter = limit(1);
    const fn = vi.fn(() => new Promise<void>(() => undefined));
    void limiter(fn);
    expect(fn).toHaveBeenCalledTimes(1);
    void limiter(fn);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(limiter.active).toBe(1);
    expect(limiter.pending).toBe(1);
  });

  it('handles sync values, sync throws and rejections, and frees the slot each time', async () => {
    const limiter = limit(1);
    await expect(limiter(() => 7)).resolves.toBe(7);
    await expect(
      limiter(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await expect(limiter(() => Promise.reject(new Error('async')))).rejects.toThrow('async');
    const thenable: PromiseLike<number> = {
      then: (onFulfilled) => {
        onFulfilled?.(3);
        return thenable as never;
      },
    };
    await expect(limiter(() => thenable)).resolves.toBe(3);
    expect(limiter.active).toBe(0);
    // queued variants of the same
    const gate = deferred();
    const first = limiter(() => gate.promise);
    const queued = [
      limiter(() => 1),
      limiter(() => {
        throw new Error('queued sync');
      }),
      limiter(() => Promise.reject(new Error('queued async'))),
    ];
    gate.resolve();
    await first;
    const outcomes = await Promise.allSettled(queued);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(limiter.active).toBe(0);
    expect(limiter.pending).toBe(0);
  });

  it('has already freed the slot when the caller sees the result', async () => {
    const limiter = limit(1);
    await limiter(async () => {
      await flush();
    });
    expect(limiter.active).toBe(0);
  });

  it('clear() rejects every waiting task with an AbortError, so every promise settles', async () => {
    const limiter = limit(1);
    const gate = deferred<string>();
    const running = limiter(() => gate.promise);
    const waiting = [limiter(() => 'a'), limiter(() => 'b')];
    expect(limiter.pending).toBe(2);
    limiter.clear();
    expect(limiter.pending).toBe(0);
    const outcomes = await Promise.allSettled(waiting);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(AbortError);
    }
    // each rejection has its own error object (and so its own stack)
    expect((outcomes[0] as PromiseRejectedResult).reason).not.toBe(
      (outcomes[1] as PromiseRejectedResult).reason,
    );
    gate.resolve('done');
    await expect(running).resolves.toBe('done');
    const custom = new Error('shutting down');
    const gate2 = deferred();
    void limiter(() => gate2.promise);
    const late = limiter(() => 1);
    limiter.clear(custom);
    await expect(late).rejects.toBe(custom);
    gate2.resolve();
  });

  it('onIdle() resolves once nothing runs or waits, and at once when already idle', async () => {
    const limiter = limit(2);
    await limiter.onIdle();
    const gates = [deferred(), deferred(), deferred()];
    for (const gate of gates) void limiter(() => gate.promise);
    let idle = false;
    const idlePromise = limiter.onIdle().then(() => {
      idle = true;
    });
    gates[0]?.resolve();
    gates[1]?.resolve();
    await flush();
    expect(idle).toBe(false);
    gates[2]?.resolve();
    await idlePromise;
    expect(idle).toBe(true);
  });

  it('onIdle() resolves when clear() empties the queue of a limiter with nothing running', async () => {
    const limiter = limit(1);
    const gate = deferred();
    void limiter(() => gate.promise);
    const waiting = limiter(() => 1).catch(() => 'cleared');
    const idle = limiter.onIdle();
    limiter.clear();
    gate.resolve();
    await idle;
    expect(await waiting).toBe('cleared');
  });

  it('raising concurrency starts waiting tasks at once; lowering lets running ones finish', async () => {
    const limiter = limit(1);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const all = gates.map((gate, id) =>
      limiter(() => {
        started.push(id);
        return gate.promise;
      }),
    );
    expect(started).toEqual([0]);
    limiter.concurrency = 3;
    expect(started).toEqual([0, 1, 2]);
    expect(limiter.active).toBe(3);
    limiter.concurrency = 1;
    gates[0]?.resolve();
    gates[1]?.resolve();
    await flush();
    expect(started).toEqual([0, 1, 2]);
    gates[2]?.resolve();
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[3]?.resolve();
    await Promise.all(all);
    expect(limiter.concurrency).toBe(1);
  });

  it('a task may queue more tasks on the same limiter without deadlock', async () => {
    const limiter = limit(2);
    const inner = (n: number): Promise<number> => limiter(() => n * 2);
    const outer = await Promise.all([1, 2, 3].map((n) => limiter(() => n)));
    const nested = await Promise.all(outer.map((n) => inner(n)));
    expect(nested).toEqual([2, 4, 6]);
  });
});

describe('limit().run: per-task signal and timeout', () => {
  it('removes a waiting task at once on abort and rejects with the reason', async () => {
    const limiter = limit(1);
    const gate = deferred();
    void limiter(() => gate.promise);
    const controller = new AbortController();
    const fn = vi.fn(() => 1);
    const outcome = limiter.run(fn, { signal: controller.signal }).catch((error: unknown) => error);
    expect(limiter.pending).toBe(1);
    controller.abort(new Error('left'));
    expect(limiter.pending).toBe(0);
    expect(await outcome).toEqual(new Error('left'));
    gate.resolve();
    await limiter.onIdle();
    expect(fn).not.toHaveBeenCalled();
  });

  it('an already-aborted signal rejects at once', async () => {
    const limiter = limit(1);
    const reason = new Error('already');
    await expect(limiter.run(() => 1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(limiter.active).toBe(0);
  });

  it('times out while waiting, and keeps the slot of a running task past its deadline until it settles', async () => {
    vi.useFakeTimers();
    const limiter = limit(1);
    const gate = deferred();
    let taskSignal: AbortSignal | undefined;
    const running = limiter
      .run(
        (signal) => {
          taskSignal = signal;
          return gate.promise;
        },
        { timeout: 100 },
      )
      .catch((error: unknown) => error);
    const waiting = limiter.run(() => 'never', { timeout: 50 }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(50);
    expect(await waiting).toBeInstanceOf(TimeoutError);
    expect(limiter.pending).toBe(0);
    await vi.advanceTimersByTimeAsync(50);
    expect(await running).toMatchObject({ name: 'TimeoutError', operation: 'limit.run', ms: 100 });
    expect(taskSignal?.aborted).toBe(true);
    expect(limiter.active).toBe(1);
    const next = limiter(() => 'next');
    expect(limiter.pending).toBe(1);
    gate.resolve();
    await expect(next).resolves.toBe('next');
    expect(limiter.active).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs queued run() tasks with their signal and resolves with their value', async () => {
    const limiter = limit(1);
    const gate = deferred();
    void limiter(() => gate.promise);
    const controller = new AbortController();
    const result = limiter.run((signal) => (signal.aborted ? 'aborted' : 'ok'), {
      signal: controller.signal,
    });
    gate.resolve();
    await expect(result).resolves.toBe('ok');
  });

  it('clear() also removes waiting run() tasks and detaches their listeners', async () => {
    const limiter = limit(1);
    const gate = deferred();
    void limiter(() => gate.promise);
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const waiting = limiter.run(() => 1, { signal: controller.signal, timeout: 60_000 });
    limiter.clear();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(remove).toHaveBeenCalled();
    gate.resolve();
  });
});
