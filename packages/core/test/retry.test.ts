import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isRetryError, RetryError } from '../src/errors.js';
import { retry } from '../src/retry.js';
import { abortListeners, flush, track } from '../../../test/support/async.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function failing(
  times: number,
  value = 'ok',
): ReturnType<typeof vi.fn<(signal: AbortSignal, attempt: number) => Promise<string>>> {
  return vi.fn(async (_signal: AbortSignal, attempt: number) => {
    if (attempt <= times) throw new Error(`attempt ${attempt} failed`);
    return value;
  });
}

describe('retry', () => {
  it('returns the first success without waiting', async () => {
    const fn = failing(0);
    await expect(retry(fn)).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('waits with exponential back-off, capped at max', async () => {
    const fn = failing(4);
    const delays: number[] = [];
    const result = track(
      retry(fn, {
        retries: 4,
        jitter: 'none',
        backoff: { initial: 100, factor: 3, max: 1_000 },
        onRetry: (_error, _attempt, delay) => {
          delays.push(delay);
        },
      }),
    );
    await flush();
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(fn).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(300 + 900 + 1_000);
    expect(delays).toEqual([100, 300, 900, 1_000]);
    expect(result).toMatchObject({ state: 'fulfilled', value: 'ok' });
  });

  it("rejects with a RetryError carrying every attempt's error in order", async () => {
    const fn = failing(10);
    const result = track(retry(fn, { retries: 2, jitter: 'none', backoff: () => 10 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(result.error).toBeInstanceOf(RetryError);
    const error = result.error as RetryError;
    expect(isRetryError(error)).toBe(true);
    expect(error.attempts).toBe(3);
    expect(error.errors.map((e: Error) => e.message)).toEqual([
      'attempt 1 failed',
      'attempt 2 failed',
      'attempt 3 failed',
    ]);
    expect(error.cause).toBe(error.errors[2]);
    expect(error.message).toMatch(
      /Gave up after 3 attempts \(all 2 retries were used\)\. Last error: Error: attempt 3 failed/,
    );
  });

  it('stops when shouldRetry says no', async () => {
    const fn = failing(10);
    const shouldRetry = vi.fn(async (_error: unknown, attempt: number) => attempt < 2);
    const result = track(retry(fn, { retries: 5, jitter: 'none', backoff: () => 1, shouldRetry }));
    await vi.advanceTimersByTimeAsync(10);
    expect(fn).toHaveBeenCalledTimes(2);
    expect((result.error as RetryError).message).toMatch(/shouldRetry returned false/);
  });

  it('stops the wait between attempts at once on abort and removes its listener', async () => {
    const controller = new AbortController();
    const fn = failing(10);
    const result = track(retry(fn, { signal: controller.signal, jitter: 'none', backoff: () => 60_000 }));
    await flush();
    expect(fn).toHaveBeenCalledTimes(1);
    controller.abort(new Error('shutdown'));
    await flush();
    expect((result.error as Error).message).toBe('shutdown');
    expect(vi.getTimerCount()).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('rejects at once when aborted during an attempt that ignores its signal, and handles its late failure', async () => {
    const controller = new AbortController();
    let failLate: ((error: Error) => void) | undefined;
    const result = track(
      retry(
        () =>
          new Promise<string>((_, reject) => {
            failLate = reject;
          }),
        { signal: controller.signal },
      ),
    );
    await flush();
    controller.abort(new Error('cancel'));
    await flush();
    expect((result.error as Error).message).toBe('cancel');
    failLate?.(new Error('late'));
    await flush();
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('forwards the caller signal to each attempt', async () => {
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    await retry(
      async (signal) => {
        seen.push(signal);
        return 1;
      },
      { signal: controller.signal },
    );
    expect(seen[0]).toBe(controller.signal);
  });

  it('rejects an already-aborted signal without calling fn', async () => {
    const fn = failing(0);
    await expect(retry(fn, { signal: AbortSignal.abort(new Error('early')) })).rejects.toThrow('early');
    expect(fn).not.toHaveBeenCalled();
  });

  it('applies full and equal jitter from the random source', async () => {
    const delays: number[] = [];
    const onRetry = (_e: unknown, _a: number, delay: number): void => {
      delays.push(delay);
    };
    const full = track(
      retry(failing(1), { jitter: 'full', random: () => 0.25, backoff: { initial: 400 }, onRetry }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    const equal = track(
      retry(failing(1), { jitter: 'equal', random: () => 0.5, backoff: { initial: 400 }, onRetry }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(delays).toEqual([100, 300]);
    expect(full.state).toBe('fulfilled');
    expect(equal.state).toBe('fulfilled');
  });

  it('rejects with the onRetry error when onRetry throws', async () => {
    const result = track(
      retry(failing(3), {
        onRetry: () => {
          throw new Error('log sink down');
        },
      }),
    );
    await flush();
    expect((result.error as Error).message).toBe('log sink down');
  });

  it('treats a synchronous throw as a failed attempt', async () => {
    let calls = 0;
    const result = track(
      retry(
        () => {
          calls++;
          if (calls === 1) throw new Error('sync');
          return 'second';
        },
        { jitter: 'none', backoff: () => 0 },
      ),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(result.value).toBe('second');
  });

  it('validates options with clear TypeErrors', async () => {
    await expect(retry(failing(0), { retries: -1 })).rejects.toThrow(
      'Expected `retries` to be an integer >= 0 or Infinity, got `-1` (number)',
    );
    await expect(retry(failing(0), { jitter: 'some' as 'full' })).rejects.toThrow(
      "Expected `jitter` to be 'full', 'equal', 'none', got `\"some\"` (string)",
    );
    await expect(retry(failing(0), { backoff: { factor: 0.5 } })).rejects.toThrow(
      'Expected `backoff.factor` to be a finite number >= 1, got `0.5` (number)',
    );
    await expect(retry('x' as unknown as () => 1)).rejects.toThrow('Expected `fn` to be a function');
  });
});
