/**
 * The one small interface `@awaitwise/redis` needs from a Redis client, and adapters for ioredis and node-redis.
 * Neither client is a dependency: both are recognised by their shape.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { describeValue } from '@awaitwise/core/internal/validate';

/**
 * A subscriber connection, used only to wake waiters at once instead of polling. Optional: without it, waiters poll.
 *
 * @example
 * ```ts
 * const createSubscriber = async (): Promise<RedisSubscriber> => {
 *   const sub = await myClient.duplicate().connect();
 *   return { subscribe: (channel, onMessage) => sub.subscribe(channel, onMessage), close: () => sub.quit() };
 * };
 * ```
 */
export interface RedisSubscriber {
  /** Subscribes to `channel`; `onMessage` receives every message published on it. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<void>;
  /** Closes the subscriber connection. */
  close(): Promise<void>;
}

/**
 * What `@awaitwise/redis` needs from a Redis client: `EVALSHA` and `EVAL` with keys and arguments, and optionally a
 * way to open a subscriber connection for wake-ups. Write one to plug in any client; for ioredis and node-redis
 * use {@link fromIoredis} / {@link fromNodeRedis}, or pass the client itself (it is recognised by its shape).
 *
 * @example
 * ```ts
 * const client: RedisScriptClient = {
 *   evalsha: (sha, keys, args) => myClient.command('EVALSHA', sha, keys.length, ...keys, ...args),
 *   eval: (script, keys, args) => myClient.command('EVAL', script, keys.length, ...keys, ...args),
 * };
 * ```
 */
export interface RedisScriptClient {
  /** Runs a loaded script by its SHA-1. Must reject with an error whose message starts with `NOSCRIPT` if unknown. */
  evalsha(sha: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /** Runs a script from its source (and loads it, so the next `evalsha` finds it). */
  eval(script: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /**
   * Opens a dedicated subscriber connection. When absent, waiters fall back to polling.
   * @default undefined (poll only)
   */
  createSubscriber?: (() => Promise<RedisSubscriber>) | undefined;
}

/**
 * The parts of an ioredis client (`Redis` or `Cluster`) that the adapter uses; declared here so ioredis is not a
 * dependency.
 *
 * @example
 * ```ts
 * const client: IoredisLike = new Redis();
 * ```
 */
export interface IoredisLike {
  evalsha(sha: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  duplicate(): IoredisLike;
  subscribe(...channels: string[]): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  quit(): Promise<unknown>;
  readonly status: string;
}

/**
 * The parts of a node-redis client (`redis` package, v4 and later) that the adapter uses; declared here so `redis`
 * is not a dependency.
 *
 * @example
 * ```ts
 * const client = (await createClient().connect()) as unknown as NodeRedisLike;
 * ```
 */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
  duplicate(): NodeRedisLike;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  quit?: (() => Promise<unknown>) | undefined;
  close?: (() => Promise<unknown>) | undefined;
  readonly isOpen: boolean;
}

/**
 * Anything {@link toScriptClient} accepts: an adapter, an ioredis client or a node-redis client.
 *
 * @example
 * ```ts
 * function locksFor(client: RedisClientLike) { return createRedisLock(client); }
 * ```
 */
export type RedisClientLike = RedisScriptClient | IoredisLike | NodeRedisLike;

const ignore = (): void => undefined;

/**
 * Adapts an ioredis client (`new Redis()` or `new Cluster()`). Wake-ups use one `duplicate()` connection.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const locks = createRedisLock(fromIoredis(new Redis()), { ttl: 10_000 });
 * ```
 */
export function fromIoredis(client: IoredisLike): RedisScriptClient {
  return {
    evalsha: (sha, keys, args) => client.evalsha(sha, keys.length, ...keys, ...args),
    eval: (script, keys, args) => client.eval(script, keys.length, ...keys, ...args),
    createSubscriber: () => {
      const subscriber = client.duplicate();
      const handlers = new Map<string, (message: string) => void>();
      subscriber.on('error', ignore);
      subscriber.on('message', (channel, message) => {
        handlers.get(channel)?.(message);
      });
      return Promise.resolve({
        async subscribe(channel, onMessage) {
          handlers.set(channel, onMessage);
          await subscriber.subscribe(channel);
        },
        async close() {
          await subscriber.quit().catch(ignore);
        },
      });
    },
  };
}

/**
 * Adapts a node-redis client (`createClient()` from the `redis` package, v4 and later). Commands go through
 * `sendCommand`; wake-ups use one `duplicate()` connection.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client = await createClient().connect();
 * const locks = createRedisLock(fromNodeRedis(client), { ttl: 10_000 });
 * ```
 */
export function fromNodeRedis(client: NodeRedisLike): RedisScriptClient {
  return {
    evalsha: (sha, keys, args) => client.sendCommand(['EVALSHA', sha, String(keys.length), ...keys, ...args]),
    eval: (script, keys, args) => client.sendCommand(['EVAL', script, String(keys.length), ...keys, ...args]),
    createSubscriber: async () => {
      const subscriber = client.duplicate();
      subscriber.on('error', ignore);
      await subscriber.connect();
      return {
        async subscribe(channel, onMessage) {
          await subscriber.subscribe(channel, (message) => {
            onMessage(message);
          });
        },
        async close() {
          const close = subscriber.close ?? subscriber.quit;
          await close?.call(subscriber).catch(ignore);
        },
      };
    },
  };
}

const adapted = new WeakMap<object, RedisScriptClient>();

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

/**
 * Turns any supported client into a {@link RedisScriptClient}: node-redis is recognised by `sendCommand` and
 * `isOpen`, ioredis by `evalsha`, `duplicate` and `status`, and anything else with `evalsha` and `eval` is taken
 * as an adapter already. The same client always gives the same adapter, so wake-up connections are shared.
 *
 * @example
 * ```ts
 * const client = toScriptClient(new Redis());
 * ```
 */
export function toScriptClient(client: RedisClientLike): RedisScriptClient {
  if (typeof client !== 'object' || (client as unknown) === null) {
    throw new TypeError(
      `Expected \`client\` to be an ioredis client, a node-redis client or a RedisScriptClient, got ${describeValue(client)}`,
    );
  }
  const cached = adapted.get(client);
  if (cached !== undefined) return cached;
  let result: RedisScriptClient;
  const shape = client as unknown as Record<string, unknown>;
  if (isFunction(shape.sendCommand) && 'isOpen' in shape) {
    result = fromNodeRedis(client as NodeRedisLike);
  } else if (isFunction(shape.evalsha) && isFunction(shape.duplicate) && 'status' in shape) {
    result = fromIoredis(client as IoredisLike);
  } else if (isFunction(shape.evalsha) && isFunction(shape.eval)) {
    result = client as RedisScriptClient;
  } else {
    throw new TypeError(
      'Expected `client` to be an ioredis client, a node-redis client or a RedisScriptClient ' +
        `(an object with \`evalsha\` and \`eval\`), got an object with keys ${describeValue(Object.keys(client).slice(0, 8).join(', '))}`,
    );
  }
  adapted.set(client, result);
  return result;
}

/** A Lua script with its SHA-1, run with `EVALSHA` and loaded with `EVAL` the first time a server lacks it. */
export class Script {
  /** The SHA-1 of the source, as `SCRIPT LOAD` would return it. */
  readonly sha: string;

  /** @param source - the Lua source */
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script on `client`, loading it when the server does not know it (a new or restarted server). */
  async run(client: RedisScriptClient, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys, args);
    } catch (error) {
      if (error instanceof Error && error.message.includes('NOSCRIPT')) {
        return client.eval(this.source, keys, args);
      }
      throw error;
    }
  }
}
