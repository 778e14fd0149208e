/**
 * What `waitFor` and `on` listen to, behind one interface: a Node `EventEmitter` or a DOM `EventTarget`, with the
 * option checks and the error conversion they share.
 */
import { describeValue } from './validate.js';

/** The part of Node's `EventEmitter` that `waitFor` and `on` use (written structurally: no dependency on `node:events`). */
export interface EmitterLike {
  /** Adds a listener (Node's `emitter.on`). */
  on(event: string | symbol, listener: (...args: unknown[]) => void): unknown;
  /** Removes a listener added with `on` (Node's `emitter.removeListener`). */
  removeListener(event: string | symbol, listener: (...args: unknown[]) => void): unknown;
}

/** The part of a DOM `EventTarget` that `waitFor` and `on` use. */
export interface EventTargetLike {
  /** Adds a listener (the DOM's `addEventListener`). */
  addEventListener(type: string, listener: (event: Event) => void): void;
  /** Removes a listener added with `addEventListener`. */
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/** A target adapted to one way of listening. */
export interface Source {
  readonly defaultRejectOn: readonly (string | symbol)[];
  /** Adds a listener receiving the event's value and returns the function that removes it. */
  listen(event: string | symbol, listener: (value: unknown) => void): () => void;
}

/** The events that reject by default for an `EventEmitter`. */
const EMITTER_REJECT_ON: readonly string[] = ['error'];

export function adapt(target: EmitterLike | EventTargetLike): Source {
  const candidate = target as Partial<EmitterLike & EventTargetLike> | null;
  if (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.addEventListener === 'function' &&
    typeof candidate.removeEventListener === 'function'
  ) {
    const eventTarget = target as EventTargetLike;
    return {
      defaultRejectOn: [],
      listen(event, listener) {
        if (typeof event !== 'string') {
          throw new TypeError(
            `Expected the event of an EventTarget to be a string, got ${describeValue(event)}`,
          );
        }
        eventTarget.addEventListener(event, listener);
        return () => {
          eventTarget.removeEventListener(event, listener);
        };
      },
    };
  }
  if (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.on === 'function' &&
    typeof candidate.removeListener === 'function'
  ) {
    const emitter = target as EmitterLike;
    return {
      defaultRejectOn: EMITTER_REJECT_ON,
      listen(event, listener) {
        const onEvent = (...args: unknown[]): void => {
          listener(args[0]);
        };
        emitter.on(event, onEvent);
        return () => {
          emitter.removeListener(event, onEvent);
        };
      },
    };
  }
  throw new TypeError(
    `Expected \`target\` to be an EventEmitter (on/removeListener) or an EventTarget (addEventListener/removeEventListener), got ${describeValue(target)}`,
  );
}

export function assertEvents(name: string, events: unknown): void {
  if (
    !Array.isArray(events) ||
    !events.every((event) => typeof event === 'string' || typeof event === 'symbol')
  ) {
    throw new TypeError(`Expected \`${name}\` to be an array of event names, got ${describeValue(events)}`);
  }
}

/** The error to reject with when a `rejectOn` event arrives: the emitted `Error`, an `ErrorEvent`'s error, or a new one. */
export function toError(value: unknown, event: string | symbol): Error {
  if (value instanceof Error) return value;
  const inner = (value as { error?: unknown } | null | undefined)?.error;
  if (inner instanceof Error) return inner;
  return new Error(`The "${String(event)}" event was emitted while waiting; see \`cause\` for its value.`, {
    cause: value,
  });
}
