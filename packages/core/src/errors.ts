/**
 * Typed errors raised by `@awaitwise/core`. Each has a stable `name` and `code`, data fields that say what
 * happened, and a type guard. None is ever shared between throws, so every stack trace is the real one.
 *
 * @module
 */

/** Options accepted by every awaitwise error constructor. */
export interface AwaitwiseErrorOptions {
  /** The error that caused this one, shown by Node after the stack. */
  cause?: unknown;
}

/**
 * A waiting operation ran past its deadline (`timeout` option, {@link timeout}).
 *
 * Fixes pitfall `timer-leak`: the timer that produced it is always cleared.
 */
export class TimeoutError extends Error {
  /** Always `'TimeoutError'`, the same name `AbortSignal.timeout()` uses for its reason. */
  override readonly name = 'TimeoutError' as const;
  /** Stable machine-readable code. */
  readonly code = 'AW_TIMEOUT' as const;
  /** The deadline that passed, in milliseconds. */
  readonly ms: number;
  /** What was being waited for, when the caller named it. */
  readonly operation: string | undefined;

  /**
   * @param ms - the deadline that passed, in milliseconds
   * @param operation - what was being waited for (used in the message)
   */
  constructor(ms: number, operation?: string, options?: AwaitwiseErrorOptions) {
    super(
      `${operation ?? 'Operation'} timed out after ${ms} ms. Raise the timeout, or make the operation faster; ` +
        'the work was aborted through its signal.',
      options,
    );
    this.ms = ms;
    this.operation = operation;
  }
}

/** True when `error` is a {@link TimeoutError} (or any error named `TimeoutError`, such as `AbortSignal.timeout()`'s). */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return error instanceof TimeoutError || (isErrorLike(error) && error.name === 'TimeoutError');
}

/**
 * The operation was aborted. Compatible with the platform: `name === 'AbortError'` like the `DOMException`
 * that `AbortController.abort()` produces, so `err.name === 'AbortError'` checks keep working.
 *
 * awaitwise rejects with the signal's own `reason` when the signal has one; this class is used when there is none
 * (for example tasks removed by `clear()`).
 */
export class AbortError extends Error {
  /** Always `'AbortError'`, like `DOMException`'s abort name. */
  override readonly name = 'AbortError' as const;
  /** Stable machine-readable code, the same string Node uses for its own abort errors. */
  readonly code = 'ABORT_ERR' as const;

  /** @param message - what was aborted and why */
  constructor(message = 'The operation was aborted.', options?: AwaitwiseErrorOptions) {
    super(message, options);
  }
}

/**
 * True when `error` means "aborted": an {@link AbortError}, a `DOMException` named `AbortError`, or any error whose
 * `name` is `'AbortError'`.
 */
export function isAbortError(error: unknown): boolean {
  return isErrorLike(error) && error.name === 'AbortError';
}

/**
 * Every attempt of {@link retry} failed, or a failure was judged not worth retrying.
 * `errors` holds each attempt's error in order; `cause` is the last one.
 */
export class RetryError extends AggregateError {
  /** Always `'RetryError'`. */
  override readonly name = 'RetryError' as const;
  /** Stable machine-readable code. */
  readonly code = 'AW_RETRY_EXHAUSTED' as const;
  /** How many attempts ran. */
  readonly attempts: number;

  /**
   * @param errors - every attempt's error, in order
   * @param reason - why retrying stopped (used in the message)
   */
  constructor(errors: readonly unknown[], reason = 'all retries were used') {
    const last = errors.at(-1);
    super(
      errors,
      `Gave up after ${errors.length} attempt${errors.length === 1 ? '' : 's'} (${reason}). ` +
        `Last error: ${describe(last)}. See \`errors\` for every attempt.`,
      { cause: last },
    );
    this.attempts = errors.length;
  }
}

/** True when `error` is a {@link RetryError}. */
export function isRetryError(error: unknown): error is RetryError {
  return error instanceof RetryError;
}

/**
 * A queue or channel was closed (`close()`) and has nothing more to give, or was pushed to after closing.
 */
export class ClosedError extends Error {
  /** Always `'ClosedError'`. */
  override readonly name = 'ClosedError' as const;
  /** Stable machine-readable code. */
  readonly code = 'AW_CLOSED' as const;

  /** @param message - what was closed and what the caller tried to do */
  constructor(
    message = 'The queue is closed: nothing more can be pushed to it.',
    options?: AwaitwiseErrorOptions,
  ) {
    super(message, options);
  }
}

/** True when `error` is a {@link ClosedError}. */
export function isClosedError(error: unknown): error is ClosedError {
  return error instanceof ClosedError;
}

function isErrorLike(error: unknown): error is { name: unknown } {
  return typeof error === 'object' && error !== null && 'name' in error;
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
