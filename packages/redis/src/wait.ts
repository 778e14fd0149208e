/**
 * The waiting loop shared by locks, semaphores and idempotency keys: attempt, then sleep until a pub/sub wake-up,
 * the hinted expiry of the current holder, or the polling fallback, whichever comes first. Abort and timeout answer
 * the caller at once; the loop then cleans up in the background (leaves the line, or releases a lease that arrived
 * too late), so nothing is left held or queued.
 *
 * @module
 */
import { AbortError } from '@awaitwise/core';
import type { Waker } from './waker.js';

const ignore = (): void => undefined;

/** The outcome of one attempt. */
export type Attempt<T> =
  | { readonly done: true; readonly value: T }
  | { readonly done: false; readonly retryInMs: number; readonly mark?: number | undefined };

/** The latest failed attempt: when it was sent (`performance.now()`), and the watermark Redis returned. */
export interface LastAttempt {
  readonly sentAt: number;
  readonly mark: number;
}

/** What {@link waitLoop} needs. */
export interface WaitLoopOptions<T> {
  /** One attempt; `first` is true for the first call. */
  attempt(first: boolean): Promise<Attempt<T>>;
  /** Undoes a value obtained after the caller gave up (releases the lease). Errors are ignored. */
  discard(value: T): Promise<unknown>;
  /** Leaves the waiting line after giving up. Errors are ignored. */
  leave(): Promise<unknown>;
  /** Builds the error for a passed deadline. */
  timeoutError(waitedMs: number, attempts: number): Error;
  /**
   * Turns a hand-off message (`<id>|…`) into a value, given the latest failed attempt; undefined when it is stale or
   * unusable (the loop then attempts again). Absent: hand-offs only wake the waiter.
   */
  grant?: ((message: string, last: LastAttempt) => T | undefined) | undefined;
  /** Where wake-ups arrive, and the message that wakes this waiter (several in quorum mode; none to only poll). */
  wake: readonly { waker: Waker; message: string }[];
  signal: AbortSignal | undefined;
  timeout: number | undefined;
  pollInterval: number;
  /**
   * A first attempt the caller already made and that failed (see {@link firstAttempt}): the loop starts from it
   * instead of attempting again. @default undefined
   */
  first?: FailedAttempt | undefined;
}

/** A failed attempt and when it was sent. */
export interface FailedAttempt {
  readonly sentAt: number;
  readonly outcome: Attempt<never> & { readonly done: false };
}

/**
 * Makes the first attempt without the waiting machinery (no promise wiring, no timers, no listeners), for a caller
 * with neither a signal nor a timeout, whom nothing could interrupt during that attempt anyway: an uncontended lock
 * costs its one round trip and little else. Resolves with the value, or with the failed attempt to hand to
 * {@link waitLoop} as `first`. On an error it leaves the line (best effort) and rejects, as the loop would.
 */
export async function firstAttempt<T>(
  attempt: () => Promise<Attempt<T>>,
  leave: () => Promise<unknown>,
): Promise<{ readonly value: T } | FailedAttempt> {
  const sentAt = performance.now();
  let outcome: Attempt<T>;
  try {
    outcome = await attempt();
  } catch (error) {
    leave().catch(ignore);
    throw error;
  }
  return outcome.done ? { value: outcome.value } : { sentAt, outcome };
}

/** Waits until `attempt` succeeds, the signal aborts or the timeout passes. */
export function waitLoop<T>(options: WaitLoopOptions<T>): Promise<T> {
  const { signal, timeout } = options;
  if (signal?.aborted === true) return Promise.reject(abortReason(signal));
  const started = performance.now();
  return new Promise<T>((resolve, reject) => {
    let finished = false;
    let attempts = 0;
    let woken = false;
    let pending: string | undefined;
    let last: LastAttempt | undefined;
    let interrupt: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Listen only once the first attempt failed: an uncontended lock never touches pub/sub.
    let listeners: ReturnType<Waker['listen']>[] = [];
    const listen = (): void => {
      listeners = options.wake.map(({ waker, message }) =>
        waker.listen(message, (received) => {
          if (received.includes('|')) pending = received;
          woken = true;
          interrupt?.();
        }),
      );
    };

    const finish = (settle: () => void): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      if (timer !== undefined) clearTimeout(timer);
      for (const listener of listeners) listener.stop();
      interrupt?.();
      settle();
    };
    const onAbort = (): void => {
      finish(() => {
        reject(abortReason(signal as AbortSignal));
      });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeout !== undefined) {
      timer = setTimeout(() => {
        finish(() => {
          reject(options.timeoutError(Math.round(performance.now() - started), attempts));
        });
      }, timeout);
    }

    const sleep = (ms: number): Promise<void> =>
      new Promise((wakeUp) => {
        const nap = setTimeout(() => {
          interrupt = undefined;
          wakeUp();
        }, ms);
        interrupt = () => {
          clearTimeout(nap);
          interrupt = undefined;
          wakeUp();
        };
      });

    // Read through functions: these flags change in callbacks while the loop awaits.
    const isFinished = (): boolean => finished;
    const isWoken = (): boolean => woken;
    const takeGrant = (): T | undefined => {
      const message = pending;
      pending = undefined;
      if (message === undefined || last === undefined || options.grant === undefined) return undefined;
      return options.grant(message, last);
    };
    const fail = (error: Error): void => {
      reject(error);
    };
    let seed = options.first;
    const loop = async (): Promise<void> => {
      let ready = true;
      for (;;) {
        if (isFinished()) break;
        const granted = takeGrant();
        if (granted !== undefined) {
          finish(() => {
            resolve(granted);
          });
          return;
        }
        woken = false;
        attempts++;
        let sentAt: number;
        let outcome: Attempt<T>;
        if (seed === undefined) {
          sentAt = performance.now();
          outcome = await options.attempt(attempts === 1);
        } else {
          ({ sentAt, outcome } = seed);
          seed = undefined;
        }
        if (outcome.done) {
          if (isFinished()) {
            await options.discard(outcome.value).catch(ignore);
            return;
          }
          finish(() => {
            resolve(outcome.value);
          });
          return;
        }
        last = { sentAt, mark: outcome.mark ?? Number.POSITIVE_INFINITY };
        if (isFinished()) break;
        if (attempts === 1) {
          listen();
          ready = listeners.every((listener) => listener.live);
        }
        if (!ready) {
          // The first attempt may have raced the subscription: try again as soon as it is live.
          ready = true;
          const live = await Promise.all(listeners.map((listener) => listener.ready));
          if (live.some(Boolean)) continue;
        }
        if (isFinished()) break;
        if (isWoken()) continue;
        const hint = outcome.retryInMs > 0 ? outcome.retryInMs + 2 : Infinity;
        const jitter = 0.9 + Math.random() * 0.2;
        await sleep(Math.max(1, Math.round(Math.min(options.pollInterval * jitter, hint))));
      }
      await options.leave().catch(ignore);
    };
    loop().catch((error: unknown) => {
      if (finished) {
        options.leave().catch(ignore);
        return;
      }
      finish(() => {
        fail(error as Error);
      });
      options.leave().catch(ignore);
    });
  });
}

/** The reason a waiter rejects with on abort: the signal's own reason, or an `AbortError`. */
export function abortReason(signal: AbortSignal): Error {
  return (signal.reason ?? new AbortError()) as Error;
}
