/**
 * Idempotency keys across servers: the first caller runs the work, everyone else gets its stored result.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { Script, toScriptClient, type RedisClientLike } from './client.js';
import { LockTimeoutError } from './errors.js';
import { CLAIM, EXTEND_CLAIM, SETTLE_CLAIM } from './scripts.js';
import {
  assertFunction,
  assertInteger,
  assertSignal,
  describeValue,
} from '@awaitwise/core/internal/validate';
import { assertKey, assertOptionalNumber } from './validate.js';
import { abortReason, waitLoop, type Attempt } from './wait.js';
import { wakerFor } from './waker.js';

const claimScript = new Script(CLAIM);
const extendScript = new Script(EXTEND_CLAIM);
const settleScript = new Script(SETTLE_CLAIM);

/**
 * Turns results into strings for Redis and back; pass one as `serializer` when JSON is not enough.
 *
 * @example
 * ```ts
 * const dates: Serializer<Date> = { serialize: (d) => d.toISOString(), deserialize: (s) => new Date(s) };
 * ```
 */
export interface Serializer<T> {
  /** Encodes a result. */
  serialize(value: T): string;
  /** Decodes what `serialize` produced. */
  deserialize(text: string): T;
}

/**
 * The default serializer: JSON, with `undefined` stored as an empty string. `Date`s come back as strings, `Map`s
 * as `{}`; pass your own serializer (superjson, devalue) for richer values.
 *
 * @example
 * ```ts
 * jsonSerializer.deserialize(jsonSerializer.serialize({ id: 1 })); // { id: 1 }
 * ```
 */
export const jsonSerializer: Serializer<unknown> = {
  serialize(value) {
    if (value === undefined) return '';
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) {
      throw new TypeError(`Expected the result to be JSON-serializable, got ${describeValue(value)}`);
    }
    return text;
  },
  deserialize: (text) => (text === '' ? undefined : (JSON.parse(text) as unknown)),
};

/**
 * Options of {@link idempotent}.
 *
 * @example
 * ```ts
 * await idempotent(redis, key, charge, { ttl: 86_400_000, inProgressTtl: 15_000, timeout: 30_000 });
 * ```
 */
export interface IdempotentOptions<T> {
  /** How long the stored result answers later callers, in ms. @default 86400000 (24 hours) */
  ttl?: number | undefined;
  /**
   * How long the in-progress marker lives without extension, in ms. It is extended every third of this while `fn`
   * runs, so it only matters when the runner dies: then waiters take over after at most this long.
   * @default 30000
   */
  inProgressTtl?: number | undefined;
  /** Stops waiting for another caller's result (rejects with `signal.reason`); also passed to `fn`. @default undefined */
  signal?: AbortSignal | undefined;
  /** Gives up waiting for another caller's result after this many ms with a {@link LockTimeoutError}. @default undefined */
  timeout?: number | undefined;
  /** How results are stored. @default jsonSerializer */
  serializer?: Serializer<T> | undefined;
  /** Prefix of the Redis keys and the wake-up channel. @default 'aw:idem:' */
  prefix?: string | undefined;
  /** Polling fallback in ms when no wake-up arrives. @default 500 */
  pollInterval?: number | undefined;
}

type Claim = { readonly kind: 'claimed' } | { readonly kind: 'stored'; readonly payload: string };

/**
 * Runs `fn` once per `key` across every process: the first caller runs it and stores its result for `ttl`;
 * callers that arrive while it runs wait for that result, later ones get it at once. The cure for double
 * submission (pitfall `check-then-act`): a retried payment request, a double-clicked "order" button.
 *
 * - **The first caller fails**: its error is thrown to it alone and **not cached**; the marker is removed and the
 *   next waiter (or the next caller) runs `fn` afresh.
 * - **The first caller dies** (crash, kill): its in-progress marker stops being extended and expires after
 *   `inProgressTtl`; a waiter then runs `fn`.
 * - **The first caller pauses past `inProgressTtl`** (GC pause, `SIGSTOP`): its `signal` aborts, and another caller
 *   may run `fn` too. Its late result is returned to it but not stored. Make `fn`'s writes conditional (a unique
 *   constraint, a fencing token) if even that must never run twice.
 *
 * @example
 * ```ts
 * app.post('/payments', async (req, res) => {
 *   const key = `payment:${req.header('Idempotency-Key')}`;
 *   const receipt = await idempotent(redis, key, (signal) => psp.charge(req.body, { signal }), {
 *     ttl: 24 * 3600_000,
 *     timeout: 30_000,
 *   });
 *   res.json(receipt);
 * });
 * ```
 */
export async function idempotent<T>(
  client: RedisClientLike,
  key: string,
  fn: (signal: AbortSignal) => T | PromiseLike<T>,
  options?: IdempotentOptions<T>,
): Promise<T> {
  const scriptClient = toScriptClient(client);
  assertKey('key', key);
  assertFunction('fn', fn);
  const ttl = options?.ttl ?? 86_400_000;
  assertInteger('ttl', ttl, 1);
  const inProgressTtl = options?.inProgressTtl ?? 30_000;
  assertInteger('inProgressTtl', inProgressTtl, 10);
  const pollInterval = options?.pollInterval ?? 500;
  assertInteger('pollInterval', pollInterval, 1);
  assertSignal('signal', options?.signal);
  assertOptionalNumber('timeout', options?.timeout, 0);
  const serializer = options?.serializer ?? (jsonSerializer as Serializer<T>);
  const prefix = options?.prefix ?? 'aw:idem:';
  const record = `${prefix}${key}`;
  const channel = `${prefix}wake`;
  const doneMessage = `done:${key}`;
  const id = randomUUID();
  const signal = options?.signal;
  if (signal?.aborted === true) throw abortReason(signal);

  const settle = (store: boolean, payload: string): Promise<boolean> =>
    settleScript
      .run(scriptClient, [record], [id, store ? '1' : '0', payload, String(ttl), channel, doneMessage])
      .then((reply) => Number(reply) === 1);

  const claim = await waitLoop<Claim>({
    attempt: async (): Promise<Attempt<Claim>> => {
      const reply = (await claimScript.run(scriptClient, [record], [id, String(inProgressTtl)])) as unknown[];
      const status = Number(reply[0]);
      if (status === 1) return { done: true, value: { kind: 'claimed' } };
      if (status === 2) return { done: true, value: { kind: 'stored', payload: String(reply[1]) } };
      return { done: false, retryInMs: Number(reply[1]) };
    },
    discard: (value) => (value.kind === 'claimed' ? settle(false, '') : Promise.resolve()),
    leave: () => Promise.resolve(),
    timeoutError: (waitedMs, attempts) => new LockTimeoutError(record, waitedMs, attempts),
    wake: [{ waker: wakerFor(scriptClient, channel), message: doneMessage }],
    signal,
    timeout: options?.timeout,
    pollInterval,
  });
  if (claim.kind === 'stored') return serializer.deserialize(claim.payload);

  const lost = new AbortController();
  const runSignal = signal === undefined ? lost.signal : AbortSignal.any([lost.signal, signal]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const keepMarker = (): void => {
    timer = setTimeout(() => {
      extendScript.run(scriptClient, [record], [id, String(inProgressTtl)]).then(
        (reply) => {
          if (Number(reply) === 1) keepMarker();
          else
            lost.abort(
              new Error(`The in-progress marker of "${key}" expired: another caller may run it too.`),
            );
        },
        () => {
          keepMarker();
        },
      );
    }, inProgressTtl / 3);
    timer.unref();
  };
  keepMarker();
  let value: T;
  try {
    value = await fn(runSignal);
  } catch (error) {
    clearTimeout(timer);
    await settle(false, '').catch(() => undefined);
    throw error;
  }
  clearTimeout(timer);
  let payload: string;
  try {
    payload = serializer.serialize(value);
  } catch (error) {
    await settle(false, '').catch(() => undefined);
    throw error;
  }
  // The work is done: if Redis cannot store the result now, this caller still gets it (the marker then expires).
  await settle(true, payload).catch(() => undefined);
  return value;
}
