import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { clock, operationRecords } from '../operations.js';
import { isInternalFrame, isUserFrame } from '../stack.js';
import type { Finding, OperationRef, StackFrame } from '../types.js';
import { Heartbeat, heartbeatPeriodMs, heartbeatSlots, heartbeatTime, longGapMs } from './heartbeat.js';
import type { BlockedMessage } from './watchdog-worker.js';

const microtaskDrivers = new Set(['processTicksAndRejections', 'runMicrotasks', 'runNextTicks']);

function toFrame(frame: BlockedMessage['frames'][number]): StackFrame {
  let file = frame.url;
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      // keep the URL
    }
  }
  return { functionName: frame.functionName, file, line: frame.line, column: frame.column, async: false };
}

function operationAt(id: number, name: string, atMs: number): OperationRef {
  const record = operationRecords().find((operation) => operation.id === id);
  if (record === undefined) return { id, name, elapsedMs: 0, steps: [] };
  const elapsedMs = Math.max(0, atMs - record.startMs);
  return { id, name, elapsedMs, steps: record.steps.filter((step) => step.atMs <= elapsedMs) };
}

/**
 * `event-loop-starvation`: a heartbeat on the main thread (an unref'd interval stamping the time into shared memory)
 * and a watchdog worker that, when the beat stops for `blockedMs`, reads the blocking stack through the inspector.
 * No per-callback hooks; the worker sleeps until the loop could first have been blocked that long (see
 * `heartbeat.ts` for what that guarantees).
 */
export class Watchdog {
  readonly #thresholdMs: number;
  readonly #setInterval: typeof setInterval;
  readonly #clearInterval: typeof clearInterval;
  #worker: Worker | undefined;
  #port: MessagePort | undefined;
  #beat: ReturnType<typeof setInterval> | undefined;
  #heartbeat: Heartbeat | undefined;
  readonly #blocks = new Map<number, BlockedMessage>();
  #failure: string | undefined;
  readonly #startEpochMs: number;
  #ready: Promise<void> = Promise.resolve();
  #isReady = false;

  constructor(
    thresholdMs: number,
    originalSetInterval: typeof setInterval,
    originalClearInterval: typeof clearInterval,
  ) {
    this.#thresholdMs = thresholdMs;
    this.#setInterval = originalSetInterval;
    this.#clearInterval = originalClearInterval;
    this.#startEpochMs = Date.now() - clock();
  }

  start(): void {
    const heartbeat = new SharedArrayBuffer(heartbeatSlots * Int32Array.BYTES_PER_ELEMENT);
    const origin = performance.timeOrigin;
    const now = () => heartbeatTime(origin + performance.now(), origin);
    const beats = new Heartbeat(new Int32Array(heartbeat), longGapMs(this.#thresholdMs), now());
    this.#beat = this.#setInterval(() => {
      beats.beat(now());
    }, heartbeatPeriodMs(this.#thresholdMs));
    this.#beat.unref();
    this.#heartbeat = beats;
    const channel = new MessageChannel();
    this.#port = channel.port1;
    const worker = new Worker(new URL('./watchdog-worker.js', import.meta.url), {
      workerData: { heartbeat, thresholdMs: this.#thresholdMs, originEpochMs: origin, port: channel.port2 },
      transferList: [channel.port2],
      execArgv: [],
      env: {},
      stdout: false,
      stderr: false,
    });
    this.#ready = new Promise<void>((resolve) => {
      const done = () => {
        this.#isReady = true;
        resolve();
      };
      worker.once('message', done);
      worker.once('exit', done);
    });
    worker.on('error', (error: unknown) => {
      this.#failure = error instanceof Error ? error.message : String(error);
    });
    worker.unref();
    this.#worker = worker;
  }

  /**
   * Stops the heartbeat and tells the watchdog thread to look no more, at once: the time the doctor then spends on its
   * own (building the report as the process exits) is never taken for a block of the program, and no inspector session
   * is opened to read it (one still connected when the process exits makes Node wait for "the debugger").
   */
  standDown(): void {
    if (this.#beat !== undefined) this.#clearInterval(this.#beat);
    this.#beat = undefined;
    this.#heartbeat?.stop();
  }

  /** Stops the heartbeat and the worker; resolves once the worker (and its inspector session) is gone. */
  async stop(): Promise<void> {
    this.standDown();
    this.#drain();
    const worker = this.#worker;
    this.#worker = undefined;
    this.#port?.close();
    this.#port = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  /** Resolves once the watchdog thread watches (or has failed); keeps the process alive until then. */
  get ready(): Promise<void> {
    const worker = this.#worker;
    if (this.#isReady || worker === undefined) return Promise.resolve();
    worker.ref();
    return this.#ready.finally(() => {
      worker.unref();
    });
  }

  /** Why the watchdog could not run, if it failed. */
  get failure(): string | undefined {
    return this.#failure;
  }

  #drain(): void {
    const port = this.#port;
    if (port === undefined) return;
    for (;;) {
      const received = receiveMessageOnPort(port);
      if (received === undefined) break;
      const message = received.message as BlockedMessage;
      const known = this.#blocks.get(message.id);
      if (known === undefined) {
        this.#blocks.set(message.id, message);
        continue;
      }
      // Messages of one block can arrive in any order: the duration comes from the final one, the stack from
      // whichever has one.
      const timing = message.final || !known.final ? message : known;
      const stack = message.frames.length > 0 ? message : known;
      this.#blocks.set(message.id, {
        ...timing,
        frames: stack.frames,
        operation: stack.operation,
        inspected: known.inspected || message.inspected,
      });
    }
  }

  findings(): Finding[] {
    this.#drain();
    const findings: Finding[] = [];
    let uninspected = 0;
    let uninspectedMs = 0;
    for (const block of this.#blocks.values()) {
      const finding = this.#finding(block);
      // Only blocks with the program's own code on the stack: time spent inside Node or inside a dependency on
      // its own (loading modules at start-up, a test runner transforming files) is not the program's defect.
      if (finding.frames.some(isUserFrame)) findings.push(finding);
      else if (block.frames.length === 0 && !block.inspected) {
        uninspected += 1;
        uninspectedMs += Number(finding.data['blockedMs']);
      }
    }
    if (uninspected > 0 && findings.length > 0) {
      findings.push({
        kind: 'blocked-loop',
        pitfall: 'event-loop-starvation',
        severity: 'info',
        message: `${uninspected} more block${uninspected === 1 ? '' : 's'} (${uninspectedMs} ms in all) came less than a second after an inspected one and ${uninspected === 1 ? 'was' : 'were'} only timed`,
        frames: [],
        related: [],
        operation: undefined,
        atMs: clock(),
        data: { blocks: uninspected, blockedMs: uninspectedMs },
      });
    }
    return findings;
  }

  #finding(block: BlockedMessage): Finding {
    const all = block.frames.map(toFrame);
    const bottom = all.at(-1);
    // Promise callbacks run from V8's microtask queue with nothing of Node's below them (or from
    // processTicksAndRejections); timers, I/O and module evaluation always have Node frames at the bottom.
    const firstUser = all.findIndex(isUserFrame);
    const driver = all.slice(Math.max(0, firstUser)).find((frame) => frame.file.startsWith('node:'));
    const microtasks =
      bottom !== undefined && (driver === undefined || microtaskDrivers.has(driver.functionName));
    const frames = all.filter((frame) => !isInternalFrame(frame) && frame.file !== '');
    // A block with no final message lasted until the report (the program exited right after it).
    const duration = Math.round(block.final ? block.durationMs : Date.now() - block.startedAtEpochMs);
    const atMs = block.startedAtEpochMs - this.#startEpochMs;
    const [id, ...name] = block.operation.split(':');
    return {
      kind: microtasks ? 'microtask-run' : 'blocked-loop',
      pitfall: 'event-loop-starvation',
      severity: duration >= this.#thresholdMs * 5 ? 'error' : 'warning',
      message: microtasks
        ? `A run of microtasks (promise callbacks) held the event loop for ${duration} ms; timers and I/O waited`
        : `The event loop was blocked for ${duration} ms`,
      frames,
      related: [],
      operation: block.operation === '' ? undefined : operationAt(Number(id), name.join(':'), atMs),
      atMs,
      data: { blockedMs: duration, thresholdMs: this.#thresholdMs },
    };
  }
}
