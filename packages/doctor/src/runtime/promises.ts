import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import { promiseHooks } from 'node:v8';
import { clock, currentOperationId, operationRef } from '../operations.js';
import {
  captureSite,
  isUserFrame,
  siteFrames,
  stackKey,
  visibleFrames,
  type CapturedSite,
} from '../stack.js';
import type { Finding, RecordingCoverage, StackFrame } from '../types.js';
import type { AsyncWork } from './async-work.js';
import type { DutyCycle } from './duty-cycle.js';

/**
 * One promise the recorder gave a creation stack. The fields after `weight` are filled in as it lives: who awaited
 * it, when it settled, which activation of an async function created it.
 */
export interface PromiseRecord {
  readonly site: CapturedSite;
  /** A reaction (`await`'s throwaway promise, `.then`): made for a promise that was recorded too ({@link awaited}). */
  readonly reaction: boolean;
  /** The operation it was created in, `0` outside any (handed on through `await` continuations). */
  operation: number;
  /** Milliseconds since the doctor started. */
  readonly atMs: number;
  /** Its rank among recorded promises: orders creations against settlements without reading the clock. */
  readonly seq: number;
  /** `1` when every promise was being recorded; `sampleEvery` when it stands for that many. */
  readonly weight: number;
  /** For a reaction (`await`'s throwaway promise, `.then`): the record of the promise it waits on. */
  awaited: PromiseRecord | undefined;
  /** The first reaction recorded on this promise (the `await` that waited on it). */
  awaiter: PromiseRecord | undefined;
  /** Milliseconds since the doctor started when it settled; `-1` while pending. */
  endMs: number;
  /** `seq` of the last record created before it settled. */
  settleSeq: number;
  /** The activation of an async function that created it (records created in one continuation share it). */
  activation: number;
  /** Set by {@link AsyncWork}: the site it was counted at, `-1` when it is not the program's own work. */
  siteId: number;
  /** Set by {@link AsyncWork}: counted as in flight at its site. */
  live: boolean;
  /** The recording window it was created in (`0` before sampling started; see {@link DutyCycle}). */
  readonly window: number;
  /**
   * Still pending when its window closed: the hooks were off when it settled, so it has no settle time, counts in flight
   * nowhere and ends no run. It stays in the pending set, to be swept once it is seen settled.
   */
  censored: boolean;
}

/** How the tracker turns its hooks on and off when it samples (absent: recording all the time). */
export interface Sampling {
  readonly cycle: DutyCycle;
  /** Runs `callback` after `ms` milliseconds without keeping the process alive (the doctor's own timer). */
  readonly schedule: (callback: () => void, ms: number) => void;
}

const pendingLook = {
  depth: 0,
  customInspect: false,
  maxStringLength: 0,
  maxArrayLength: 0,
  breakLength: Infinity,
};

/** Whether a promise is still pending, read without attaching a reaction (which would mark a rejection handled). */
function isPending(promise: Promise<unknown>): boolean {
  return inspect(promise, pendingLook).endsWith('{ <pending> }');
}

const recentSize = 256;
/** Once its burst is spent, the budget is handed out again in runs of at least this many consecutive promises. */
const minBurst = 64;
const maxPendingFindings = 10;
/** Records created lately (site candidates), to hand an activation to those created in one continuation. */
const createdRingSize = 1024;
/** How many records per second of the process's CPU time the recorder keeps giving stacks once its burst is spent. */
const recordsPerSecond = 1_000;
/**
 * How many sampled records (one promise in `sampleEvery`) per second of CPU time, at most: past it the sampling stride
 * widens at once to the power of 2 that would have kept the window within it, and narrows again (down to
 * `sampleEvery`) when the program slows down. A record costs 10-20 µs of CPU on a
 * loaded machine (the stack capture, the collector), so this and {@link recordsPerSecond} keep the recorder near 2 % of
 * the program's CPU however many promises it makes (a server making 250 000 a second would otherwise sample 1 000).
 */
const sampledPerSecond = 250;
/** The widest sampling stride: one promise in 2^20. */
const maxSampleMask = 2 ** 20 - 1;
/** The stride is judged over at least this much CPU time (milliseconds). */
const strideWindowMs = 50;
/** The budget checks the clocks at one skipped promise in this many (a power of 2, minus 1), whatever the stride. */
const refillMask = 255;
/** The duty cycle is told the count of promises once per this many. */
const cycleCheckEvery = 1024;

/**
 * How often, at most, the budget reads the process's CPU time (in wall-clock milliseconds): `process.cpuUsage()` is a
 * system call, costly enough on a loaded machine to dominate the recorder if it ran for every sampled promise.
 */
const cpuReadEveryMs = 10;

/**
 * The stride mask (stride minus 1, a power of 2 minus 1) that scales stride `mask + 1` by `factor` rounded up to a power
 * of 2, kept between 1 and {@link maxSampleMask} + 1: a window that sampled `factor` times what it was allowed moves to
 * the stride that would have sampled no more than allowed, in one step.
 */
function strideMask(mask: number, factor: number): number {
  const stride = (mask + 1) * 2 ** Math.ceil(Math.log2(Math.max(factor, Number.MIN_VALUE)));
  return Math.min(maxSampleMask + 1, Math.max(1, stride)) - 1;
}

/** Milliseconds of CPU time (user and system) the process has used. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The clocks the stack budget reads (the tests hand in their own). */
export interface BudgetClocks {
  /** Milliseconds of CPU time the process has used. */
  cpuMs(): number;
  /** A monotonic wall clock in milliseconds. */
  wallMs(): number;
}

/** The process's own clocks. */
export const processClocks: BudgetClocks = { cpuMs, wallMs: () => performance.now() };

/**
 * `--full`: v8 promise hooks. A promise gets a creation stack while the budget allows (a burst of
 * `fullStackBudget`, refilled at {@link recordsPerSecond}), otherwise one in `sampleEvery` does (a stride widened to
 * stay within {@link sampledPerSecond}); promises that were not picked cost a counter increment. Both are paid for
 * with the process's CPU time, read through `clocks`. A recorded promise is forgotten when it settles (a small ring keeps the last
 * settled ones, so a rejection can still be located when `unhandledRejection` fires); one that stayed pending across
 * a turn of the event loop is handed to {@link AsyncWork}, which aggregates it by call site. At exit, recorded
 * promises still pending that something awaits are the hang: where each was created and who awaits it.
 */
export class PromiseTracker {
  readonly #pending = new Map<Promise<unknown>, PromiseRecord>();
  /** The last settled recorded promises and their records, side by side (no pair allocated per settlement). */
  readonly #recentPromises: (Promise<unknown> | undefined)[] = new Array<undefined>(recentSize).fill(
    undefined,
  );
  readonly #recentRecords: (PromiseRecord | undefined)[] = new Array<undefined>(recentSize).fill(undefined);
  #count: () => number = () => 0;
  #recordedCount: () => number = () => 0;
  readonly #budget: number;
  readonly #mask: number;
  readonly #work: AsyncWork | undefined;
  readonly #clocks: BudgetClocks;
  readonly #sampling: Sampling | undefined;
  #stop: (() => void) | undefined;
  #pause: () => void = () => undefined;
  #resume: () => void = () => undefined;
  #sweep: () => void = () => undefined;
  #stopped = false;
  #base = 0;
  /** Whether the promise hooks are on: read by every HTTP request served, so a field rather than a closure. */
  #on = false;

  /**
   * `sampling` absent: the hooks stay on for the whole run (`fidelity: 'full'`); present: its duty cycle turns them
   * off while the rate of promises is high.
   */
  constructor(
    budget: number,
    sampleEvery: number,
    work?: AsyncWork,
    clocks: BudgetClocks = processClocks,
    sampling?: Sampling,
  ) {
    this.#budget = budget;
    this.#mask = sampleEvery - 1;
    this.#work = work;
    this.#clocks = clocks;
    this.#sampling = sampling;
  }

  start(): void {
    const pending = this.#pending;
    const recentPromises = this.#recentPromises;
    const recentRecords = this.#recentRecords;
    const work = this.#work;
    const budget = this.#budget;
    const minMask = this.#mask;
    const clocks = this.#clocks;
    const base = clock() - performance.now();
    this.#base = base;
    const sampling = this.#sampling;
    const cycle = sampling?.cycle;
    let sinceCheck = 0;
    let windowId = 0;
    let recentIndex = 0;
    let skipped = 0;
    let recorded = 0;
    let tokens = budget;
    let refilledAt = clocks.cpuMs();
    let cpuReadAt = clocks.wallMs();
    // The sampling stride (minus 1) and the sampled records since it was last judged.
    let mask = minMask;
    let sampled = 0;
    let strideJudgedAt = refilledAt;
    let seq = 0;
    let activations = 0;
    const created: (PromiseRecord | undefined)[] = new Array<undefined>(createdRingSize).fill(undefined);
    let createdIndex = 0;

    // Tokens are earned with the CPU time the program uses, not the wall clock: on a loaded machine, or in a process
    // that mostly waits, the stacks cost the same share of the program's own work. They accrue (fractions included)
    // and are handed out together once there are `minBurst` of them, so under steady load the recorder still sees
    // runs of consecutive promises (a whole request's awaits), not scattered ones.
    // The sampling stride follows the same clock: more sampled records than `sampledPerSecond` of CPU time allows
    // widen it at once by the power of 2 that brings them within it (doubling once per window took ten windows, and
    // thousands of stacks, to settle on a program making millions of promises a second); far fewer narrow it the same
    // way.
    const refill = (): void => {
      const wall = clocks.wallMs();
      if (wall - cpuReadAt < cpuReadEveryMs) return;
      cpuReadAt = wall;
      const now = clocks.cpuMs();
      const window = now - strideJudgedAt;
      if (window >= strideWindowMs) {
        const allowed = (window * sampledPerSecond) / 1000;
        if (sampled > allowed && mask < maxSampleMask) mask = strideMask(mask, sampled / allowed);
        else if (sampled * 4 < allowed && mask > minMask) {
          mask = Math.max(minMask, strideMask(mask, (sampled * 2) / allowed));
        }
        sampled = 0;
        strideJudgedAt = now;
      }
      const earned = Math.floor(((now - refilledAt) * recordsPerSecond) / 1000);
      if (earned < Math.min(minBurst, budget) && tokens + earned < budget) return;
      tokens = Math.min(budget, tokens + earned);
      refilledAt = now;
    };

    const record = (
      promise: Promise<unknown>,
      awaited: PromiseRecord | undefined,
      reaction: boolean,
      weight: number,
    ): void => {
      recorded += 1;
      seq += 1;
      const entry: PromiseRecord = {
        site: captureSite(init),
        reaction,
        operation: currentOperationId(),
        atMs: performance.now() + base,
        seq,
        weight,
        awaited: undefined,
        awaiter: undefined,
        endMs: -1,
        settleSeq: 0,
        activation: 0,
        siteId: 0,
        live: false,
        window: windowId,
        censored: false,
      };
      if (awaited !== undefined) {
        entry.awaited = awaited;
        awaited.awaiter ??= entry;
      } else if (work !== undefined) {
        created[createdIndex++ & (createdRingSize - 1)] = entry;
      }
      pending.set(promise, entry);
      work?.created(entry);
    };

    // A reaction to a promise that was not recorded is worth nothing (nothing links it to a site or to a hang): it
    // gets no stack and spends no token.
    function init(promise: Promise<unknown>, parent: Promise<unknown> | undefined): void {
      if (cycle !== undefined && ++sinceCheck === cycleCheckEvery) {
        sinceCheck = 0;
        if (cycle.counted(cycleCheckEvery)) {
          pause();
          return;
        }
      }
      if (tokens > 0) {
        if (parent === undefined) {
          tokens -= 1;
          record(promise, undefined, false, 1);
          return;
        }
        const awaited = pending.get(parent);
        if (awaited !== undefined) {
          tokens -= 1;
          record(promise, awaited, true, 1);
          return;
        }
      }
      skipped += 1;
      if ((skipped & refillMask) === 0) refill();
      if ((skipped & mask) !== 0) return;
      const awaited = parent === undefined ? undefined : pending.get(parent);
      if (parent !== undefined && awaited === undefined) return;
      sampled += 1;
      record(promise, awaited, parent !== undefined, tokens > 0 ? 1 : mask + 1);
    }

    /** The records created in the continuation that just ended belong to the activation that awaited `awaited`. */
    const endContinuation = (awaited: PromiseRecord): void => {
      let activation = awaited.activation;
      for (let index = createdIndex - 1; index >= 0 && index >= createdIndex - createdRingSize; index--) {
        const entry = created[index & (createdRingSize - 1)];
        if (entry === undefined || entry.seq <= awaited.settleSeq) break;
        // The code after an `await` runs in the operation of the code before it.
        if (entry.operation === 0) entry.operation = awaited.operation;
        if (entry.activation !== 0) continue;
        if (activation === 0) activation = awaited.activation = ++activations;
        entry.activation = activation;
      }
    };

    this.#count = () => recorded + skipped;
    this.#recordedCount = () => recorded;
    function settled(promise: Promise<unknown>): void {
      if (pending.size === 0) return;
      const entry = pending.get(promise);
      if (entry === undefined) return;
      pending.delete(promise);
      const slot = recentIndex++ % recentSize;
      recentPromises[slot] = promise;
      recentRecords[slot] = entry;
      entry.endMs = performance.now() + base;
      if (work === undefined) return;
      entry.settleSeq = seq;
      // Censored: its window closed while it was pending, and it was counted nowhere since.
      if (entry.censored) return;
      const awaited = entry.awaited;
      if (awaited !== undefined && awaited.endMs >= 0 && !awaited.censored) endContinuation(awaited);
      work.settled(entry);
    }

    let stopHooks: (() => void) | undefined;
    const hooksOn = (): void => {
      stopHooks ??= promiseHooks.createHook({ init, settled }) as () => void;
      this.#on = true;
    };
    const hooksOff = (): void => {
      stopHooks?.();
      stopHooks = undefined;
      this.#on = false;
    };
    // The end of a window. What was created in it and is still pending counts as in flight up to now (a fan-out's
    // peak is reached when it fires), then stops counting anywhere: with the hooks off nobody sees it settle, and a
    // count left standing would add to the next window's peak. A run of awaits never continues into another window.
    const pause = (): void => {
      hooksOff();
      sinceCheck = 0;
      work?.flush();
      for (const entry of pending.values()) {
        if (entry.censored) continue;
        entry.censored = true;
        work?.censor(entry);
      }
      if (sampling !== undefined && cycle !== undefined) sampling.schedule(resume, cycle.offMs);
    };
    // Censored records of promises that settled while the hooks were off (read without a reaction) leave the pending
    // set: it holds no more than the promises really pending, however long the run.
    const sweep = (): void => {
      const now = performance.now() + base;
      for (const [promise, entry] of pending) {
        if (!entry.censored || isPending(promise)) continue;
        pending.delete(promise);
        entry.endMs = now;
        entry.settleSeq = seq;
      }
    };
    // The stack budget and the sampling stride are paid for with the CPU time of the recorded windows only: the time
    // spent with the hooks off earns no stacks (or each window would open by spending a second's worth at once).
    const openWindow = (): void => {
      sweep();
      windowId += 1;
      refilledAt = clocks.cpuMs();
      strideJudgedAt = refilledAt;
      sampled = 0;
      hooksOn();
    };
    const resume = (): void => {
      if (this.#stopped || cycle === undefined || cycle.state !== 'off') return;
      cycle.open();
      openWindow();
      const opened = windowId;
      sampling?.schedule(() => {
        if (this.#stopped || windowId !== opened || cycle.state !== 'window') return;
        const count = sinceCheck;
        sinceCheck = 0;
        if (cycle.windowOver(count)) pause();
      }, cycle.settings.windowMs);
    };
    // By hand (the tests put window edges where they want them): only without a duty cycle, which keeps its own time.
    this.#pause = () => {
      if (stopHooks !== undefined && cycle === undefined) pause();
    };
    this.#resume = () => {
      if (stopHooks === undefined && cycle === undefined && !this.#stopped) openWindow();
    };
    this.#sweep = sweep;
    hooksOn();
    this.#stop = hooksOff;
  }

  stop(): void {
    this.#stopped = true;
    this.#stop?.();
    this.#stop = undefined;
  }

  /**
   * Ends the current recording window now, as the duty cycle does when the rate is high. For a tracker without a duty
   * cycle only (the tests put window edges where they want them with it and {@link resumeRecording}).
   */
  pauseRecording(): void {
    this.#pause();
  }

  /** Opens a recording window now, as the duty cycle's timer does when the off period is over (see {@link pauseRecording}). */
  resumeRecording(): void {
    this.#resume();
  }

  /** Whether the promise hooks are on now (false between two windows of a sampled run, and once stopped). */
  get recording(): boolean {
    return this.#on;
  }

  /** What the recording covered: all of the run, or windows of it. */
  coverage(): RecordingCoverage {
    const cycle = this.#sampling?.cycle;
    if (cycle === undefined) {
      return {
        fidelity: 'full',
        sampled: false,
        sampledFromMs: undefined,
        recordedFraction: 1,
        windows: 0,
        windowMs: 0,
        periodMs: 0,
      };
    }
    const covered = cycle.coverage();
    return {
      fidelity: 'adaptive',
      sampled: covered.sampled,
      sampledFromMs: covered.sampledFromMs === undefined ? undefined : covered.sampledFromMs + this.#base,
      recordedFraction: covered.recordedFraction,
      windows: covered.windows,
      windowMs: cycle.settings.windowMs,
      periodMs: cycle.settings.periodMs,
    };
  }

  /** How many promises were created while tracking. */
  get created(): number {
    return this.#count();
  }

  /** How many of them got a creation stack. */
  get recorded(): number {
    return this.#recordedCount();
  }

  /** The records of promises still pending (for the report's spans). */
  pendingRecords(): IterableIterator<PromiseRecord> {
    return this.#pending.values();
  }

  #find(promise: Promise<unknown>): PromiseRecord | undefined {
    const pending = this.#pending.get(promise);
    if (pending !== undefined) return pending;
    const slot = this.#recentPromises.indexOf(promise);
    return slot === -1 ? undefined : this.#recentRecords[slot];
  }

  /** Where `promise` was created, when it was tracked. */
  birthOf(promise: Promise<unknown>): StackFrame[] | undefined {
    const tracked = this.#find(promise);
    return tracked === undefined ? undefined : visibleFrames(siteFrames(tracked.site));
  }

  /** Pending promises that something awaits, innermost (latest created) first, one per creation site. */
  pendingFindings(): Finding[] {
    this.#sweep();
    const awaitedBy = new Map<PromiseRecord, PromiseRecord[]>();
    for (const tracked of this.#pending.values()) {
      const awaited = tracked.awaited;
      // The awaited promise is still pending (its record has no settle time yet).
      if (awaited === undefined || awaited.endMs >= 0) continue;
      let list = awaitedBy.get(awaited);
      if (list === undefined) awaitedBy.set(awaited, (list = []));
      list.push(tracked);
    }
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const candidates = [...awaitedBy.entries()]
      .map(([tracked, awaiters]) => ({ tracked, awaiters }))
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
        operation: operationRef(tracked.operation, tracked.atMs),
        atMs: tracked.atMs,
        data: { awaiters: awaiters.length },
      });
      if (findings.length >= maxPendingFindings) break;
    }
    return findings;
  }
}
