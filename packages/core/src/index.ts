/**
 * @awaitwise/core: Correct async primitives: bounded concurrency, semaphores, keyed locks, timeouts, cancellation, settle helpers, queues, safe event waits, lazy init, dedupe, cooperative loops.
 *
 * @packageDocumentation
 */
export {};
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
