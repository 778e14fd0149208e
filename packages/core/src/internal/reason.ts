import { describeValue } from './validate.js';

/**
 * Helpers for passing rejection reasons and timer delays through unchanged (used by core-B's primitives).
 */

/**
 * Types a rejection reason passed through unchanged: a signal's `reason` or a task's own error. It is usually an
 * `Error`, but awaitwise never rewraps it when it is not, so callers see exactly what was thrown or aborted with.
 */
export function asReason(reason: unknown): Error {
  return reason as Error;
}

/** Does nothing; used to mark a promise whose late rejection nobody can act on as handled. */
export function ignore(): void {
  // intentionally empty
}

/** The largest delay `setTimeout` honours; larger values fire after 1 ms in every runtime. */
export const MAX_DELAY = 2_147_483_647;

/**
 * Throws a `TypeError` unless `value` is a number of milliseconds `setTimeout` can wait for: finite, >= 0 and at most
 * 2^31 - 1 (about 24.8 days), or `Infinity` when `allowInfinity` (meaning "no deadline").
 */
export function assertDelay(name: string, value: unknown, allowInfinity = false): asserts value is number {
  const ok =
    typeof value === 'number' &&
    ((value >= 0 && value <= MAX_DELAY) || (allowInfinity && value === Infinity));
  if (!ok) {
    throw new TypeError(
      `Expected \`${name}\` to be a number of milliseconds from 0 to ${MAX_DELAY}${allowInfinity ? ' or Infinity' : ''}, got ${describeValue(value)}`,
    );
  }
}

/** Reads `signal.aborted` afresh (a repeated `signal?.aborted` check is narrowed away by TypeScript). */
export function isAborted(signal: AbortSignal | undefined): signal is AbortSignal {
  return signal?.aborted === true;
}

/** Throws a `TypeError` unless `value` is one of `choices`. */
export function assertOneOf<T extends string>(
  name: string,
  value: unknown,
  choices: readonly T[],
): asserts value is T {
  if (!(choices as readonly unknown[]).includes(value)) {
    throw new TypeError(
      `Expected \`${name}\` to be ${choices.map((choice) => `'${choice}'`).join(', ')}, got ${describeValue(value)}`,
    );
  }
}
