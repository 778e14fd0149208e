import { AbortError } from '../errors.js';
import { LinkedList } from './list.js';

/** The error a waiter rejects with when `signal` aborts: the signal's own reason, or an {@link AbortError}. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new AbortError();
}

/** A registration that can be undone; undoing twice is harmless. */
export interface Unsubscribe {
  (): void;
}

const noop: Unsubscribe = () => undefined;

/**
 * Calls `onAbort` once when `signal` aborts, and returns a function that removes the listener.
 * Callers must call it on every settle path, so a long-lived signal never accumulates listeners.
 * When `signal` is undefined it does nothing and returns a no-op.
 */
export function subscribeAbort(signal: AbortSignal | undefined, onAbort: () => void): Unsubscribe {
  if (signal === undefined) return noop;
  signal.addEventListener('abort', onAbort, { once: true });
  return () => {
    signal.removeEventListener('abort', onAbort);
  };
}

interface AbortHub {
  readonly callbacks: LinkedList<() => void>;
  readonly listener: () => void;
}

const hubs = new WeakMap<AbortSignal, AbortHub>();

/**
 * Like {@link subscribeAbort}, for a signal that many waiters share at once (one request signal passed to
 * thousands of queued tasks): it keeps ONE `abort` listener per signal and the callbacks in a linked list, so
 * subscribing and unsubscribing are O(1) however many are registered (each `removeEventListener` is O(listeners)
 * in Node, which made N waiters cost O(N²)). The listener is removed when the last callback unsubscribes, so a
 * long-lived signal still ends with zero listeners. Callbacks run in subscription order; one that throws does not
 * stop the others (its error is rethrown in a microtask, like a throwing event listener).
 * When `signal` is undefined or already aborted it does nothing and returns a no-op.
 */
export function subscribeAbortShared(signal: AbortSignal | undefined, onAbort: () => void): Unsubscribe {
  if (signal === undefined || signal.aborted) return noop;
  let hub = hubs.get(signal);
  if (hub === undefined) {
    const callbacks = new LinkedList<() => void>();
    const listener = (): void => {
      hubs.delete(signal);
      for (const callback of callbacks.drain()) {
        try {
          callback();
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    };
    hub = { callbacks, listener };
    hubs.set(signal, hub);
    signal.addEventListener('abort', listener, { once: true });
  }
  const owner = hub;
  const node = owner.callbacks.push(onAbort);
  return () => {
    if (!owner.callbacks.remove(node) || owner.callbacks.size !== 0) return;
    signal.removeEventListener('abort', owner.listener);
    if (hubs.get(signal) === owner) hubs.delete(signal);
  };
}
