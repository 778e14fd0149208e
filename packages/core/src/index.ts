/**
 * @awaitwise/core: Correct async primitives: bounded concurrency, semaphores, keyed locks, timeouts, cancellation, settle helpers, queues, safe event waits, lazy init, dedupe, cooperative loops.
 *
 * @packageDocumentation
 */
export {};
