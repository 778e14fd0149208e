/**
 * Option checks shared by the awaitwise packages: each throws a `TypeError` naming the option, what was expected and
 * what was received. Reached by the other packages as `@awaitwise/core/internal/validate`: not part of the public
 * API, it may change in any release.
 *
 * @module
 */

/** Longest shown form of a value in a message; longer ones are cut with `…`. */
const maxShown = 60;

/**
 * Describes a received value for an error message: the value, then its type in parentheses, e.g.
 * ``Expected `concurrency` to be an integer >= 1, got `0` (number)``. Strings are quoted (`` `"yes"` (string) ``),
 * arrays and plain objects shown as JSON (`` `[1]` (array) ``, `` `{"a":1}` (object) ``), other objects by their
 * class (`` `[object Map]` (object) ``), functions as `` `[function]` (function) ``; longer than 60 characters is cut.
 *
 * @example
 * ```ts
 * describeValue(0); // '`0` (number)'
 * describeValue('yes'); // '`"yes"` (string)'
 * ```
 */
export function describeValue(value: unknown): string {
  let shown: string;
  if (typeof value === 'string') shown = JSON.stringify(value);
  else if (typeof value === 'function') shown = '[function]';
  else if (typeof value === 'object' && value !== null) shown = describeObject(value);
  else shown = String(value);
  if (shown.length > maxShown) shown = `${shown.slice(0, maxShown - 1)}…`;
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `\`${shown}\` (${type})`;
}

function describeObject(value: object): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value) || prototype === Object.prototype || prototype === null) {
    try {
      const json = JSON.stringify(value) as string | undefined; // undefined when toJSON returns undefined
      if (json !== undefined) return json;
    } catch {
      // A cycle or a bigint inside: fall back to the class name.
    }
  }
  const tag = Object.prototype.toString.call(value);
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return tag === '[object Object]' && typeof name === 'string' && name !== '' && name !== 'Object'
    ? `[object ${name}]`
    : tag;
}

/**
 * Throws a `TypeError` unless `value` is an integer >= `min` (or `Infinity` when `allowInfinity`).
 * The message names the option, the expectation and what was received.
 */
export function assertInteger(
  name: string,
  value: unknown,
  min: number,
  allowInfinity = false,
): asserts value is number {
  const ok =
    typeof value === 'number' &&
    ((Number.isInteger(value) && value >= min) || (allowInfinity && value === Infinity));
  if (!ok) {
    throw new TypeError(
      `Expected \`${name}\` to be an integer >= ${min}${allowInfinity ? ' or Infinity' : ''}, got ${describeValue(value)}`,
    );
  }
}

/** Throws a `TypeError` unless `value` is a finite number >= `min`. */
export function assertNumber(name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TypeError(`Expected \`${name}\` to be a finite number >= ${min}, got ${describeValue(value)}`);
  }
}

/** Throws a `TypeError` unless `value` is a function. */
export function assertFunction(name: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be a function, got ${describeValue(value)}`);
  }
}

/** Throws a `TypeError` unless `value` is undefined or an `AbortSignal`. */
export function assertSignal(name: string, value: unknown): asserts value is AbortSignal | undefined {
  if (value !== undefined && !(value instanceof AbortSignal)) {
    throw new TypeError(
      `Expected \`${name}\` to be an AbortSignal or undefined, got ${describeValue(value)}`,
    );
  }
}
