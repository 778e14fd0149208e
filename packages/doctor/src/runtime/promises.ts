import { promiseHooks } from 'node:v8';
import { clock, currentOperation } from '../operations.js';
import {
  captureSite,
  isUserFrame,
  siteFrames,
  stackKey,
  visibleFrames,
  type CapturedSite,
} from '../stack.js';
import type { Finding, OperationRef, StackFrame } from '../types.js';

interface Tracked {
  readonly site: CapturedSite;
  readonly parent: Promise<unknown> | undefined;
  readonly operation: OperationRef | undefined;
  readonly atMs: number;
}

const recentSize = 256;
const maxPendingFindings = 10;

/**
 * `--full`: v8 promise hooks. Every promise gets a creation stack until the budget is spent, then one in
 * `sampleEvery`; a tracked promise is forgotten when it settles (a small ring keeps the last settled ones, so a
 * rejection can still be located when `unhandledRejection` fires). At exit, tracked promises still pending that
 * something awaits are the hang: where each was created and who awaits it.
 */
export class PromiseTracker {
  readonly #pending = new Map<Promise<unknown>, Tracked>();
  readonly #recent: ([Promise<unknown>, Tracked] | undefined)[] = new Array<undefined>(recentSize).fill(
    undefined,
  );
  #count: () => number = () => 0;
  readonly #budget: number;
  readonly #mask: number;
  #stop: (() => void) | undefined;

  constructor(budget: number, sampleEvery: number) {
    this.#budget = budget;
    this.#mask = sampleEvery - 1;
  }

  start(): void {
    const pending = this.#pending;
    const recent = this.#recent;
    let recentIndex = 0;
    let created = 0;
    const budget = this.#budget;
    const mask = this.#mask;
    const init = (promise: Promise<unknown>, parent: Promise<unknown> | undefined): void => {
      created += 1;
      if (created > budget && (created & mask) !== 0) return;
      pending.set(promise, { site: captureSite(init), parent, operation: currentOperation(), atMs: clock() });
    };
    this.#count = () => created;
    function settled(promise: Promise<unknown>): void {
      if (pending.size === 0) return;
      const tracked = pending.get(promise);
      if (tracked === undefined) return;
      pending.delete(promise);
      recent[recentIndex++ % recentSize] = [promise, tracked];
    }
    const stop = promiseHooks.createHook({ init, settled }) as () => void;
    this.#stop = stop;
  }

  stop(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  /** How many promises were created while tracking. */
  get created(): number {
    return this.#count();
  }

  #find(promise: Promise<unknown>): Tracked | undefined {
    const pending = this.#pending.get(promise);
    if (pending !== undefined) return pending;
    for (const entry of this.#recent) if (entry !== undefined && entry[0] === promise) return entry[1];
    return undefined;
  }

  /** Where `promise` was created, when it was tracked. */
  birthOf(promise: Promise<unknown>): StackFrame[] | undefined {
    const tracked = this.#find(promise);
    return tracked === undefined ? undefined : visibleFrames(siteFrames(tracked.site));
  }

  /** Pending promises that something awaits, innermost (latest created) first, one per creation site. */
  pendingFindings(): Finding[] {
    const awaitedBy = new Map<Promise<unknown>, Tracked[]>();
    for (const tracked of this.#pending.values()) {
      if (tracked.parent === undefined || !this.#pending.has(tracked.parent)) continue;
      let list = awaitedBy.get(tracked.parent);
      if (list === undefined) awaitedBy.set(tracked.parent, (list = []));
      list.push(tracked);
    }
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const candidates = [...awaitedBy.entries()]
      .map(([promise, awaiters]) => ({ tracked: this.#pending.get(promise), awaiters }))
      .filter((entry): entry is { tracked: Tracked; awaiters: Tracked[] } => entry.tracked !== undefined)
      .sort((a, b) => b.tracked.atMs - a.tracked.atMs);
    for (const { tracked, awaiters } of candidates) {
      const birth = visibleFrames(siteFrames(tracked.site));
      const awaiterFrames = awaiters.map((awaiter) => visibleFrames(siteFrames(awaiter.site)));
      // Promises Node or a library keeps pending for itself are not the program's hang.
      if (!birth.some(isUserFrame) && !awaiterFrames.some((frames) => frames.some(isUserFrame))) continue;
      const key = stackKey(birth);
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        kind: 'pending-promise',
        pitfall: undefined,
        severity: 'error',
        message: `A promise awaited by ${awaiters.length === 1 ? 'one caller' : `${awaiters.length} callers`} never settled`,
        frames: birth,
        related: awaiterFrames.map((frames) => ({ label: 'awaited by', frames })),
        operation: tracked.operation,
        atMs: tracked.atMs,
        data: { awaiters: awaiters.length },
      });
      if (findings.length >= maxPendingFindings) break;
    }
    return findings;
  }
}
