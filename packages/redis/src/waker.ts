/**
 * Wake-ups over pub/sub: one subscriber connection per client and channel, opened when the first waiter needs it
 * and closed shortly after the last one leaves, so an idle process holds no extra connection.
 *
 * @module
 */
import type { RedisScriptClient, RedisSubscriber } from './client.js';

/** How long an unused subscriber connection stays open, in ms. */
const LINGER_MS = 1_000;
/** How long, and how many, wake-ups that arrived before their listener are kept. */
const RECENT_MS = 2_000;
const RECENT_MAX = 1_000;

/** Fans the messages of one channel out to the waiters listening for them. */
export class Waker {
  readonly #client: RedisScriptClient;
  readonly #channel: string;
  readonly #listeners = new Map<string, Set<(message: string) => void>>();
  #subscriber: Promise<RedisSubscriber | undefined> | undefined;
  #live: RedisSubscriber | undefined;
  readonly #recent = new Map<string, { at: number; message: string }>();
  #idle: ReturnType<typeof setTimeout> | undefined;
  #count = 0;

  constructor(client: RedisScriptClient, channel: string) {
    this.#client = client;
    this.#channel = channel;
  }

  /** True when this client can push wake-ups at all. */
  get available(): boolean {
    return this.#client.createSubscriber !== undefined;
  }

  /**
   * Calls `onWake` whenever `message` is published on the channel, or a hand-off `<message>|…` is (it receives the
   * whole message), until the returned function is called.
   * `ready` settles (never rejects) once the subscription is live, or failed (then waiters only poll); `live` is
   * true when it already was live before this call.
   */
  listen(
    message: string,
    onWake: (message: string) => void,
  ): { ready: Promise<boolean>; live: boolean; stop: () => void } {
    const live = this.#live !== undefined;
    let set = this.#listeners.get(message);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(message, set);
    }
    set.add(onWake);
    this.#count++;
    const early = this.#recent.get(message);
    if (early !== undefined) {
      this.#recent.delete(message);
      if (performance.now() - early.at < RECENT_MS) {
        queueMicrotask(() => {
          onWake(early.message);
        });
      }
    }
    if (this.#idle !== undefined) {
      clearTimeout(this.#idle);
      this.#idle = undefined;
    }
    const ready = this.#open().then((subscriber) => subscriber !== undefined);
    let stopped = false;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      const current = this.#listeners.get(message);
      current?.delete(onWake);
      if (current?.size === 0) this.#listeners.delete(message);
      this.#count--;
      if (this.#count === 0) {
        this.#idle = setTimeout(() => {
          this.#idle = undefined;
          void this.close();
        }, LINGER_MS);
        this.#idle.unref();
      }
    };
    return { ready, live, stop };
  }

  /**
   * Keeps a message nobody listened for, briefly: a waiter registers its listener only after its attempt returned,
   * so a wake-up published in between must still reach it.
   */
  #remember(key: string, message: string): void {
    const now = performance.now();
    this.#recent.delete(key);
    this.#recent.set(key, { at: now, message });
    for (const [old, { at }] of this.#recent) {
      if (this.#recent.size <= RECENT_MAX && now - at < RECENT_MS) break;
      this.#recent.delete(old);
    }
  }

  /** Closes the subscriber connection now; a later `listen` opens a new one. */
  async close(): Promise<void> {
    if (this.#idle !== undefined) {
      clearTimeout(this.#idle);
      this.#idle = undefined;
    }
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    this.#live = undefined;
    const opened = await subscriber;
    await opened?.close();
  }

  #open(): Promise<RedisSubscriber | undefined> {
    if (this.#subscriber !== undefined) return this.#subscriber;
    const create = this.#client.createSubscriber;
    if (create === undefined) return Promise.resolve(undefined);
    const opening: Promise<RedisSubscriber | undefined> = this.#subscribe(create).then(
      (subscriber) => {
        if (this.#subscriber === opening) this.#live = subscriber;
        return subscriber;
      },
      () => {
        // No pub/sub (unreachable server, a proxy without SUBSCRIBE): waiters keep polling; retry on next listen.
        if (this.#subscriber === opening) this.#subscriber = undefined;
        return undefined;
      },
    );
    this.#subscriber = opening;
    return opening;
  }

  async #subscribe(create: () => Promise<RedisSubscriber>): Promise<RedisSubscriber> {
    const subscriber = await create();
    try {
      await subscriber.subscribe(this.#channel, (message) => {
        const bar = message.indexOf('|');
        const key = bar === -1 || this.#listeners.has(message) ? message : message.slice(0, bar);
        const set = this.#listeners.get(key);
        if (set !== undefined) for (const onWake of set) onWake(message);
        else this.#remember(key, message);
      });
    } catch (error) {
      await subscriber.close();
      throw error;
    }
    return subscriber;
  }
}

const wakers = new WeakMap<RedisScriptClient, Map<string, Waker>>();

/** The shared {@link Waker} for `client` and `channel`. */
export function wakerFor(client: RedisScriptClient, channel: string): Waker {
  let byChannel = wakers.get(client);
  if (byChannel === undefined) {
    byChannel = new Map();
    wakers.set(client, byChannel);
  }
  let waker = byChannel.get(channel);
  if (waker === undefined) {
    waker = new Waker(client, channel);
    byChannel.set(channel, waker);
  }
  return waker;
}
