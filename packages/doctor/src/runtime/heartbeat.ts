/**
 * The heartbeat between the main thread and the watchdog thread, and what the watchdog decides from it.
 *
 * The main thread stamps the time of each beat (an unref'd interval of {@link heartbeatPeriodMs}) into a shared
 * `Int32Array`, and after a gap long enough to have been a block, when that gap started and ended (so the watchdog
 * times a block from the beats around it, not from when it happened to look). The watchdog thread does not poll: it sleeps until `blockedMs` after the last beat it saw, the first
 * moment the loop could have been blocked that long, and looks again. So a healthy program wakes the watchdog about once
 * per `blockedMs` (10 times a second at the default 100 ms; a fixed 25 ms poll woke it 40 times, and each wake of an idle
 * thread costs the machine a context switch and a cold cache: most of what default mode cost a busy server).
 *
 * What the watchdog guarantees, with `P` the heartbeat period:
 * - a block of `blockedMs` or longer is always caught, and its stack read while it lasts, at most `blockedMs` after it
 *   started (plus the watchdog thread's own timer lateness);
 * - a block shorter than `blockedMs - P` is never reported;
 * - the duration reported runs from the last beat before the block to the first beat after it: at least the block, at
 *   most `P` more.
 */

/** The heartbeat period for a threshold: a quarter of it, between 5 and 25 ms. */
export function heartbeatPeriodMs(thresholdMs: number): number {
  return Math.max(5, Math.min(25, Math.floor(thresholdMs / 4)));
}

/**
 * The shortest gap between two beats that a {@link Heartbeat} records: any gap the watchdog may have taken for a block
 * (no beat for the threshold, counted from a beat up to a period late).
 */
export function longGapMs(thresholdMs: number): number {
  return Math.max(1, thresholdMs - heartbeatPeriodMs(thresholdMs));
}

/**
 * A time as the heartbeat stores it: milliseconds since `originEpochMs` (the main thread's `performance.timeOrigin`),
 * wrapped to 32 bits. Differences of two of them ({@link elapsedMs}) are right for spans up to 24 days.
 */
export function heartbeatTime(epochMs: number, originEpochMs: number): number {
  return (epochMs - originEpochMs) | 0;
}

/** Milliseconds from heartbeat time `from` to `to` (see {@link heartbeatTime}). */
export function elapsedMs(from: number, to: number): number {
  return (to - from) | 0;
}

/** The slots of the shared heartbeat array. */
const latestSlot = 0;
const gapStartSlot = 1;
const gapEndSlot = 2;
/** Non-zero once the main thread has told the watchdog to stand down. */
const stoppedSlot = 3;
/** The length of the shared `Int32Array` a {@link Heartbeat} writes. */
export const heartbeatSlots = 4;

/**
 * The main thread's side: {@link beat} stamps the time now, and a beat that ends a gap of at least `longGapMs` (a gap
 * the watchdog may have taken for a block) also records the gap.
 */
export class Heartbeat {
  readonly #slots: Int32Array;
  readonly #longGapMs: number;
  #last: number;

  constructor(slots: Int32Array, longGapMs: number, now: number) {
    this.#slots = slots;
    this.#longGapMs = longGapMs;
    this.#last = now;
    Atomics.store(slots, latestSlot, now);
  }

  beat(now: number): void {
    const slots = this.#slots;
    const last = this.#last;
    if (elapsedMs(last, now) >= this.#longGapMs) {
      // The end first: a reader that finds the start it looks for in the start slot then reads the end of that gap.
      Atomics.store(slots, gapEndSlot, now);
      Atomics.store(slots, gapStartSlot, last);
    }
    this.#last = now;
    Atomics.store(slots, latestSlot, now);
  }

  /**
   * Tells the watchdog to stand down: it looks no more, so the beats stopping from now on are never taken for a block
   * (the doctor building its report as the process exits).
   */
  stop(): void {
    Atomics.store(this.#slots, stoppedSlot, 1);
  }
}

/** The watchdog's side: what it reads from the shared array at each look. */
export interface HeartbeatReading {
  /** The latest beat. */
  readonly beat: number;
  /** Whether the main thread told the watchdog to stand down ({@link Heartbeat.stop}). */
  readonly stopped: boolean;
  /** The first beat after the long gap that started at `gapStart` (the last one recorded), if it did. */
  gapEndingAfter(gapStart: number): number | undefined;
}

/** Reads the shared array a {@link Heartbeat} writes. */
export function readHeartbeat(slots: Int32Array): HeartbeatReading {
  return {
    beat: Atomics.load(slots, latestSlot),
    stopped: Atomics.load(slots, stoppedSlot) !== 0,
    gapEndingAfter(gapStart: number): number | undefined {
      if (Atomics.load(slots, gapStartSlot) !== gapStart) return undefined;
      const end = Atomics.load(slots, gapEndSlot);
      // A later gap may have replaced it between the two reads.
      return Atomics.load(slots, gapStartSlot) === gapStart ? end : undefined;
    },
  };
}

/** What the watchdog learned from one look at the heartbeat. */
export type HeartbeatLook =
  /** The loop beats: look again in `wakeInMs`. */
  | { readonly kind: 'healthy'; readonly wakeInMs: number }
  /** No beat for the threshold: a block started at heartbeat time `startedAt` (the last beat); read its stack now. */
  | { readonly kind: 'blocked'; readonly startedAt: number; readonly wakeInMs: number }
  /** Still blocked (no beat since `startedAt`). */
  | { readonly kind: 'still-blocked'; readonly startedAt: number; readonly wakeInMs: number }
  /** The block that started at `startedAt` ended at `endedAt` (the first beat after it). */
  | {
      readonly kind: 'ended';
      readonly startedAt: number;
      readonly endedAt: number;
      readonly wakeInMs: number;
    }
  /** The main thread told the watchdog to stand down: look no more (a block being watched is dropped). */
  | { readonly kind: 'stopped' };

/**
 * The watchdog's decisions, free of clocks and threads: given the last beat and the time now (both heartbeat times),
 * says whether the loop is blocked and when to look again. While a block lasts it looks once per heartbeat period, to
 * see it end.
 */
export class StallDetector {
  readonly #thresholdMs: number;
  readonly #periodMs: number;
  /** The beat a block started at, `undefined` while the loop beats. */
  #blockedAt: number | undefined;

  constructor(thresholdMs: number, periodMs: number = heartbeatPeriodMs(thresholdMs)) {
    this.#thresholdMs = thresholdMs;
    this.#periodMs = periodMs;
  }

  look(reading: HeartbeatReading, now: number): HeartbeatLook {
    const { beat } = reading;
    if (reading.stopped) {
      this.#blockedAt = undefined;
      return { kind: 'stopped' };
    }
    const blockedAt = this.#blockedAt;
    if (blockedAt !== undefined) {
      if (beat === blockedAt)
        return { kind: 'still-blocked', startedAt: blockedAt, wakeInMs: this.#periodMs };
      this.#blockedAt = undefined;
      // The first beat after the block, which the main thread recorded; the latest one if a later gap replaced it.
      const endedAt = reading.gapEndingAfter(blockedAt) ?? beat;
      return { kind: 'ended', startedAt: blockedAt, endedAt, wakeInMs: this.#untilDue(beat, now) };
    }
    if (elapsedMs(beat, now) < this.#thresholdMs) {
      return { kind: 'healthy', wakeInMs: this.#untilDue(beat, now) };
    }
    this.#blockedAt = beat;
    return { kind: 'blocked', startedAt: beat, wakeInMs: this.#periodMs };
  }

  /** Milliseconds until the loop, last seen beating at `beat`, would have been blocked for the threshold. */
  #untilDue(beat: number, now: number): number {
    return Math.max(1, this.#thresholdMs - elapsedMs(beat, now));
  }
}
