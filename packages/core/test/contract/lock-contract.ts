/**
 * A reusable contract suite for locks and semaphores. Every implementation of the same idea runs it: the
 * in-process `Mutex`, `KeyedMutex` and `Semaphore` of `@awaitwise/core`, and the networked locks of
 * `@awaitwise/redis`. It only uses the small adapter interfaces below, which an async implementation can satisfy
 * (acquire returns a promise, release may return one, `tryLock` may be async).
 *
 * Usage:
 *
 * ```ts
 * import { mutexContract } from '../../core/test/contract/lock-contract.js';
 * mutexContract('RedisLock', async () => {
 *   const lock = new RedisLock(client, `test:${randomUUID()}`, { ttl: 5_000 });
 *   return {
 *     lock: (options) => lock.acquire(options),
 *     tryLock: () => lock.tryAcquire(),
 *   };
 * }, { fifo: false, timeoutMs: 100 });
 * ```
 *
 * The suite uses real timers and waits only for deadlines it sets itself (`timeoutMs`), never for luck: a waiter
 * that must time out is blocked by a holder that is not released before it does.
 *
 * Stable interface: the adapters and option names below do not change; new checks are only added behind new options.
 */
import { describe, expect, it } from 'vitest';
import { track } from '../../../../test/support/async.js';

/** Options every waiting operation of an adapter must honour. */
export interface ContractWaitOptions {
  /** Aborting it rejects the waiting call with `signal.reason` and removes the waiter. */
  signal?: AbortSignal | undefined;
  /** Milliseconds before the waiting call rejects with an error named `TimeoutError`. */
  timeout?: number | undefined;
}

/** What `lock()`/`acquire()` resolves to: anything with a `release()`, which may be async. */
export interface ContractHandle {
  /** Gives the lock back. Must be idempotent: a second call never frees someone else's hold. */
  release(): void | Promise<void>;
}

/** A mutual-exclusion lock under test. */
export interface MutexAdapter {
  /** Waits for the lock. */
  lock(options?: ContractWaitOptions): Promise<ContractHandle>;
  /** Takes the lock if it is free right now, or returns `undefined` without waiting. */
  tryLock(): ContractHandle | undefined | Promise<ContractHandle | undefined>;
}

/** A lock per key under test. */
export interface KeyedMutexAdapter {
  /** Waits for the lock of `key`. */
  lock(key: string, options?: ContractWaitOptions): Promise<ContractHandle>;
  /** Takes the lock of `key` if it is free right now, or returns `undefined`. */
  tryLock(key: string): ContractHandle | undefined | Promise<ContractHandle | undefined>;
}

/** A counting semaphore under test, with `permits` slots. */
export interface SemaphoreAdapter {
  /** Waits for one permit. */
  acquire(options?: ContractWaitOptions): Promise<ContractHandle>;
  /** Takes one permit if one is free right now, or returns `undefined`. */
  tryAcquire(): ContractHandle | undefined | Promise<ContractHandle | undefined>;
}

/** How the suite treats an implementation. */
export interface ContractOptions {
  /** Whether waiters are granted in arrival order (checked only when true). Default: true. */
  fifo?: boolean;
  /** A deadline short enough for tests, long enough for the implementation's round trips. Default: 30 ms. */
  timeoutMs?: number;
  /** How many concurrent workers the exclusion checks use. Default: 8. */
  workers?: number;
}

/** Makes a fresh, unlocked instance for one test (a new Redis key, a new in-process object). */
export type Factory<T> = () => T | Promise<T>;

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Lets pending promise chains and a few I/O turns run (enough for an in-process lock; async adapters poll). */
async function settleSoon(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await tick();
}

async function exclusion(
  acquire: () => Promise<ContractHandle>,
  workers: number,
  rounds: number,
): Promise<number> {
  let active = 0;
  let peak = 0;
  const worker = async (): Promise<void> => {
    for (let i = 0; i < rounds; i++) {
      const handle = await acquire();
      active++;
      peak = Math.max(peak, active);
      await tick();
      active--;
      await handle.release();
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  expect(active).toBe(0);
  return peak;
}

/** The shared behaviour of a lock whose holders wait on one queue. */
function waitingBehaviour(
  acquire: (options?: ContractWaitOptions) => Promise<ContractHandle>,
  tryAcquire: () => ContractHandle | undefined | Promise<ContractHandle | undefined>,
  occupy: () => Promise<ContractHandle[]>,
  options: Required<ContractOptions>,
): void {
  it('tryLock fails fast while held and succeeds once released', async () => {
    const held = await occupy();
    expect(await tryAcquire()).toBeUndefined();
    for (const handle of held) await handle.release();
    const handle = await tryAcquire();
    expect(handle).toBeDefined();
    await handle?.release();
  });

  it('release is idempotent: a second release does not free the next holder', async () => {
    const held = await occupy();
    const first = held[0]!;
    await first.release();
    const next = await acquire({ timeout: options.timeoutMs * 20 });
    await first.release();
    expect(await tryAcquire()).toBeUndefined();
    await next.release();
    for (const handle of held.slice(1)) await handle.release();
  });

  it('an already-aborted signal rejects at once with its reason', async () => {
    const reason = new Error('already aborted');
    await expect(acquire({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it('aborting a waiter rejects it with the reason, and it never gets the lock', async () => {
    const held = await occupy();
    const controller = new AbortController();
    const waiter = track(acquire({ signal: controller.signal }));
    await settleSoon();
    expect(waiter.state).toBe('pending');
    const reason = new Error('stop waiting');
    controller.abort(reason);
    await settleSoon();
    expect(waiter.state).toBe('rejected');
    expect(waiter.error).toBe(reason);
    for (const handle of held) await handle.release();
    const handle = await acquire({ timeout: options.timeoutMs * 20 });
    await handle.release();
  });

  it('a waiter past its timeout rejects with a TimeoutError and the lock stays usable', async () => {
    const held = await occupy();
    const error = await acquire({ timeout: options.timeoutMs }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('TimeoutError');
    for (const handle of held) await handle.release();
    const handle = await acquire({ timeout: options.timeoutMs * 20 });
    await handle.release();
  });

  if (options.fifo) {
    it('grants waiters in arrival order', async () => {
      const held = await occupy();
      const order: number[] = [];
      const waiters: Promise<void>[] = [];
      for (let i = 0; i < 5; i++) {
        waiters.push(
          acquire().then(async (handle) => {
            order.push(i);
            await tick();
            await handle.release();
          }),
        );
        await settleSoon(1);
      }
      for (const handle of held) await handle.release();
      await Promise.all(waiters);
      expect(order).toEqual([0, 1, 2, 3, 4]);
    });
  }
}

function withDefaults(options: ContractOptions | undefined): Required<ContractOptions> {
  return { fifo: options?.fifo ?? true, timeoutMs: options?.timeoutMs ?? 30, workers: options?.workers ?? 8 };
}

/** Runs the mutex contract (mutual exclusion, tryLock, idempotent release, abort, timeout, FIFO) on `factory`. */
export function mutexContract(
  name: string,
  factory: Factory<MutexAdapter>,
  contractOptions?: ContractOptions,
): void {
  const options = withDefaults(contractOptions);
  describe(`${name} (mutex contract)`, () => {
    it('never lets two holders in at once', async () => {
      const mutex = await factory();
      expect(await exclusion(() => mutex.lock(), options.workers, 5)).toBe(1);
    });

    describe('waiting', () => {
      let mutex: MutexAdapter;
      const fresh = async (): Promise<ContractHandle[]> => {
        mutex = await factory();
        return [await mutex.lock()];
      };
      waitingBehaviour(
        (opts) => mutex.lock(opts),
        () => mutex.tryLock(),
        fresh,
        options,
      );
      it('an already-aborted signal rejects even when the lock is free', async () => {
        mutex = await factory();
        await expect(mutex.lock({ signal: AbortSignal.abort() })).rejects.toMatchObject({
          name: 'AbortError',
        });
        const handle = await mutex.tryLock();
        expect(handle).toBeDefined();
        await handle?.release();
      });
    });
  });
}

/** Runs the keyed-mutex contract: the mutex contract per key, plus independence of keys. */
export function keyedMutexContract(
  name: string,
  factory: Factory<KeyedMutexAdapter>,
  contractOptions?: ContractOptions,
): void {
  const options = withDefaults(contractOptions);
  describe(`${name} (keyed mutex contract)`, () => {
    it('never lets two holders of the same key in at once', async () => {
      const keyed = await factory();
      expect(await exclusion(() => keyed.lock('k'), options.workers, 5)).toBe(1);
    });

    it('keys are independent: holding one does not block another', async () => {
      const keyed = await factory();
      const a = await keyed.lock('a');
      const b = await keyed.lock('b', { timeout: options.timeoutMs * 20 });
      expect(await keyed.tryLock('a')).toBeUndefined();
      const c = await keyed.tryLock('c');
      expect(c).toBeDefined();
      await Promise.all([a.release(), b.release(), c?.release()]);
    });

    describe('waiting on one key', () => {
      let keyed: KeyedMutexAdapter;
      waitingBehaviour(
        (opts) => keyed.lock('key', opts),
        () => keyed.tryLock('key'),
        async () => {
          keyed = await factory();
          return [await keyed.lock('key')];
        },
        options,
      );
    });
  });
}

/** Runs the semaphore contract with `permits` slots: at most `permits` holders, plus the waiting behaviour. */
export function semaphoreContract(
  name: string,
  permits: number,
  factory: Factory<SemaphoreAdapter>,
  contractOptions?: ContractOptions,
): void {
  const options = withDefaults(contractOptions);
  describe(`${name} (semaphore contract, ${permits} permits)`, () => {
    it(`never lets more than ${permits} holders in at once, and reaches ${permits}`, async () => {
      const semaphore = await factory();
      const peak = await exclusion(() => semaphore.acquire(), Math.max(options.workers, permits * 2), 5);
      expect(peak).toBe(permits);
    });

    it('tryAcquire succeeds exactly `permits` times', async () => {
      const semaphore = await factory();
      const handles: ContractHandle[] = [];
      for (let i = 0; i < permits; i++) {
        const handle = await semaphore.tryAcquire();
        expect(handle).toBeDefined();
        handles.push(handle!);
      }
      expect(await semaphore.tryAcquire()).toBeUndefined();
      for (const handle of handles) await handle.release();
    });

    describe('waiting', () => {
      let semaphore: SemaphoreAdapter;
      waitingBehaviour(
        (opts) => semaphore.acquire(opts),
        () => semaphore.tryAcquire(),
        async () => {
          semaphore = await factory();
          const held: ContractHandle[] = [];
          for (let i = 0; i < permits; i++) held.push(await semaphore.acquire());
          return held;
        },
        options,
      );
    });
  });
}
