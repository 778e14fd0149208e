/** Describes a value for an error message: `` `0` (number) ``. */
export function describeValue(value: unknown): string {
  let shown: string;
  try {
    shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
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
