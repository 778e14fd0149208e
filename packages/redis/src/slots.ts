/**
 * The Redis side of locks and semaphores: key layout, script calls and reply parsing, for one server and for a
 * quorum of independent servers.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { Script, type RedisScriptClient } from './client.js';
import { QuorumError } from './errors.js';
import type { LeaseBackend } from './lease.js';
import {
  LOCK_ACQUIRE,
  LOCK_EXTEND,
  LOCK_LEAVE,
  LOCK_RELEASE,
  RAISE_FENCE,
  SEMAPHORE_ACQUIRE,
  SEMAPHORE_EXTEND,
  SEMAPHORE_LEAVE,
  SEMAPHORE_RELEASE,
} from './scripts.js';
import { drift } from './lease.js';

/** The scripts of one holder layout. */
interface Scripts {
  readonly acquire: Script;
  readonly extend: Script;
  readonly release: Script;
  readonly leave: Script;
}

const lockScripts: Scripts = {
  acquire: new Script(LOCK_ACQUIRE),
  extend: new Script(LOCK_EXTEND),
  release: new Script(LOCK_RELEASE),
  leave: new Script(LOCK_LEAVE),
};
const semaphoreScripts: Scripts = {
  acquire: new Script(SEMAPHORE_ACQUIRE),
  extend: new Script(SEMAPHORE_EXTEND),
  release: new Script(SEMAPHORE_RELEASE),
  leave: new Script(SEMAPHORE_LEAVE),
};
const raiseFenceScript = new Script(RAISE_FENCE);

/** Which holder layout a slot uses: a lock's single `owner` string, or a semaphore's `holders` sorted set. */
export type SlotKind = 'lock' | 'semaphore';

/** The keys of one lock or semaphore. A hash tag keeps them in one Redis Cluster slot. */
export interface SlotKeys {
  /** The user's key. */
  readonly name: string;
  /** The holder layout. */
  readonly kind: SlotKind;
  /** owner (lock) or holders (semaphore), queue, waiters, fence */
  readonly keys: readonly [string, string, string, string];
  /** The pub/sub channel for wake-ups (one per prefix). */
  readonly channel: string;
  /** The message published when the lock frees with nobody queued. */
  readonly freeMessage: string;
}

/** Builds the keys of the lock or semaphore `name` under `prefix`. */
export function slotKeys(prefix: string, name: string, kind: SlotKind): SlotKeys {
  const base = `${prefix}{${name}}`;
  return {
    name,
    kind,
    keys: [
      kind === 'lock' ? `${base}:owner` : `${base}:holders`,
      `${base}:queue`,
      `${base}:waiters`,
      `${base}:fence`,
    ],
    channel: `${prefix}wake`,
    freeMessage: `free:${name}`,
  };
}

/** The result of one acquire script call. */
export type SlotReply =
  | { readonly acquired: true; readonly token: number }
  | { readonly acquired: false; readonly retryInMs: number; readonly mark: number };

/** Reads an acquire script's reply: the token (an integer) when taken, else `[ms until free, watermark]`. */
function parseAcquire(reply: unknown): SlotReply {
  if (Array.isArray(reply) && reply.length === 2) {
    const [wait, mark] = reply as [unknown, unknown];
    return { acquired: false, retryInMs: Number(wait), mark: Number(mark) };
  }
  const token = typeof reply === 'number' ? reply : Number(reply);
  if (reply === null || Array.isArray(reply) || !Number.isSafeInteger(token) || token <= 0) {
    throw new TypeError(`Unexpected reply from the acquire script: ${JSON.stringify(reply)}`);
  }
  return { acquired: true, token };
}

/** Everything needed to take and hold a slot on one server. */
export interface SlotRequest {
  readonly slot: SlotKeys;
  /** `<grant ttl>:<random>`: a hand-off to this waiter grants it a lease of `grant ttl` ms (see the scripts). */
  readonly id: string;
  readonly ttl: number;
  readonly permits: number;
  readonly waiterTtl: number;
  /**
   * `<permits> <waiter ttl> <channel>`: what only the scripts' slow paths read, packed into one argument (the
   * release and leave scripts take the permits and the channel from it).
   */
  readonly line: string;
}

function scriptsOf(slot: SlotKeys): Scripts {
  return slot.kind === 'lock' ? lockScripts : semaphoreScripts;
}

/** One server: attempt (joining the fair line when `wait`), extend, release, leave. */
export class SingleServer {
  /**
   * @param client - the server's client
   * @param announceFree - publish a message when a release leaves nobody queued (quorum waiters listen for it)
   */
  constructor(
    readonly client: RedisScriptClient,
    readonly announceFree = false,
  ) {}

  async acquire(request: SlotRequest, mode: 'wait' | 'try'): Promise<SlotReply> {
    const { slot } = request;
    const reply = await scriptsOf(slot).acquire.run(this.client, slot.keys, [
      request.id,
      String(request.ttl),
      `${mode} ${request.line}`,
    ]);
    return parseAcquire(reply);
  }

  leave(request: SlotRequest): Promise<unknown> {
    const { slot } = request;
    return scriptsOf(slot).leave.run(this.client, slot.keys, [request.id, request.line]);
  }

  /** Extends the lease of `request`; resolves false when Redis no longer has it. */
  async extend(request: SlotRequest): Promise<boolean> {
    const { slot } = request;
    const reply = await scriptsOf(slot).extend.run(
      this.client,
      [slot.keys[0]],
      [request.id, String(request.ttl)],
    );
    return Number(reply) === 1;
  }

  /** Releases the lease of `request` and hands the slot on; resolves false when it was already gone. */
  async release(request: SlotRequest): Promise<boolean> {
    const { slot } = request;
    const reply = await scriptsOf(slot).release.run(
      this.client,
      slot.keys,
      this.announceFree ? [request.id, request.line, slot.freeMessage] : [request.id, request.line],
    );
    return Number(reply) === 1;
  }

  backend(request: SlotRequest): LeaseBackend {
    return new ServerBackend(this, request);
  }
}

/** The lease of one request on one server (a class: no closures to allocate per lease). */
class ServerBackend implements LeaseBackend {
  constructor(
    readonly server: SingleServer,
    readonly request: SlotRequest,
  ) {}

  extend(): Promise<boolean> {
    return this.server.extend(this.request);
  }

  release(): Promise<boolean> {
    return this.server.release(this.request);
  }
}

/** A server whose every call fails after `timeout` ms, so one dead server cannot stall a quorum. */
class BoundedServer extends SingleServer {
  constructor(
    client: RedisScriptClient,
    readonly timeout: number,
    readonly index: number,
  ) {
    super(client, true);
  }

  #bound<T>(call: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`Redis server #${this.index} did not answer within ${this.timeout} ms`));
      }, this.timeout);
    });
    call.catch(() => undefined);
    return Promise.race([call, deadline]).finally(() => {
      clearTimeout(timer);
    });
  }

  override acquire(request: SlotRequest, mode: 'wait' | 'try'): Promise<SlotReply> {
    return this.#bound(super.acquire(request, mode));
  }

  override extend(request: SlotRequest): Promise<boolean> {
    return this.#bound(super.extend(request));
  }

  override release(request: SlotRequest): Promise<boolean> {
    return this.#bound(super.release(request));
  }

  raiseFence(request: SlotRequest, token: number): Promise<unknown> {
    return this.#bound(
      raiseFenceScript.run(
        this.client,
        [request.slot.keys[0], request.slot.keys[3]],
        [request.id, String(token)],
      ),
    );
  }
}

/** The outcome of one quorum attempt. */
export type QuorumReply =
  | { readonly acquired: true; readonly token: number; readonly startedAt: number }
  | { readonly acquired: false; readonly retryInMs: number };

/**
 * Several independent servers: a lease exists when a majority granted it within its validity time. The token is
 * the largest one the majority minted, written back to each of them, so any later majority (which shares at least
 * one server with this one) mints a larger one.
 */
export class QuorumServers {
  readonly quorum: number;
  readonly bounded: readonly BoundedServer[];

  /**
   * @param servers - the independent servers
   * @param serverTimeout - how long one server may take to answer before it counts as failed, in ms
   */
  constructor(servers: readonly SingleServer[], serverTimeout: number) {
    this.quorum = Math.floor(servers.length / 2) + 1;
    this.bounded = servers.map((server, index) => new BoundedServer(server.client, serverTimeout, index));
  }

  async acquire(request: SlotRequest): Promise<QuorumReply> {
    const startedAt = performance.now();
    const replies = await Promise.allSettled(this.bounded.map((server) => server.acquire(request, 'try')));
    const granted: { server: BoundedServer; token: number }[] = [];
    const errors: unknown[] = [];
    let retryInMs = 0;
    replies.forEach((reply, index) => {
      const server = this.bounded[index] as BoundedServer;
      if (reply.status === 'rejected') errors.push(reply.reason);
      else if (reply.value.acquired) granted.push({ server, token: reply.value.token });
      else if (reply.value.retryInMs > 0) {
        retryInMs = retryInMs === 0 ? reply.value.retryInMs : Math.min(retryInMs, reply.value.retryInMs);
      }
    });
    const elapsed = performance.now() - startedAt;
    if (granted.length >= this.quorum && elapsed < request.ttl - drift(request.ttl)) {
      const token = Math.max(...granted.map((entry) => entry.token));
      const raised = await Promise.allSettled(
        granted.map(({ server }) =>
          raiseFenceScript.run(
            server.client,
            [request.slot.keys[0], request.slot.keys[3]],
            [request.id, String(token)],
          ),
        ),
      );
      const confirmed = raised.filter(
        (result) => result.status === 'fulfilled' && Number(result.value) === 1,
      );
      if (confirmed.length >= this.quorum) return { acquired: true, token, startedAt };
    }
    await this.backend(request).release();
    if (errors.length > this.bounded.length - this.quorum) {
      throw new QuorumError(errors, this.bounded.length, request.slot.name);
    }
    return { acquired: false, retryInMs };
  }

  backend(request: SlotRequest): LeaseBackend {
    const backends = this.bounded.map((server) => server.backend(request));
    const count = async (calls: Promise<boolean>[]): Promise<boolean> => {
      const results = await Promise.allSettled(calls);
      const held = results.filter((result) => result.status === 'fulfilled' && result.value).length;
      const failed = results.filter(
        (result): result is PromiseRejectedResult => result.status === 'rejected',
      );
      if (held >= this.quorum) return true;
      if (held + failed.length >= this.quorum) {
        throw new QuorumError(
          failed.map((result): unknown => result.reason),
          this.bounded.length,
          request.slot.name,
        );
      }
      return false;
    };
    return {
      extend: () => count(backends.map((backend) => backend.extend())),
      release: () => count(backends.map((backend) => backend.release())).catch(() => false),
    };
  }
}

/** 96 random bits naming this process in lease ids; a counter tells its leases apart. */
const processTag = randomBytes(12).toString('base64url');
let leases = 0;

/**
 * A slot request with a fresh id, unique across processes: `<grant ttl>:<process tag><counter>`. A hand-off grants
 * a waiter a lease of `min(ttl, waiterTtl)` ms when it extends itself (the first extension then runs at once), or
 * the full `ttl` when it does not.
 */
export function slotRequest(
  slot: SlotKeys,
  ttl: number,
  permits: number,
  waiterTtl: number,
  autoExtend: boolean,
): SlotRequest {
  const grantTtl = autoExtend ? Math.min(ttl, waiterTtl) : ttl;
  leases++;
  return {
    slot,
    id: `${grantTtl}:${processTag}${leases.toString(36)}`,
    ttl,
    permits,
    waiterTtl,
    line: `${permits} ${waiterTtl} ${slot.channel}`,
  };
}

/** A hand-off published by a release: this waiter now holds a lease with `token`, granted for `ttl` ms. */
export interface Grant {
  readonly token: number;
  readonly ttl: number;
}

/** Parses a hand-off message (`<id>|<token>|<ttl>`); undefined for a plain wake-up. */
export function parseGrant(message: string): Grant | undefined {
  const parts = message.split('|');
  if (parts.length !== 3) return undefined;
  const token = Number(parts[1]);
  const ttl = Number(parts[2]);
  return Number.isSafeInteger(token) && Number.isSafeInteger(ttl) && ttl > 0 ? { token, ttl } : undefined;
}
