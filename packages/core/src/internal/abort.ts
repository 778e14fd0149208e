import { AbortError } from '../errors.js';

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
