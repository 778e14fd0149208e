/**
 * A held lease: its fencing token, the automatic extension while the holder runs, the signal that fires when it is
 * lost, and a release that only ever removes this lease.
 *
 * @module
 */
import { LeaseLostError } from './errors.js';

/** The Redis side of one lease, provided by a single-server or a quorum backend. */
export interface LeaseBackend {
  /** Pushes the expiry `ttl` ms further; resolves false when Redis no longer has the lease. Rejects when unreachable. */
  extend(): Promise<boolean>;
  /** Removes the lease; resolves false when it was already gone. Rejects when unreachable. */
  release(): Promise<boolean>;
}

/**
 * Proof that you hold a Redis lock or semaphore permit, for as long as `signal` has not aborted.
 *
 * - `token` is the **fencing token**: strictly increasing per key, minted inside Redis. Pass it to the store you
 *   write to and have it reject writes with a token lower than the last one it accepted; that is what keeps a holder
 *   that paused past its TTL from corrupting data.
 * - The lease extends itself every `ttl / 3` while you hold it. When an extension finds the lease gone, or none
 *   reaches Redis before the TTL runs out, `signal` aborts with a {@link LeaseLostError}. It is never thrown at you.
 * - `release()` removes this lease and nothing else, and is idempotent. `await using` releases it for you.
 *
 * @example
 * ```ts
 * await using lease = await locks.lock(`invoice:${id}`, { timeout: 5_000 });
 * const invoice = await db.invoices.get(id, { signal: lease.signal });
 * await db.invoices.update(id, next(invoice), { fencingToken: lease.token });
 * ```
 */
export interface Lease extends AsyncDisposable {
  /** The lock or semaphore key. */
  readonly key: string;
  /** The fencing token: strictly increasing per key across every holder, a safe integer. */
  readonly token: number;
  /** Aborts with a {@link LeaseLostError} when the lease is lost (never on a normal release). */
  readonly signal: AbortSignal;
  /** True once the lease was lost (`signal.aborted` because of a loss). */
  readonly lost: boolean;
  /** True once `release()` ran. */
  readonly released: boolean;
  /** Milliseconds until the lease expires unless extended, as estimated locally (0 when lost or released). */
  readonly remaining: number;
  /** Throws the {@link LeaseLostError} if the lease was lost; use it before a write that must not run unfenced. */
  throwIfLost(): void;
  /**
   * Extends the lease now (automatic extension does this for you unless `autoExtend: false`). Resolves true when
   * extended, false when the lease was lost (and `signal` aborts). Rejects only when Redis cannot be reached.
   */
  extend(): Promise<boolean>;
  /**
   * Releases the lease. Resolves true when it was still held, false when it had been lost (or already released).
   * Never rejects: when Redis cannot be reached it resolves false and the lease expires after its TTL. When the lease
   * turns out to have been gone already, `signal` aborts with a {@link LeaseLostError} (if it had not yet).
   */
  release(): Promise<boolean>;
}

/** Settings of one lease. */
export interface LeaseSettings {
  key: string;
  token: number;
  ttl: number;
  /** `performance.now()` when the acquiring request was sent: the lease is valid for `ttl` from then. */
  startedAt: number;
  /**
   * How long the lease was granted for from `startedAt`, when not `ttl` (a hand-off grants a short lease that the
   * first extension, run after a third of it, lengthens to `ttl`).
   */
  grantTtl?: number | undefined;
  autoExtend: boolean;
  backend: LeaseBackend;
}

/** The implementation of {@link Lease}. */
export class RedisLease implements Lease {
  readonly key: string;
  readonly token: number;
  #controller: AbortController | undefined;
  #lost = false;
  readonly #ttl: number;
  readonly #autoExtend: boolean;
  readonly #backend: LeaseBackend;
  /** `performance.now()` past which the lease may have expired in Redis. */
  #validUntil: number;
  /** `performance.now()` when the next automatic extension is due; Infinity while one runs, or without autoExtend. */
  #extendAt: number;
  /**
   * The lease's one timer, set for whichever comes first: the next automatic extension or the expiry (checked
   * while an extension is in flight, or always without autoExtend). An uncontended lock that is released quickly
   * thus costs one `setTimeout` and one `clearTimeout`.
   */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #released = false;
  #releasing: Promise<boolean> | undefined;
  #lastError: unknown;

  constructor(settings: LeaseSettings) {
    this.key = settings.key;
    this.token = settings.token;
    this.#ttl = settings.ttl;
    this.#autoExtend = settings.autoExtend;
    this.#backend = settings.backend;
    const granted = settings.grantTtl ?? settings.ttl;
    this.#validUntil = settings.startedAt + granted - drift(granted);
    const now = performance.now();
    this.#extendAt = this.#autoExtend ? now + Math.max(0, (this.#validUntil - now) / 3) : Infinity;
    this.#arm(now);
  }

  get signal(): AbortSignal {
    // Created on first use: most leases are released without anyone reading their signal.
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }

  get lost(): boolean {
    return this.#lost;
  }

  get released(): boolean {
    return this.#released;
  }

  get remaining(): number {
    if (this.#released || this.lost) return 0;
    return Math.max(0, Math.round(this.#validUntil - performance.now()));
  }

  throwIfLost(): void {
    if (this.lost) throw this.signal.reason as LeaseLostError;
  }

  async extend(): Promise<boolean> {
    if (this.#released || this.lost) return false;
    const startedAt = performance.now();
    const held = await this.#backend.extend();
    if (this.#ended()) return false;
    if (!held) {
      this.#lose('Redis no longer has it (it expired, or Redis lost it in a restart or failover)');
      return false;
    }
    this.#validUntil = Math.max(this.#validUntil, startedAt + this.#ttl - drift(this.#ttl));
    this.#arm(performance.now());
    return true;
  }

  release(): Promise<boolean> {
    if (this.#releasing !== undefined) return this.#releasing;
    this.#released = true;
    this.#clearTimer();
    const wasLost = this.lost;
    this.#releasing = this.#backend.release().then(
      (held) => {
        if (!held && !wasLost) {
          // The loss went unseen (the event loop was blocked past the TTL): report it now.
          this.#abort(new LeaseLostError(this.key, this.token, 'it was gone when released'));
        }
        return held && !wasLost;
      },
      () => false,
    );
    return this.#releasing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.release();
  }

  /** Released or lost (a method, so checks after an `await` are not narrowed away). */
  #ended(): boolean {
    return this.#released || this.lost;
  }

  #lose(why: string, cause?: unknown): void {
    if (this.lost || this.#released) return;
    this.#clearTimer();
    this.#abort(new LeaseLostError(this.key, this.token, why, cause === undefined ? undefined : { cause }));
  }

  #abort(error: LeaseLostError): void {
    this.#lost = true;
    this.#controller ??= new AbortController();
    this.#controller.abort(error);
  }

  /** (Re)sets the timer for the next extension or the expiry, whichever comes first, from `now`. */
  #arm(now: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const at = Math.min(this.#extendAt, this.#validUntil);
    this.#timer = setTimeout(this.#onTimer, Math.max(0, at - now));
    this.#timer.unref();
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    if (this.#ended()) return;
    const now = performance.now();
    if (now >= this.#validUntil) {
      this.#lose(
        `no extension reached Redis within its ${this.#ttl} ms TTL` +
          (this.#autoExtend ? ' (the process paused, or Redis was unreachable)' : ' (autoExtend is off)'),
        this.#lastError,
      );
      return;
    }
    // A timer may fire up to a millisecond before `performance.now()` reaches its time.
    if (now >= this.#extendAt - 1) this.#autoExtendNow();
    this.#arm(now);
  };

  /** Runs one automatic extension; the timer meanwhile watches the expiry. */
  #autoExtendNow(): void {
    this.#extendAt = Infinity;
    this.extend().then(
      (held) => {
        this.#lastError = undefined;
        if (!held || this.#ended()) return;
        const now = performance.now();
        this.#extendAt = now + this.#ttl / 3;
        this.#arm(now);
      },
      (error: unknown) => {
        // Unreachable: retry soon; the timer declares the lease lost if no extension lands in time.
        this.#lastError = error;
        if (this.#ended()) return;
        const now = performance.now();
        this.#extendAt = now + Math.min(this.#ttl / 10, 200);
        this.#arm(now);
      },
    );
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** Margin for clock drift between this process and Redis over one TTL (1 % plus 2 ms, as Redlock suggests). */
export function drift(ttl: number): number {
  return Math.ceil(ttl * 0.01) + 2;
}
