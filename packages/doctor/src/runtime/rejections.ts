import { clock, currentOperation } from '../operations.js';
import { describeValue } from '@awaitwise/core/internal/validate';
import { errorFrames } from '../stack.js';
import type { Finding, OperationRef, RelatedStack, StackFrame } from '../types.js';

interface Rejection {
  readonly reason: unknown;
  readonly atMs: number;
  readonly operation: OperationRef | undefined;
  readonly birth: readonly StackFrame[] | undefined;
  handledAfterMs: number | undefined;
}

/** Where a promise was created, when promise tracking (`--full`) knows. */
export type BirthLookup = (promise: Promise<unknown>) => readonly StackFrame[] | undefined;

type Emit = (this: NodeJS.Process, event: string | symbol, ...args: unknown[]) => boolean;

const maxRecords = 1000;

/** The one-line text of a rejection reason. */
export function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  return `a non-Error value ${describeValue(reason)}`;
}

/**
 * Sees `unhandledRejection` and `rejectionHandled` by wrapping `process.emit`, so Node's own behaviour (crash,
 * warn, or the program's handlers) is exactly what it would be without the doctor.
 */
export class RejectionTracker {
  readonly #open = new Map<Promise<unknown>, Rejection>();
  readonly #records: Rejection[] = [];
  readonly #listeners: ((promise: Promise<unknown>, reason: unknown) => void)[] = [];
  #originalEmit: Emit | undefined;
  birthOf: BirthLookup | undefined;

  install(): void {
    const target = process as unknown as { emit: Emit };
    const original = target.emit;
    this.#originalEmit = original;
    const unhandled = (reason: unknown, promise: Promise<unknown>) => {
      this.#unhandled(reason, promise);
    };
    const handled = (promise: Promise<unknown>) => {
      this.#handled(promise);
    };
    function emitObserved(this: NodeJS.Process, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'unhandledRejection') unhandled(args[0], args[1] as Promise<unknown>);
      else if (event === 'rejectionHandled') handled(args[0] as Promise<unknown>);
      return Reflect.apply(original, this, [event, ...args]);
    }
    (process as unknown as { emit: Emit }).emit = emitObserved;
  }

  uninstall(): void {
    if (this.#originalEmit !== undefined) (process as unknown as { emit: Emit }).emit = this.#originalEmit;
    this.#originalEmit = undefined;
  }

  /** Calls `listener` for every unhandled rejection (the express check uses it). */
  onUnhandled(listener: (promise: Promise<unknown>, reason: unknown) => void): void {
    this.#listeners.push(listener);
  }

  #unhandled(reason: unknown, promise: Promise<unknown>): void {
    const birth = this.birthOf?.(promise);
    const record: Rejection = {
      reason,
      atMs: clock(),
      operation: currentOperation(),
      birth,
      handledAfterMs: undefined,
    };
    if (this.#records.length < maxRecords) {
      this.#records.push(record);
      this.#open.set(promise, record);
    }
    for (const listener of this.#listeners) listener(promise, reason);
  }

  #handled(promise: Promise<unknown>): void {
    const record = this.#open.get(promise);
    if (record === undefined) return;
    this.#open.delete(promise);
    record.handledAfterMs = clock() - record.atMs;
  }

  findings(): Finding[] {
    return this.#records.map((record) => {
      const stack = errorFrames(record.reason);
      const related: RelatedStack[] = [];
      let frames: readonly StackFrame[];
      if (record.birth !== undefined && record.birth.length > 0) {
        frames = record.birth;
        if (stack.length > 0) related.push({ label: 'rejected with', frames: stack });
      } else {
        frames = stack;
      }
      const what = describeReason(record.reason);
      const located = frames.length > 0 || record.operation !== undefined;
      const hint = located ? '' : ' (no stack: run with --full to record where the promise was created)';
      if (record.handledAfterMs === undefined) {
        return {
          kind: 'unhandled-rejection',
          pitfall: 'floating-promise',
          severity: 'error',
          message: `Unhandled rejection: ${what}${hint}`,
          frames,
          related,
          operation: record.operation,
          atMs: record.atMs,
          data: { errorType: record.reason instanceof Error ? record.reason.name : typeof record.reason },
        } satisfies Finding;
      }
      const after = Math.round(record.handledAfterMs);
      return {
        kind: 'late-handled-rejection',
        pitfall: 'late-await',
        severity: 'warning',
        message: `Rejection handled after ${after} ms (reported unhandled first): ${what}${hint}`,
        frames,
        related,
        operation: record.operation,
        atMs: record.atMs,
        data: { handledAfterMs: after },
      } satisfies Finding;
    });
  }
}
