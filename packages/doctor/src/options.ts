import { describeValue } from '@awaitwise/core/internal/validate';

/**
 * Options of the run-time doctor, shared by the preload (`AWAITWISE_DOCTOR_OPTIONS` JSON), `startDoctor` and the
 * command line.
 *
 * @example
 * ```ts
 * const options: DoctorOptions = { mode: 'full', blockedMs: 50, listenerThreshold: 20 };
 * startDoctor(options);
 * ```
 */
export interface DoctorOptions {
  /**
   * `default` adds no per-promise hooks; `full` adds v8 promise hooks for birth sites and await chains.
   * @default 'default'
   */
  readonly mode?: 'default' | 'full';
  /**
   * A blocked event loop longer than this many milliseconds is reported with the stack that blocked it; `0` turns the
   * watchdog off.
   * @default 100
   */
  readonly blockedMs?: number;
  /**
   * An emitter event whose listener count reaches this number and keeps growing is reported as a leak.
   * @default 10
   */
  readonly listenerThreshold?: number;
  /**
   * A request whose handler rejected and that got no response after this many milliseconds is reported.
   * @default 3000
   */
  readonly requestTimeoutMs?: number;
  /**
   * In `full` mode, promises get a creation stack while a budget of this many lasts (refilled at 1 000 per second of
   * the process's CPU time, in runs of at least 64 promises); otherwise one in `sampleEvery` does.
   * @default 5000
   */
  readonly fullStackBudget?: number;
  /**
   * In `full` mode, while `fullStackBudget` is spent, one promise in this many gets a creation stack (a power of 2);
   * a program making more promises than that samples 250 a second of its CPU time has the stride widened (at once,
   * by the power of 2 that brings it within that), and narrowed back to this when it slows down.
   * @default 256
   */
  readonly sampleEvery?: number;
  /**
   * In `full` mode, a call site with more than this many promises pending at once is reported
   * (`unbounded-concurrency`).
   * @default 100
   */
  readonly inFlightThreshold?: number;
  /**
   * In `full` mode, a call site whose promises ran one after another, awaited in one activation, at least this many
   * times in a row is reported (`sequential-await`).
   * @default 5
   */
  readonly sequentialMin?: number;
  /**
   * In `full` mode, count frames in `node_modules` as the program's own when finding a promise's call site.
   * @default false
   */
  readonly includeDependencies?: boolean;
  /**
   * In `full` mode: `adaptive` records every promise while the program makes fewer than 100 000 a second, and once it
   * has made more for 300 ms (a tight loop of awaits, a busy server) records in windows of 100 ms once a second (the
   * report says so, and from when); `full` records every promise all the time, whatever it costs (V8's promise hooks
   * alone can double the time of an await-bound loop).
   * @default 'adaptive'
   */
  readonly fidelity?: 'adaptive' | 'full';
}

/**
 * Options with every default applied, as {@link resolveOptions} returns them.
 *
 * @example
 * ```ts
 * const { blockedMs } = startDoctor().options; // 100
 * ```
 */
export interface ResolvedOptions {
  readonly mode: 'default' | 'full';
  readonly blockedMs: number;
  readonly listenerThreshold: number;
  readonly requestTimeoutMs: number;
  readonly fullStackBudget: number;
  readonly sampleEvery: number;
  readonly inFlightThreshold: number;
  readonly sequentialMin: number;
  readonly includeDependencies: boolean;
  readonly fidelity: 'adaptive' | 'full';
}

/**
 * The defaults of every option.
 *
 * @example
 * ```ts
 * console.log(defaultOptions.blockedMs); // 100
 * ```
 */
export const defaultOptions: ResolvedOptions = {
  mode: 'default',
  blockedMs: 100,
  listenerThreshold: 10,
  requestTimeoutMs: 3000,
  fullStackBudget: 5_000,
  sampleEvery: 256,
  inFlightThreshold: 100,
  sequentialMin: 5,
  includeDependencies: false,
  fidelity: 'adaptive',
};

function integerOption(name: string, value: unknown, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`Expected \`${name}\` to be an integer >= ${min}, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Checks options and applies the defaults; use it to validate options before handing them to a child process.
 *
 * @throws TypeError naming the option, the expectation and what was received.
 * @example
 * ```ts
 * resolveOptions({ blockedMs: -1 }); // TypeError: Expected `blockedMs` to be an integer >= 0, got `-1` (number)
 * ```
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  if (input === undefined) return defaultOptions;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError(`Expected doctor options to be an object, got ${describeValue(input)}`);
  }
  const options = input as Record<string, unknown>;
  const known = new Set(Object.keys(defaultOptions));
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new TypeError(
        `Unknown doctor option \`${key}\`; expected one of ${[...known].map((k) => `\`${k}\``).join(', ')}`,
      );
    }
  }
  const mode = options['mode'] ?? defaultOptions.mode;
  if (mode !== 'default' && mode !== 'full') {
    throw new TypeError(`Expected \`mode\` to be 'default' or 'full', got ${describeValue(mode)}`);
  }
  const fidelity = options['fidelity'] ?? defaultOptions.fidelity;
  if (fidelity !== 'adaptive' && fidelity !== 'full') {
    throw new TypeError(`Expected \`fidelity\` to be 'adaptive' or 'full', got ${describeValue(fidelity)}`);
  }
  const sampleEvery = integerOption('sampleEvery', options['sampleEvery'], 1, defaultOptions.sampleEvery);
  if ((sampleEvery & (sampleEvery - 1)) !== 0) {
    throw new TypeError(`Expected \`sampleEvery\` to be a power of 2, got ${describeValue(sampleEvery)}`);
  }
  return {
    mode,
    blockedMs: integerOption('blockedMs', options['blockedMs'], 0, defaultOptions.blockedMs),
    listenerThreshold: integerOption(
      'listenerThreshold',
      options['listenerThreshold'],
      2,
      defaultOptions.listenerThreshold,
    ),
    requestTimeoutMs: integerOption(
      'requestTimeoutMs',
      options['requestTimeoutMs'],
      1,
      defaultOptions.requestTimeoutMs,
    ),
    fullStackBudget: integerOption(
      'fullStackBudget',
      options['fullStackBudget'],
      0,
      defaultOptions.fullStackBudget,
    ),
    sampleEvery,
    inFlightThreshold: integerOption(
      'inFlightThreshold',
      options['inFlightThreshold'],
      2,
      defaultOptions.inFlightThreshold,
    ),
    sequentialMin: integerOption('sequentialMin', options['sequentialMin'], 2, defaultOptions.sequentialMin),
    includeDependencies: booleanOption(options['includeDependencies']),
    fidelity,
  };
}

function booleanOption(value: unknown): boolean {
  if (value === undefined) return defaultOptions.includeDependencies;
  if (typeof value !== 'boolean') {
    throw new TypeError(`Expected \`includeDependencies\` to be a boolean, got ${describeValue(value)}`);
  }
  return value;
}
