/**
 * The watchdog thread: notices when the main thread has not beaten for the threshold, reads the stack that blocks it
 * through the inspector (one `Runtime.evaluate`, run at V8's next interrupt check inside the blocking code) and
 * reports how long the block lasted. It sleeps until the moment the loop could first have been blocked for the
 * threshold (see `heartbeat.ts`): a healthy program pays a heartbeat and about one wake of this thread per threshold.
 */
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { elapsedMs, heartbeatTime, readHeartbeat, StallDetector } from './heartbeat.js';

interface WatchdogData {
  readonly heartbeat: SharedArrayBuffer;
  readonly thresholdMs: number;
  /** The main thread's `performance.timeOrigin`: heartbeat times count from it. */
  readonly originEpochMs: number;
  readonly port: MessagePort;
}

/** A frame as sent to the main thread (same shape as the report's `StackFrame`, file still a URL). */
export interface WatchdogFrame {
  readonly functionName: string;
  readonly url: string;
  readonly line: number;
  readonly column: number;
}

/** What the watchdog posts for one blocked period. */
export interface BlockedMessage {
  readonly type: 'blocked';
  /** Numbers the blocks; a block is posted once when its stack is taken and again, final, when it ends. */
  readonly id: number;
  readonly final: boolean;
  /** False for a block that came too soon after the last inspection: timed, but no stack taken. */
  readonly inspected: boolean;
  readonly startedAtEpochMs: number;
  readonly durationMs: number;
  readonly frames: readonly WatchdogFrame[];
  readonly operation: string;
}

const data = workerData as WatchdogData;
const slots = new Int32Array(data.heartbeat);
const detector = new StallDetector(data.thresholdMs);

/** Now, on the heartbeat's clock. */
function heartbeatNow(): number {
  return heartbeatTime(performance.timeOrigin + performance.now(), data.originEpochMs);
}

/** A block being watched: `startedAt` is epoch milliseconds (the last beat before it). */
let block:
  | { id: number; startedAt: number; frames: WatchdogFrame[]; operation: string; inspected: boolean }
  | undefined;
let blocks = 0;
/** At most one inspection per this many milliseconds; later blocks are only timed. */
const inspectEveryMs = 1000;
let lastInspection = Number.NEGATIVE_INFINITY;

/** Posts what is known of a block; `durationMs` so far (measured from the beats around it once it is final). */
function report(current: NonNullable<typeof block>, final: boolean, durationMs: number): void {
  const message: BlockedMessage = {
    type: 'blocked',
    id: current.id,
    final,
    inspected: current.inspected,
    startedAtEpochMs: current.startedAt,
    durationMs,
    frames: current.frames,
    operation: current.operation,
  };
  data.port.postMessage(message);
}

function post(session: Session, method: string, params?: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (error, result) => {
      if (error !== null) reject(error);
      else resolve(result as Record<string, unknown>);
    });
  });
}

/**
 * Runs in the main thread, at the interrupt point inside whatever code blocks it: it reads the JavaScript stack
 * below itself (so, the blocking code) and the current traced operation. `Error.prepareStackTrace` and
 * `Error.stackTraceLimit` are set for this one read and restored at once.
 */
const probe = `(() => {
  const limit = Error.stackTraceLimit;
  const prepare = Error.prepareStackTrace;
  Error.stackTraceLimit = 50;
  Error.prepareStackTrace = (_, sites) => sites.map((site) => {
    const type = site.getTypeName();
    const method = site.getMethodName();
    const name = site.getFunctionName() || (type && method ? type + '.' + method : '');
    return [name, site.getFileName() || '', site.getLineNumber() || 0, site.getColumnNumber() || 0];
  });
  try {
    const holder = {};
    Error.captureStackTrace(holder);
    const frames = holder.stack;
    const registry = globalThis[Symbol.for('awaitwise.doctor.operation-columns')];
    const id = registry ? registry.storage.getStore() : undefined;
    const name = id === undefined ? '' : registry.names[id % registry.limit];
    return JSON.stringify({ frames, operation: id === undefined ? '' : id + ':' + name });
  } finally {
    Error.stackTraceLimit = limit;
    Error.prepareStackTrace = prepare;
  }
})()`;

interface ProbeResult {
  readonly frames: readonly [string, string, number, number][];
  readonly operation: string;
}

/**
 * Takes the stack of the blocked main thread with one `Runtime.evaluate`: V8 runs it at the next interrupt check
 * inside the blocking code, with no debugger involved (enabling the debugger would cost the main thread tens of
 * milliseconds). The session is connected only for that moment: a session left connected would make Node print
 * "Waiting for the debugger to disconnect..." when the program calls `process.exit()`.
 */
function inspectMainThread(current: NonNullable<typeof block>): void {
  const session = new Session();
  try {
    session.connectToMainThread();
  } catch {
    return;
  }
  const sample = (attempt: number): Promise<void> =>
    post(session, 'Runtime.evaluate', { expression: probe, returnByValue: true, silent: true }).then(
      (result) => {
        const value = (result['result'] as { value?: unknown } | undefined)?.value;
        if (typeof value !== 'string') return;
        const parsed = JSON.parse(value) as ProbeResult;
        const frames = parsed.frames
          .filter(([, url]) => url !== '')
          .map(([functionName, url, line, column]) => ({ functionName, url, line, column }));
        if (frames.length > 0 || current.frames.length === 0) {
          current.frames = frames;
          current.operation = parsed.operation;
        }
        // Between two promise callbacks only Node's frames may be on the stack: sample again while still blocked.
        if (!frames.some(isProgramFrame) && attempt < maxSamples && block === current) {
          return new Promise<void>((resolve) => setTimeout(resolve, 10)).then(() => sample(attempt + 1));
        }
        // Posted now too: a program that exits right after the block never beats again.
        report(current, false, performance.timeOrigin + performance.now() - current.startedAt);
        return undefined;
      },
    );
  inspecting = true;
  void sample(1)
    .catch(() => undefined)
    .finally(() => {
      session.disconnect();
      inspecting = false;
    });
}

const maxSamples = 20;

function isProgramFrame(frame: WatchdogFrame): boolean {
  return !frame.url.startsWith('node:') && !frame.url.includes('/node_modules/');
}

/** Whether an inspector session is open: its replies come through this thread's event loop, so it must run. */
let inspecting = false;
/** Nothing ever notifies it: `Atomics.wait` on it is a sleep. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Looks at the heartbeat whenever the detector says. While the loop beats, this thread sleeps in `Atomics.wait`
 * between looks, without returning to its event loop (a wake then costs a few microseconds of JavaScript and no
 * timer); while a block lasts or its stack is being read, it waits on timers, so the inspector's replies get through.
 */
function watch(): void {
  for (;;) {
    const now = heartbeatNow();
    const seen = detector.look(readHeartbeat(slots), now);
    // Standing down: nothing keeps this thread's event loop alive any more but an inspection still under way.
    if (seen.kind === 'stopped') {
      block = undefined;
      return;
    }
    if (seen.kind === 'blocked') {
      const nowEpochMs = performance.timeOrigin + performance.now();
      const inspect = nowEpochMs - lastInspection >= inspectEveryMs;
      const startedAt = nowEpochMs - elapsedMs(seen.startedAt, now);
      block = { id: ++blocks, startedAt, frames: [], operation: '', inspected: inspect };
      if (inspect) {
        lastInspection = nowEpochMs;
        inspectMainThread(block);
      }
    } else if (seen.kind === 'ended' && block !== undefined) {
      report(block, true, elapsedMs(seen.startedAt, seen.endedAt));
      block = undefined;
    }
    if (block !== undefined || inspecting) {
      setTimeout(watch, seen.wakeInMs);
      return;
    }
    Atomics.wait(sleeper, 0, 0, seen.wakeInMs);
  }
}

parentPort?.postMessage('ready');
watch();
