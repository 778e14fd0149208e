import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  elapsedMs,
  Heartbeat,
  heartbeatPeriodMs,
  heartbeatSlots,
  heartbeatTime,
  longGapMs,
  readHeartbeat,
  StallDetector,
} from '../src/runtime/heartbeat.js';

/** A block of the simulated main thread: no beat runs in `[start, start + length)`. */
interface Block {
  readonly start: number;
  readonly length: number;
}

/** The block under way at `time`, if any. */
function blockAt(blocks: readonly Block[], time: number): Block | undefined {
  return blocks.find((block) => time >= block.start && time < block.start + block.length);
}

/** A time well after the last block: the simulations run until then. */
function endOfRun(blocks: readonly Block[]): number {
  const last = blocks.at(-1);
  return (last === undefined ? 0 : last.start + last.length) + 2_000;
}

/** What the simulated watchdog saw of one block. */
interface Seen {
  readonly flaggedAt: number;
  readonly startedAt: number;
  endedAt: number | undefined;
}

/**
 * Runs the main thread's heartbeat (an interval of the period, re-armed when its callback runs, as Node's is) and the
 * watchdog's looks (when the detector says) on one simulated clock in milliseconds, with the main thread blocked
 * during `blocks`. No thread and no real time: each event happens at its time, the beat first when both fall due at
 * once (the watchdog may see a beat the moment it is stamped). `lateMs` delays each look (a watchdog thread the machine
 * schedules late).
 */
function simulate(
  thresholdMs: number,
  blocks: readonly Block[],
  untilMs: number,
  lateMs: (look: number) => number = () => 0,
) {
  const periodMs = heartbeatPeriodMs(thresholdMs);
  const slots = new Int32Array(heartbeatSlots);
  const heartbeat = new Heartbeat(slots, longGapMs(thresholdMs), 0);
  const detector = new StallDetector(thresholdMs);
  const blockedUntil = (time: number): number => {
    const block = blockAt(blocks, time);
    return block === undefined ? time : block.start + block.length;
  };
  let beatDue = periodMs;
  let lookAt = 0;
  let looks = 0;
  const seen: Seen[] = [];
  for (;;) {
    const beatAt = blockedUntil(beatDue);
    if (beatAt > untilMs && lookAt > untilMs) break;
    if (beatAt <= lookAt) {
      heartbeat.beat(beatAt);
      beatDue = beatAt + periodMs;
      continue;
    }
    looks += 1;
    const look = detector.look(readHeartbeat(slots), lookAt);
    if (look.kind === 'stopped') break;
    if (look.kind === 'blocked')
      seen.push({ flaggedAt: lookAt, startedAt: look.startedAt, endedAt: undefined });
    if (look.kind === 'ended') {
      const last = seen.at(-1);
      if (last !== undefined) last.endedAt = look.endedAt;
    }
    lookAt += look.wakeInMs + lateMs(looks);
  }
  return { seen, looks, periodMs };
}

/** Blocks in order with a healthy stretch of at least two periods between them, as fast-check makes them. */
const blockList = (maxLength: number) =>
  fc
    .array(
      fc.record({
        pause: fc.integer({ min: 60, max: 2_000 }),
        length: fc.integer({ min: 1, max: maxLength }),
      }),
      {
        maxLength: 8,
      },
    )
    .map((parts) => {
      const blocks: Block[] = [];
      let time = 0;
      for (const { pause, length } of parts) {
        blocks.push({ start: time + pause, length });
        time += pause + length;
      }
      return blocks;
    });

describe('doctor watchdog: the heartbeat and what the watchdog decides from it', () => {
  it('catches every block of the threshold or longer while it lasts, at most the threshold after it started', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 1_000 }), blockList(3_000), (thresholdMs, blocks) => {
        const { seen } = simulate(thresholdMs, blocks, endOfRun(blocks));
        for (const block of blocks) {
          if (block.length < thresholdMs) continue;
          const caught = seen.find(
            (entry) => entry.flaggedAt >= block.start && entry.flaggedAt < block.start + block.length,
          );
          expect(caught).toBeDefined();
          expect(caught!.flaggedAt - block.start).toBeLessThanOrEqual(thresholdMs);
        }
      }),
    );
  });

  it('never flags a block shorter than the threshold minus one heartbeat period', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 1_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (thresholdMs, seed) => {
          const periodMs = heartbeatPeriodMs(thresholdMs);
          const shortest = thresholdMs - periodMs;
          // Blocks just short of it, starting at every phase of the heartbeat.
          const blocks: Block[] = [];
          for (let index = 0; index < 2 * periodMs; index++) {
            blocks.push({ start: 200 + index * (thresholdMs * 3) + (seed % 7), length: shortest - 1 });
          }
          expect(simulate(thresholdMs, blocks, endOfRun(blocks)).seen).toEqual([]);
        },
      ),
    );
  });

  it('times a block from the last beat before it to the first beat after it: at least the block, at most a period more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20, max: 1_000 }), blockList(3_000), (thresholdMs, blocks) => {
        const { seen, periodMs } = simulate(thresholdMs, blocks, endOfRun(blocks));
        for (const entry of seen) {
          const block = blockAt(blocks, entry.flaggedAt);
          expect(block).toBeDefined();
          const measured = elapsedMs(entry.startedAt, entry.endedAt!);
          expect(measured).toBeGreaterThanOrEqual(block!.length);
          expect(measured).toBeLessThanOrEqual(block!.length + periodMs);
          expect(measured).toBeGreaterThanOrEqual(thresholdMs);
        }
      }),
    );
  });

  it('times a block from the beats around it even when the watchdog looks late (several beats after the block)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 1_000 }),
        blockList(3_000),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1 }),
        (thresholdMs, blocks, delays) => {
          const { seen, periodMs } = simulate(
            thresholdMs,
            blocks,
            endOfRun(blocks),
            (look) => delays[look % delays.length]!,
          );
          for (const entry of seen) {
            const block = blockAt(blocks, entry.flaggedAt);
            if (block === undefined || entry.endedAt === undefined) continue;
            const measured = elapsedMs(entry.startedAt, entry.endedAt);
            expect(measured).toBeGreaterThanOrEqual(block.length);
            expect(measured).toBeLessThanOrEqual(block.length + periodMs);
          }
        },
      ),
    );
  });

  it('wakes the watchdog about once per threshold while the loop beats, not once per heartbeat', () => {
    for (const thresholdMs of [20, 100, 1_000]) {
      const { looks, seen, periodMs } = simulate(thresholdMs, [], 60_000);
      expect(seen).toEqual([]);
      // One look per (threshold - period) at most, plus the first.
      expect(looks).toBeLessThanOrEqual(Math.ceil(60_000 / (thresholdMs - periodMs)) + 1);
      expect(looks).toBeGreaterThanOrEqual(Math.floor(60_000 / thresholdMs));
    }
  });

  it('stands down when told: beats that stop afterwards are never taken for a block', () => {
    const slots = new Int32Array(heartbeatSlots);
    const heartbeat = new Heartbeat(slots, 75, 0);
    const detector = new StallDetector(100);
    expect(detector.look(readHeartbeat(slots), 50)).toEqual({ kind: 'healthy', wakeInMs: 50 });
    heartbeat.stop();
    expect(detector.look(readHeartbeat(slots), 5_000)).toEqual({ kind: 'stopped' });
    // A block being watched is dropped too.
    const watching = new StallDetector(100);
    const other = new Int32Array(heartbeatSlots);
    const beating = new Heartbeat(other, 75, 0);
    expect(watching.look(readHeartbeat(other), 150)).toMatchObject({ kind: 'blocked' });
    beating.stop();
    expect(watching.look(readHeartbeat(other), 175)).toEqual({ kind: 'stopped' });
  });

  it('keeps its times in 32 bits: spans across the wrap are still right', () => {
    const origin = 1_000;
    const before = heartbeatTime(origin + 2 ** 31 - 10, origin);
    const after = heartbeatTime(origin + 2 ** 31 + 90, origin);
    expect(elapsedMs(before, after)).toBe(100);
    const slots = new Int32Array(heartbeatSlots);
    const heartbeat = new Heartbeat(slots, 75, before);
    const detector = new StallDetector(100);
    expect(detector.look(readHeartbeat(slots), after)).toMatchObject({ kind: 'blocked', startedAt: before });
    heartbeat.beat(heartbeatTime(origin + 2 ** 31 + 95, origin));
    expect(detector.look(readHeartbeat(slots), heartbeatTime(origin + 2 ** 31 + 96, origin))).toMatchObject({
      kind: 'ended',
      startedAt: before,
      endedAt: heartbeatTime(origin + 2 ** 31 + 95, origin),
    });
  });
});
