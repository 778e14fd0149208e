import { writeFileSync } from 'node:fs';
import { clock, operationRecords } from '../operations.js';
import { resolveOptions, type DoctorOptions, type ResolvedOptions } from '../options.js';
import { rankFindings } from '../report/rank.js';
import { withOriginalFrames } from '../source-maps.js';
import type { DoctorReport, ExitInfo, Finding } from '../types.js';
import { ExpressTracker } from './express.js';
import { HandleTracker } from './handles.js';
import { ListenerTracker } from './listeners.js';
import { AsyncWork } from './async-work.js';
import { DutyCycle, dutyCycleDefaults } from './duty-cycle.js';
import { HttpOperations } from './http-operations.js';
import { processClocks, PromiseTracker } from './promises.js';
import { RejectionTracker } from './rejections.js';
import { Watchdog } from './watchdog.js';

/**
 * A running doctor, from {@link startDoctor}: read its report at any time, stop it when done.
 *
 * @example
 * ```ts
 * const doctor = startDoctor();
 * afterAll(() => {
 *   const { findings } = doctor.report();
 *   doctor.stop();
 *   expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
 * });
 * ```
 */
export interface Doctor {
  /** The options in effect, defaults applied. */
  readonly options: ResolvedOptions;
  /**
   * The findings so far. Live handles and pending promises are judged as of now, so call it when the work under
   * test is done (or let the preload call it at exit).
   */
  report(): DoctorReport;
  /** Removes every patch and hook and stops the watchdog; `report()` still works afterwards. */
  stop(): void;
  /**
   * Resolves once every detector is running: the watchdog thread starts a few tens of milliseconds after the
   * doctor, so a block before then is seen only if it lasts until the thread is up.
   */
  ready(): Promise<void>;
}

const activeKey: unique symbol = Symbol.for('awaitwise.doctor.active');

/**
 * The doctor running in this process (started by the preload or by {@link startDoctor}), if any.
 *
 * Use it to read the report of a doctor someone else started, e.g. from a health endpoint of a server run with
 * `--import @awaitwise/doctor/register`.
 *
 * @example
 * ```ts
 * app.get('/debug/doctor', (req, res) => res.json(activeDoctor()?.report() ?? null));
 * ```
 */
export function activeDoctor(): Doctor | undefined {
  return (globalThis as { [activeKey]?: Doctor })[activeKey];
}

class RunningDoctor implements Doctor {
  readonly options: ResolvedOptions;
  readonly #startedAt = Date.now();
  readonly #rejections = new RejectionTracker();
  readonly #handles = new HandleTracker();
  readonly #listeners: ListenerTracker;
  readonly #express: ExpressTracker;
  readonly #watchdog: Watchdog | undefined;
  readonly #promises: PromiseTracker | undefined;
  readonly #work: AsyncWork | undefined;
  readonly #http: HttpOperations | undefined;
  #stopped = false;

  constructor(options: ResolvedOptions) {
    this.options = options;
    // Captured before the handle tracker wraps them: the doctor's own timers are never reported.
    const ownSetTimeout = globalThis.setTimeout;
    const ownSetInterval = globalThis.setInterval;
    const ownClearInterval = globalThis.clearInterval;
    this.#listeners = new ListenerTracker(options.listenerThreshold);
    this.#express = new ExpressTracker(options.requestTimeoutMs, ownSetTimeout);
    this.#watchdog =
      options.blockedMs > 0 ? new Watchdog(options.blockedMs, ownSetInterval, ownClearInterval) : undefined;
    if (options.mode === 'full') {
      const ownQueueMicrotask = globalThis.queueMicrotask;
      const ownNextTick = process.nextTick.bind(process);
      // The end of a turn: a tick queued from a promise callback runs once the microtask queue has drained, before any
      // timer, immediate or I/O callback. (An immediate is not: when a turn outlasts a timer, as the main module does
      // on Node 24 before the event loop starts, the loop runs the due timer first.)
      this.#work = new AsyncWork(options, (callback) => {
        ownQueueMicrotask(() => {
          ownNextTick(callback);
        });
      });
      this.#promises = new PromiseTracker(
        options.fullStackBudget,
        options.sampleEvery,
        this.#work,
        undefined,
        options.fidelity === 'full'
          ? undefined
          : {
              cycle: new DutyCycle(dutyCycleDefaults, processClocks),
              schedule: (callback, ms) => {
                ownSetTimeout(callback, ms).unref();
              },
            },
      );
      const promises = this.#promises;
      this.#http = new HttpOperations(() => promises.recording);
    }
  }

  start(): void {
    this.#rejections.install();
    if (this.#promises !== undefined) {
      const promises = this.#promises;
      this.#rejections.birthOf = (promise) => promises.birthOf(promise);
      promises.start();
    }
    this.#http?.install();
    this.#handles.install();
    this.#listeners.install();
    this.#express.install(this.#rejections);
    this.#watchdog?.start();
  }

  stop(): void {
    void this.#stopAll();
  }

  ready(): Promise<void> {
    return this.#watchdog?.ready ?? Promise.resolve();
  }

  /** Stops everything; resolves when the watchdog worker has exited. */
  async #stopAll(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const watchdogStopped = this.#watchdog?.stop();
    this.#express.uninstall();
    this.#listeners.uninstall();
    this.#handles.uninstall();
    this.#rejections.uninstall();
    this.#promises?.stop();
    this.#http?.uninstall();
    const holder = globalThis as { [activeKey]?: Doctor };
    if (holder[activeKey] === this) Reflect.deleteProperty(holder, activeKey);
    await watchdogStopped;
  }

  report(exit?: ExitInfo): DoctorReport {
    const ended = exit ?? { code: undefined, signal: undefined, cause: 'snapshot' };
    const findings: Finding[] = [
      ...this.#rejections.findings(),
      ...this.#express.findings(),
      ...this.#listeners.findings(),
      ...(this.#watchdog?.findings() ?? []),
    ];
    if (keptAlive(ended)) findings.push(...this.#handles.findings());
    if (this.#promises !== undefined) findings.push(...this.#promises.pendingFindings());
    if (this.#work !== undefined) findings.push(...this.#work.findings());
    else if (ended.code === 13) findings.push(unsettledTopLevelAwait());
    return {
      version: 1,
      mode: this.options.mode,
      pid: process.pid,
      argv: [...process.argv],
      cwd: process.cwd(),
      nodeVersion: process.version,
      startedAt: this.#startedAt,
      durationMs: clock(),
      exit: ended,
      findings: rankFindings(findings.map(withOriginalFrames)),
      operations: operationRecords(),
      ...(this.#work !== undefined && this.#promises !== undefined
        ? {
            asyncWork: this.#work.report(
              this.#promises.pendingRecords(),
              { promises: this.#promises.created, recorded: this.#promises.recorded },
              this.#promises.coverage(),
            ),
          }
        : {}),
    };
  }

  /** Hands the report to `consumer` when the process ends, keeping Node's exit code and signal behaviour. */
  reportAtExit(consumer: (report: DoctorReport) => void, stopRequested: () => boolean = () => false): void {
    let written = false;
    const write = (exit: ExitInfo) => {
      if (written) return;
      written = true;
      // Building a large `--full` report can hold the loop past the threshold: that is the doctor's time, not a block.
      this.#watchdog?.standDown();
      try {
        consumer(this.report(exit));
      } catch (error) {
        process.stderr.write(`awaitwise doctor: could not write the report: ${String(error)}\n`);
      }
    };
    let exitCalled = false;
    const originalExit = process.exit.bind(process);
    const exitObserved = (code?: string | number | null) => {
      exitCalled = true;
      return originalExit(code ?? undefined);
    };
    process.exit = exitObserved;
    let crashed = false;
    process.on('uncaughtExceptionMonitor', () => {
      crashed = true;
    });
    process.on('exit', (code) => {
      const finalCode = typeof process.exitCode === 'number' ? process.exitCode : code;
      write({
        code: finalCode,
        signal: undefined,
        cause: crashed ? 'crash' : exitCalled ? 'exit' : 'natural',
      });
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const onSignal = () => {
        write({ code: undefined, signal, cause: stopRequested() ? 'timeout' : 'signal' });
        // Only the doctor listens: do what Node does without a listener, die by that signal.
        if (process.listenerCount(signal) === 1) {
          process.removeListener(signal, onSignal);
          // The watchdog's inspector session must be gone first, or Node waits for "the debugger" to disconnect.
          const die = () => process.kill(process.pid, signal);
          this.#stopAll().then(die, die);
        }
      };
      process.on(signal, onSignal);
    }
  }
}

/**
 * Whether the handles still open are worth naming: after `process.exit()`, a `--timeout` stop, Ctrl-C (SIGINT) or a
 * snapshot they are what kept the program alive. After a natural exit there are none, after a crash they do not
 * matter, and a SIGTERM/SIGHUP from a supervisor (a test runner stopping its workers) is an ordinary shutdown.
 */
function keptAlive(exit: ExitInfo): boolean {
  if (exit.cause === 'signal') return exit.signal === 'SIGINT';
  return exit.cause === 'exit' || exit.cause === 'timeout' || exit.cause === 'snapshot';
}

function unsettledTopLevelAwait(): Finding {
  const main = process.argv[1] ?? '';
  return {
    kind: 'pending-promise',
    pitfall: 'top-level-await-cycle',
    severity: 'error',
    message:
      'A top-level await never settled (exit code 13): the program ended while its main module was still waiting; run with --full to see which promise',
    frames: main === '' ? [] : [{ functionName: '', file: main, line: 1, column: 1, async: false }],
    related: [],
    operation: undefined,
    atMs: clock(),
    data: { exitCode: 13 },
  };
}

/**
 * Starts the doctor in this process: unhandled and late-handled rejections, listener leaks, a blocked event loop,
 * hung Express 4 requests, and (on demand) the handles keeping the process alive; `mode: 'full'` adds promise
 * tracking. Only one doctor runs per process: a second call returns the running one.
 *
 * Use it from a test runner's setup file to fail a suite that leaks; to diagnose a whole program use the
 * preload (`node --import @awaitwise/doctor/register app.js`) or `awaitwise doctor -- node app.js`.
 *
 * @example
 * ```ts
 * import { startDoctor } from '@awaitwise/doctor';
 * const doctor = startDoctor({ blockedMs: 200 });
 * await runTheSuite();
 * const { findings } = doctor.report();
 * doctor.stop();
 * if (findings.length > 0) throw new Error(findings.map((f) => f.message).join('\n'));
 * ```
 */
export function startDoctor(options?: DoctorOptions): Doctor {
  const resolved = resolveOptions(options);
  return activeDoctor() ?? launch(resolved);
}

function launch(options: ResolvedOptions): RunningDoctor {
  const doctor = new RunningDoctor(options);
  (globalThis as { [activeKey]?: Doctor })[activeKey] = doctor;
  doctor.start();
  return doctor;
}

/** Starts the doctor and hands its report to `consumer` when the process ends (what the preload does). */
export function startDoctorAtExit(
  options: DoctorOptions | undefined,
  consumer: (report: DoctorReport) => void,
  stopRequested?: () => boolean,
): Doctor {
  const resolved = resolveOptions(options);
  const running = activeDoctor();
  if (running !== undefined) return running;
  const doctor = launch(resolved);
  doctor.reportAtExit(consumer, stopRequested);
  return doctor;
}

/** Writes a report as JSON to `file` (synchronously: it runs in the `exit` event). */
export function writeReportFile(file: string, report: DoctorReport): void {
  writeFileSync(file, JSON.stringify(report));
}
