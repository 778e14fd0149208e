import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { operationRecords } from '../src/operations.js';
import { HttpOperations } from '../src/runtime/http-operations.js';
import { AsyncWork } from '../src/runtime/async-work.js';
import { DutyCycle, dutyCycleDefaults, type DutyCycleSettings } from '../src/runtime/duty-cycle.js';
import { PromiseTracker } from '../src/runtime/promises.js';
import { runDoctor } from './helpers.js';

/** The defaults the docs state: 100 000 a CPU second (5 000 a wall second) for 300 ms, windows of 100 ms a second. */
const settings: DutyCycleSettings = dutyCycleDefaults;

interface HandClock {
  /** Wall time, milliseconds. */
  now: number;
  /** CPU time the process used, milliseconds. */
  cpu: number;
}

/** A duty cycle on clocks the test moves by hand. */
function handCycle(): { cycle: DutyCycle; clock: HandClock } {
  const clock: HandClock = { now: 0, cpu: 0 };
  return { cycle: new DutyCycle(settings, { wallMs: () => clock.now, cpuMs: () => clock.cpu }), clock };
}

/**
 * Reports `promises` created over `ms` of wall time and `cpuMs` of CPU time (all of it by default: a busy program), in
 * steps of 10 ms; returns the wall time of the first step that said "off".
 */
function drive(
  cycle: DutyCycle,
  clock: HandClock,
  ms: number,
  promises: number,
  cpuMs = ms,
): number | undefined {
  const steps = ms / 10;
  let off: number | undefined;
  for (let step = 1; step <= steps; step++) {
    clock.now += 10;
    clock.cpu += cpuMs / steps;
    if (cycle.counted(promises / steps) && off === undefined) off = step * 10;
  }
  return off;
}

describe('doctor --full: the duty cycle', () => {
  it('records everything while the rate stays low, and a burst shorter than 300 ms', () => {
    const { cycle, clock } = handCycle();
    // 10 000 promises a second for 5 s: a sequential loop of lookups makes far fewer.
    expect(drive(cycle, clock, 5000, 50_000)).toBeUndefined();
    // A fan-out's burst: 2 000 000 a second for 200 ms, then quiet again.
    expect(drive(cycle, clock, 200, 400_000)).toBeUndefined();
    expect(drive(cycle, clock, 1000, 1000)).toBeUndefined();
    expect(cycle.state).toBe('full');
    expect(cycle.coverage()).toEqual({
      sampled: false,
      sampledFromMs: undefined,
      recordedFraction: 1,
      windows: 0,
    });
  });

  it('judges the rate per second of CPU time: a starved server is sampled, an idle one never', () => {
    const starved = handCycle();
    // A fifth of a core: 20 000 promises a wall second, 500 000 a CPU second.
    expect(drive(starved.cycle, starved.clock, 500, 10_000, 100)).toBe(300);
    const idle = handCycle();
    // An idle server answering a request now and then: dense in CPU time (1 000 000 a CPU second), 1 000 a wall second.
    expect(drive(idle.cycle, idle.clock, 5000, 5000, 5)).toBeUndefined();
    // A busy program whose own work dwarfs its promises: 50 000 a CPU second.
    const heavy = handCycle();
    expect(drive(heavy.cycle, heavy.clock, 5000, 250_000)).toBeUndefined();
  });

  it('goes off once the rate stayed high for 300 ms, then opens a window once a period', () => {
    const { cycle, clock } = handCycle();
    // 1 000 000 a second: off after three judged spans of 100 ms.
    expect(drive(cycle, clock, 500, 500_000)).toBe(300);
    expect(cycle.state).toBe('off');
    expect(cycle.offMs).toBe(900);
    // While off, counts change nothing (the hooks are off; only a stray call could come).
    expect(cycle.counted(1_000_000)).toBe(false);
    clock.now = 1200;
    cycle.open();
    expect(cycle.state).toBe('window');
    // Still high: the window closes when it is 100 ms old, not before.
    clock.now = 1250;
    clock.cpu += 50;
    expect(cycle.counted(50_000)).toBe(false);
    clock.now = 1300;
    clock.cpu += 50;
    expect(cycle.counted(50_000)).toBe(true);
    expect(cycle.state).toBe('off');
    // Hooks on 0-300 and 1200-1300: 400 of 1300 ms.
    expect(cycle.coverage()).toEqual({
      sampled: true,
      sampledFromMs: 300,
      recordedFraction: 400 / 1300,
      windows: 1,
    });
  });

  /** A cycle that went off after 300 ms of a high rate and opened its first window at its time. */
  function inFirstWindow(): { cycle: DutyCycle; clock: HandClock } {
    const { cycle, clock } = handCycle();
    drive(cycle, clock, 300, 300_000);
    expect(cycle.state).toBe('off');
    clock.now += 900;
    cycle.open();
    return { cycle, clock };
  }

  it("goes back to full fidelity when a window's rate is low, and needs 300 ms of high rate to sample again", () => {
    const { cycle, clock } = inFirstWindow();
    // The timer ends the window (the program made too few promises for the hook to end it): 1 000 in 100 ms of CPU.
    clock.now += 100;
    clock.cpu += 100;
    expect(cycle.windowOver(1000)).toBe(false);
    expect(cycle.state).toBe('full');
    expect(drive(cycle, clock, 200, 400_000)).toBeUndefined();
    expect(drive(cycle, clock, 200, 400_000)).toBe(100);
    expect(cycle.coverage().windows).toBe(1);
  });

  it('a window the timer ends with a high rate goes off; a timer of a window already over changes nothing', () => {
    const { cycle, clock } = inFirstWindow();
    clock.now += 100;
    clock.cpu += 100;
    expect(cycle.windowOver(20_000)).toBe(true);
    expect(cycle.state).toBe('off');
    expect(cycle.windowOver(20_000)).toBe(false);
    expect(cycle.state).toBe('off');
  });
});

/** The end of a turn, as the doctor schedules it. */
const endOfTurn = (callback: () => void): void => {
  queueMicrotask(() => {
    process.nextTick(callback);
  });
};

const wait = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** A tracker that records every promise, with window edges put by hand. */
function rig(): { work: AsyncWork; tracker: PromiseTracker } {
  const work = new AsyncWork(
    { inFlightThreshold: 5, sequentialMin: 5, includeDependencies: false },
    endOfTurn,
  );
  const tracker = new PromiseTracker(1_000_000_000, 1, work);
  return { work, tracker };
}

/** `count` promises from one call site, each settled when the test says. */
function fanOut(count: number, settle: (() => void)[]): Promise<void>[] {
  const made: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    made.push(
      new Promise<void>((resolve) => {
        settle.push(resolve);
      }),
    );
  }
  return made;
}

/** Four promises from one call site (this line and `fanOut`'s), wherever the test calls it. */
const fourAtOnce = (settle: (() => void)[]): Promise<void>[] => fanOut(4, settle);

describe('doctor --full: a window edge', () => {
  it('does not add the promises pending at the edge to the next window’s peak', async () => {
    const { work, tracker } = rig();
    tracker.start();
    const settle: (() => void)[] = [];
    try {
      void Promise.all(fourAtOnce(settle));
      await wait(1);
      tracker.pauseRecording();
      // Made while the hooks are off, settled once they are on again: counted nowhere.
      const unseen = fanOut(1, settle);
      // The four settle while nobody watches.
      for (const resolve of settle.splice(0, 4)) resolve();
      await wait(1);
      tracker.resumeRecording();
      void Promise.all(fourAtOnce(settle));
      await wait(1);
      for (const resolve of settle.splice(0)) resolve();
      await Promise.all(unseen);
      await wait(1);
    } finally {
      tracker.stop();
    }
    expect(work.findings().filter((finding) => finding.kind === 'in-flight-peak')).toEqual([]);
    const site = work
      .report([], { promises: 0, recorded: 0 }, tracker.coverage())
      .sites.find((candidate) => candidate.maxInFlight > 1);
    expect(site?.maxInFlight).toBe(4);
    expect(site?.count).toBe(4);
  });

  it('reports the peak of one window as a floor ("at least")', async () => {
    const { work, tracker } = rig();
    tracker.start();
    const settle: (() => void)[] = [];
    try {
      tracker.pauseRecording();
      tracker.resumeRecording();
      void Promise.all(fanOut(8, settle));
      await wait(1);
      for (const resolve of settle.splice(0)) resolve();
      await wait(1);
    } finally {
      tracker.stop();
    }
    const peaks = work.findings().filter((finding) => finding.kind === 'in-flight-peak');
    expect(peaks.map((finding) => finding.message)).toEqual([
      'at least 8 promises from this call were pending at once (threshold 5)',
    ]);
    expect(peaks[0]?.data['inWindow']).toBe(true);
  });

  it('the same fan-outs without the edge are one peak of 8 (the rig sees what the edge hides)', async () => {
    const { work, tracker } = rig();
    tracker.start();
    const settle: (() => void)[] = [];
    try {
      void Promise.all(fourAtOnce(settle));
      await wait(1);
      void Promise.all(fourAtOnce(settle));
      await wait(1);
      for (const resolve of settle.splice(0)) resolve();
      await wait(1);
    } finally {
      tracker.stop();
    }
    const peaks = work.findings().filter((finding) => finding.kind === 'in-flight-peak');
    expect(peaks.map((finding) => finding.data['peak'])).toEqual([8]);
  });

  /**
   * Seven awaits one after another; the edge (if any) while the fourth is pending, or in the code that runs after the
   * third (its continuation, whose `await` reaction is still pending).
   */
  async function sevenInTurn(
    tracker: PromiseTracker,
    edge: 'none' | 'pending' | 'continuation',
  ): Promise<void> {
    for (let index = 0; index < 7; index++) {
      if (edge === 'continuation' && index === 3) {
        tracker.pauseRecording();
        tracker.resumeRecording();
      }
      const pending = wait(2);
      if (edge === 'pending' && index === 3) {
        tracker.pauseRecording();
        tracker.resumeRecording();
      }
      await pending;
    }
  }

  for (const edge of ['pending', 'continuation'] as const) {
    it(`never continues a run of awaits across the edge (${edge === 'pending' ? 'a promise pending' : 'in a continuation'})`, async () => {
      const { work, tracker } = rig();
      tracker.start();
      try {
        await sevenInTurn(tracker, edge);
        await wait(1);
      } finally {
        tracker.stop();
      }
      expect(work.findings().filter((finding) => finding.kind === 'sequential-awaits')).toEqual([]);
    });
  }

  it('the same seven awaits without the edge are one run of 7', async () => {
    const { work, tracker } = rig();
    tracker.start();
    try {
      await sevenInTurn(tracker, 'none');
      await wait(1);
    } finally {
      tracker.stop();
    }
    const runs = work.findings().filter((finding) => finding.kind === 'sequential-awaits');
    expect(runs.map((finding) => finding.data['iterations'])).toEqual([7]);
  });

  it('drops what settled while the hooks were off from the pending set, and still reports a hang', async () => {
    const { tracker } = rig();
    tracker.start();
    const settle: (() => void)[] = [];
    let hung: Promise<void> | undefined;
    try {
      const settledUnseen = fanOut(3, settle);
      hung = new Promise<void>(() => undefined);
      const waiter = (async () => {
        await hung;
      })();
      await wait(1);
      tracker.pauseRecording();
      for (const resolve of settle.splice(0)) resolve();
      await Promise.all(settledUnseen);
      tracker.resumeRecording();
      for (const promise of settledUnseen) expect(tracker.birthOf(promise)).toBeUndefined();
      expect(tracker.birthOf(hung)).toBeDefined();
      void waiter;
    } finally {
      tracker.stop();
    }
    const hangs = tracker.pendingFindings();
    expect(hangs.map((finding) => finding.message)).toContain(
      'A promise awaited by one caller never settled',
    );
  });
});

describe('doctor --full: the tracker follows its duty cycle', () => {
  it('turns the hooks off when the cycle says so, and on for a window when its timer fires', () => {
    const clock: HandClock = { now: 0, cpu: 0 };
    const clocks = { wallMs: () => clock.now, cpuMs: () => clock.cpu };
    const timers: { callback: () => void; ms: number }[] = [];
    // No stacks (budget 0, a stride of 2^20): only the counting matters here.
    const tracker = new PromiseTracker(0, 2 ** 20, undefined, clocks, {
      cycle: new DutyCycle(settings, clocks),
      schedule: (callback, ms) => timers.push({ callback, ms }),
    });
    const make = (count: number): void => {
      for (let index = 0; index < count; index++) void new Promise(() => undefined);
    };
    tracker.start();
    try {
      // 1 024 promises per 10 ms of wall and CPU time: 102 400 a second, for as long as it takes.
      for (let step = 0; step < 100 && timers.length === 0; step++) {
        clock.now += 10;
        clock.cpu += 10;
        make(1024);
      }
      expect(clock.now).toBe(300);
      expect(timers.map((timer) => timer.ms)).toEqual([900]);
      const seen = tracker.created;
      make(5000);
      expect(tracker.created).toBe(seen);
      clock.now += 900;
      timers.shift()?.callback();
      expect(timers.map((timer) => timer.ms)).toEqual([100]);
      make(100_000);
      expect(tracker.created).toBe(seen + 100_000);
      // The window's timer: 100 000 in 100 ms of CPU time is still high, so the hooks go off again.
      clock.now += 100;
      clock.cpu += 100;
      timers.shift()?.callback();
      expect(timers.map((timer) => timer.ms)).toEqual([900]);
      make(5000);
      expect(tracker.created).toBe(seen + 100_000);
      expect(tracker.coverage()).toMatchObject({
        fidelity: 'adaptive',
        sampled: true,
        windows: 1,
        recordedFraction: 400 / 1300,
        windowMs: 100,
        periodMs: 1000,
      });
      // The next window finds the program quiet: recording everything again, no more timers.
      clock.now += 900;
      timers.shift()?.callback();
      make(10);
      clock.now += 100;
      clock.cpu += 1;
      timers.shift()?.callback();
      expect(timers).toEqual([]);
      make(5000);
      expect(tracker.created).toBe(seen + 100_000 + 10 + 5000);
    } finally {
      tracker.stop();
    }
  });

  it('without a duty cycle (fidelity full) never turns the hooks off', () => {
    const tracker = new PromiseTracker(0, 2 ** 20);
    tracker.start();
    try {
      for (let index = 0; index < 200_000; index++) void new Promise(() => undefined);
      expect(tracker.created).toBe(200_000);
      expect(tracker.coverage()).toMatchObject({ fidelity: 'full', sampled: false, recordedFraction: 1 });
    } finally {
      tracker.stop();
    }
  });
});

describe('doctor --full on a tight loop of awaits', () => {
  it('records in windows, and says so in the report and the terminal', async () => {
    const result = await runDoctor('waiting/tight-loop.mjs', ['--full', '--blocked-ms', '0']);
    expect(result.stdout).toBe('looped\n');
    expect(result.findings).toEqual([]);
    const coverage = result.reports[0]?.asyncWork?.coverage;
    expect(coverage?.fidelity).toBe('adaptive');
    expect(coverage?.sampled).toBe(true);
    expect(coverage?.recordedFraction).toBeLessThan(1);
    expect(result.stderr).toContain('sampled: the program made promises too fast to record them all');
    expect(result.stderr).toContain('--fidelity full records everything');
  });

  it('--fidelity full records every promise all the time', async () => {
    const result = await runDoctor('waiting/tight-loop.mjs', [
      '--full',
      '--fidelity',
      'full',
      '--blocked-ms',
      '0',
    ]);
    expect(result.stdout).toBe('looped\n');
    expect(result.findings).toEqual([]);
    expect(result.reports[0]?.asyncWork?.coverage).toMatchObject({
      fidelity: 'full',
      sampled: false,
      recordedFraction: 1,
    });
    expect(result.stderr).not.toContain('sampled:');
  });
});

describe('doctor --full: HTTP requests between two windows', () => {
  it('open no operation while the hooks are off, and one each while they are on, ended at the response close', async () => {
    let on = false;
    const operations = new HttpOperations(() => on);
    operations.install();
    const keys: string[][] = [];
    const server = http.createServer((_request, response) => {
      response.end('ok');
      // Read once the response is closed: the doctor has seen every event of it by then.
      response.once('close', () => {
        keys.push(Reflect.ownKeys(response).map(String));
      });
    });
    try {
      await new Promise<void>((resolve) => {
        server.listen(0, '127.0.0.1', resolve);
      });
      const { port } = server.address() as AddressInfo;
      await (await fetch(`http://127.0.0.1:${port}/while-off`)).text();
      on = true;
      await (await fetch(`http://127.0.0.1:${port}/while-on`)).text();
      await new Promise<void>((resolve) => {
        const wait = () => {
          if (keys.length >= 2) resolve();
          else setImmediate(wait);
        };
        wait();
      });
    } finally {
      server.close();
      operations.uninstall();
    }
    const names = operationRecords().map((operation) => operation.name);
    expect(names).toContain('GET /while-on');
    expect(names).not.toContain('GET /while-off');
    const served = operationRecords().find((operation) => operation.name === 'GET /while-on');
    expect(served?.status).toBe('fulfilled');
    expect(served?.endMs).toBeGreaterThanOrEqual(served?.startMs ?? Number.POSITIVE_INFINITY);
    // The response served while recording has the same own properties as the other: Node's response objects keep
    // one shape (the operation id is kept beside the response, not on it).
    const [unrecorded, recorded] = keys;
    expect(recorded).toEqual(unrecorded);
  });
});

describe('doctor --full: the stack budget of a sampled run', () => {
  it('earns no stacks while the hooks are off', () => {
    const clock: HandClock = { now: 0, cpu: 0 };
    const tracker = new PromiseTracker(100, 2 ** 20, undefined, {
      wallMs: () => clock.now,
      cpuMs: () => clock.cpu,
    });
    const make = (count: number): void => {
      for (let index = 0; index < count; index++) void new Promise(() => undefined);
    };
    tracker.start();
    try {
      make(150);
      expect(tracker.recorded).toBe(100);
      // Ten seconds of CPU time between two windows: they would refill the whole budget.
      tracker.pauseRecording();
      clock.cpu += 10_000;
      clock.now += 10_000;
      tracker.resumeRecording();
      make(1000);
      expect(tracker.recorded).toBe(100);
      // 64 ms of CPU time in the window earn 64, as in a run recorded in full.
      clock.cpu += 64;
      clock.now += 20;
      make(1000);
      expect(tracker.recorded).toBe(164);
    } finally {
      tracker.stop();
    }
  });

  it('judges the sampling stride on the CPU time of the windows only', () => {
    const clock: HandClock = { now: 0, cpu: 0 };
    // No budget, one promise in 1 sampled to begin with.
    const tracker = new PromiseTracker(0, 1, undefined, { wallMs: () => clock.now, cpuMs: () => clock.cpu });
    const recordedDuring = (count: number): number => {
      const before = tracker.recorded;
      for (let index = 0; index < count; index++) void new Promise(() => undefined);
      return tracker.recorded - before;
    };
    tracker.start();
    try {
      // Far more sampled than 250 a CPU second allow: the stride widens (to 32).
      clock.cpu += 50;
      clock.now += 20;
      recordedDuring(100_000);
      expect(recordedDuring(3200)).toBe(100);
      // Ten seconds of CPU time with the hooks off would read as a quiet program and narrow it again.
      tracker.pauseRecording();
      clock.cpu += 10_000;
      clock.now += 10_000;
      tracker.resumeRecording();
      clock.cpu += 1;
      clock.now += 20;
      expect(recordedDuring(3200)).toBe(100);
    } finally {
      tracker.stop();
    }
  });
});
