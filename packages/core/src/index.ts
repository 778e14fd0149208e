/**
 * @awaitwise/core: Correct async primitives: bounded concurrency, semaphores, keyed locks, timeouts, cancellation, settle helpers, queues, safe event waits, lazy init, dedupe, cooperative loops.
 *
 * @packageDocumentation
 */
export * from './errors.js';
// core-A: locks, limiters and concurrent mapping
export type { Permit, WaitOptions } from './permit.js';
export {
  Semaphore,
  type AcquireOptions,
  type TryAcquireOptions,
  type SemaphoreRunOptions,
  type Task,
} from './semaphore.js';
export { Mutex } from './mutex.js';
export { KeyedMutex, KeyedSemaphore } from './keyed.js';
export { limit, type Limiter, type LimitOptions, type LimitRunOptions } from './limit.js';
export {
  map,
  mapSettled,
  type MapBaseOptions,
  type MapInput,
  type Mapper,
  type MapOptions,
  type MapSettledOptions,
  type MapSettledResult,
} from './map.js';
export { mapIterable, type MapIterableOptions } from './map-iterable.js';
// core-B: time, cancellation, settle helpers, events, queues, caching, loops
export { sleep, type SleepOptions } from './sleep.js';
export { timeout, type TimedTask, type TimeoutOptions } from './timeout.js';
export { anySignal, type DisposableSignal } from './signals.js';
export { latest, type LatestFunction } from './latest.js';
export { retry, type ExponentialBackoff, type Jitter, type RetryOptions } from './retry.js';
export { background, type BackgroundOptions } from './background.js';
export {
  all,
  settle,
  type AllOptions,
  type AllTask,
  type Fulfilled,
  type FulfilledOf,
  type Rejected,
  type RejectedOf,
  type Settled,
  type TaskResults,
} from './settle.js';
export {
  on,
  waitFor,
  type EmitterLike,
  type EventIterator,
  type EventTargetLike,
  type OnOptions,
  type Overflow,
  type WaitForOptions,
} from './events.js';
export { AsyncQueue, Channel, type AsyncQueueOptions, type QueueWaitOptions, type TryPop } from './queue.js';
export { lazy, type Lazy, type LazyGetOptions } from './lazy.js';
export { singleflight, type SingleflightFunction, type SingleflightOptions } from './singleflight.js';
export { memoAsync, type MemoizedFunction, type MemoOptions } from './memo.js';
export { cooperative, yieldToEventLoop, type CooperativeOptions } from './cooperative.js';
export { promiseState, type PromiseState } from './promise-state.js';
