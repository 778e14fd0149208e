/**
 * When `--full` records promises: all the time while the program makes few, in windows once it makes many.
 *
 * V8's promise hooks alone (empty bodies) make a tight loop of awaits about twice as slow, and a busy server pays for
 * them on every request, so no recording at full fidelity keeps those programs within the doctor's budget. Profilers
 * that run in production solve it the same way: record everything while it is cheap, and once the rate of events stays
 * high, record in windows of a fixed duty cycle and say so. The defects `--full` looks for show at any rate: a
 * sequential loop of slow lookups makes a few promises a second, a fan-out peaks in the turn that fires it (recorded
 * before a window can close), and a busy server repeats the same requests in every window.
 *
 * The rate that counts is promises per second of the process's CPU time: what the hooks cost is a share of the work
 * the program does, however loaded the machine is (a starved server makes fewer promises a wall second, each costing
 * the same share). A program that makes few a wall second is never sampled, however dense its promises: an idle server
 * answering a request now and then is recorded in full.
 *
 * This class only decides; {@link PromiseTracker} turns the hooks on and off. It reads only the clocks it is given, so
 * the tests drive it with clocks of their own.
 */

import type { BudgetClocks } from './promises.js';

/** The thresholds and lengths of the duty cycle: promises per second (of CPU or wall time) and wall milliseconds. */
export interface DutyCycleSettings {
  /** Promises per second of CPU time at or above which the rate counts as high… */
  readonly highRate: number;
  /** …when the program also makes at least this many per second of wall time (below it, it is mostly idle). */
  readonly busyRate: number;
  /** A sampled window below this many per CPU second, or below a quarter of `busyRate` per wall second, ends sampling. */
  readonly lowRate: number;
  /** The rate is judged over spans of at least this many milliseconds (wall time). */
  readonly judgeMs: number;
  /** Sampling starts once the rate stayed high for this long (a burst, such as a fan-out, is recorded in full). */
  readonly sustainMs: number;
  /** While sampling: how long each recording window lasts. */
  readonly windowMs: number;
  /** While sampling: a window opens once per this many milliseconds. */
  readonly periodMs: number;
}

/**
 * 100 000 promises a CPU second is where the hooks (with the records they keep) cost more than a tenth of the program's
 * own work; a server answering requests from an async handler makes 400 000 or more, a tight loop of awaits tens of
 * millions. 5 000 a wall second is far more than a program waiting on I/O makes (a sequential loop of 25 ms lookups
 * makes a few hundred), and 300 ms of it is longer than a fan-out's burst of creations. Windows of 100 ms each second:
 * the hooks cost a tenth of what they would.
 */
export const dutyCycleDefaults: DutyCycleSettings = {
  highRate: 100_000,
  busyRate: 5_000,
  lowRate: 25_000,
  judgeMs: 100,
  sustainMs: 300,
  windowMs: 100,
  periodMs: 1000,
};

/** `full`: recording, not sampling; `window`: sampling, recording; `off`: sampling, between windows. */
export type DutyCycleState = 'full' | 'window' | 'off';

/** What the run's recording covered, for the report. */
export interface DutyCycleCoverage {
  /** True once the recorder sampled (went to windows at least once). */
  readonly sampled: boolean;
  /** When sampling first started, on the clock the cycle reads; `undefined` when it never did. */
  readonly sampledFromMs: number | undefined;
  /** The share of the time since the cycle started that the hooks were on (1 when never sampled). */
  readonly recordedFraction: number;
  /** How many sampling windows opened. */
  readonly windows: number;
}

/**
 * Decides when the promise hooks are on. The tracker reports how many promises it saw ({@link counted}, from its
 * `init` hook every so many promises and from the window timer) and calls {@link open} when the off period is over;
 * `counted` returns `true` when the hooks must go off now.
 */
export class DutyCycle {
  readonly settings: DutyCycleSettings;
  readonly #clocks: BudgetClocks;
  readonly #startedAt: number;
  #state: DutyCycleState = 'full';
  /** The span the rate is being judged over (full fidelity) or the window (sampling): wall and CPU time at its start. */
  #spanStart: number;
  #spanCpuStart: number;
  #spanPromises = 0;
  /** Start of the run of high-rate spans, `NaN` when the last span was not high. */
  #highSince = Number.NaN;
  /** Milliseconds the hooks were on, up to {@link #onSince}. */
  #onMs = 0;
  /** When the hooks last went on, `NaN` while off. */
  #onSince: number;
  #sampledFrom: number | undefined;
  #windows = 0;

  constructor(settings: DutyCycleSettings, clocks: BudgetClocks) {
    this.settings = settings;
    this.#clocks = clocks;
    this.#startedAt = clocks.wallMs();
    this.#spanStart = this.#startedAt;
    this.#spanCpuStart = clocks.cpuMs();
    this.#onSince = this.#startedAt;
  }

  get state(): DutyCycleState {
    return this.#state;
  }

  /** The milliseconds to stay off before the next window opens. */
  get offMs(): number {
    return this.settings.periodMs - this.settings.windowMs;
  }

  /**
   * `count` more promises were created while the hooks were on. Returns `true` when the hooks must go off now: the
   * rate stayed high for {@link DutyCycleSettings.sustainMs} (sampling starts), or a sampling window is over and its
   * rate is still high (a window whose rate fell low goes back to full fidelity instead).
   */
  counted(count: number): boolean {
    if (this.#state === 'off') return false;
    this.#spanPromises += count;
    const now = this.#clocks.wallMs();
    const elapsed = now - this.#spanStart;
    const { settings } = this;
    if (this.#state === 'window') return elapsed >= settings.windowMs && this.#endWindow(now, elapsed);
    if (elapsed < settings.judgeMs) return false;
    const high = this.#rate(elapsed, settings.highRate, settings.busyRate);
    if (high && Number.isNaN(this.#highSince)) this.#highSince = this.#spanStart;
    if (!high) this.#highSince = Number.NaN;
    this.#startSpan(now);
    if (!high || now - this.#highSince < settings.sustainMs) return false;
    this.#sampledFrom ??= now;
    this.#goOff(now);
    return true;
  }

  /** The window timer fired: ends the window now (whatever its length), as {@link counted} would at its end. */
  windowOver(count: number): boolean {
    if (this.#state !== 'window') return false;
    this.#spanPromises += count;
    const now = this.#clocks.wallMs();
    return this.#endWindow(now, now - this.#spanStart);
  }

  /** Whether the span's promises reached `perCpuSecond` per second of CPU time and `perWallSecond` of wall time. */
  #rate(elapsed: number, perCpuSecond: number, perWallSecond: number): boolean {
    const cpu = this.#clocks.cpuMs() - this.#spanCpuStart;
    const promises = this.#spanPromises * 1000;
    return promises >= perWallSecond * elapsed && promises >= perCpuSecond * cpu;
  }

  #startSpan(now: number): void {
    this.#spanStart = now;
    this.#spanCpuStart = this.#clocks.cpuMs();
    this.#spanPromises = 0;
  }

  #endWindow(now: number, elapsed: number): boolean {
    const stillHigh = this.#rate(elapsed, this.settings.lowRate, this.settings.busyRate / 4);
    this.#startSpan(now);
    if (!stillHigh) {
      // The program slowed down: record everything again, judging the rate afresh.
      this.#state = 'full';
      this.#highSince = Number.NaN;
      return false;
    }
    this.#goOff(now);
    return true;
  }

  #goOff(now: number): void {
    this.#state = 'off';
    this.#onMs += now - this.#onSince;
    this.#onSince = Number.NaN;
  }

  /** The off period is over: a sampling window opens (the hooks go on). */
  open(): void {
    if (this.#state !== 'off') return;
    const now = this.#clocks.wallMs();
    this.#state = 'window';
    this.#windows += 1;
    this.#onSince = now;
    this.#startSpan(now);
  }

  /** What the recording covered so far. */
  coverage(): DutyCycleCoverage {
    const now = this.#clocks.wallMs();
    const total = now - this.#startedAt;
    const on = this.#onMs + (Number.isNaN(this.#onSince) ? 0 : now - this.#onSince);
    return {
      sampled: this.#sampledFrom !== undefined,
      sampledFromMs: this.#sampledFrom,
      recordedFraction: this.#sampledFrom === undefined || total <= 0 ? 1 : Math.min(1, on / total),
      windows: this.#windows,
    };
  }
}
