/**
 * Option checks that fail with a `TypeError` naming the option, what was expected and what was received.
 *
 * The checks every awaitwise package shares (`describeValue`, `assertInteger`, `assertFunction`, `assertSignal`) come
 * from `@awaitwise/core/internal/validate`; these are the ones only the Redis primitives need.
 *
 * @module
 */

import { describeValue } from '@awaitwise/core/internal/validate';

/** Throws unless `value` is undefined or a finite number >= `min`. */
export function assertOptionalNumber(
  name: string,
  value: unknown,
  min: number,
): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TypeError(`Expected \`${name}\` to be a finite number >= ${min}, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a non-empty string. */
export function assertKey(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`Expected \`${name}\` to be a non-empty string, got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is undefined or a plain object (an options bag). */
export function assertOptions(name: string, value: unknown): asserts value is object | undefined {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new TypeError(`Expected \`${name}\` to be an object, got ${describeValue(value)}`);
  }
}
