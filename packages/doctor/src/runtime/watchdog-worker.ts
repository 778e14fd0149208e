/**
 * The watchdog thread: notices when the main thread stops beating for longer than the threshold, pauses it
 * through the inspector to read the stack that blocks it, resumes it at once and reports how long the block lasted.
 * The debugger is enabled only for that moment, so a healthy program pays nothing but a heartbeat.
 */
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { workerData, type MessagePort } from 'node:worker_threads';

interface WatchdogData {
  readonly heartbeat: SharedArrayBuffer;
  readonly thresholdMs: number;
  readonly port: MessagePort;
}

interface CdpCallFrame {
  readonly callFrameId: string;
  readonly functionName: string;
  readonly url: string;
  readonly location: {
    readonly scriptId: string;
    readonly lineNumber: number;
    readonly columnNumber?: number;
  };
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
const beats = new Int32Array(data.heartbeat);

const operationProbe = `(() => {
  const registry = globalThis[Symbol.for('awaitwise.doctor.operations')];
  const operation = registry && registry.storage.getStore();
  return operation ? operation.id + ':' + operation.name : '';
})()`;

let lastBeat = Atomics.load(beats, 0);
let lastChange = performance.now();
let block:
  | { id: number; startedAt: number; frames: WatchdogFrame[]; operation: string; inspected: boolean }
  | undefined;
let blocks = 0;
/** At most one inspection (one pause of the main thread) per this many milliseconds; later blocks are counted. */
const inspectEveryMs = 1000;
let lastInspection = Number.NEGATIVE_INFINITY;

function report(current: NonNullable<typeof block>, final: boolean): void {
  const message: BlockedMessage = {
    type: 'blocked',
    id: current.id,
    final,
    inspected: current.inspected,
    startedAtEpochMs: performance.timeOrigin + current.startedAt,
    durationMs: performance.now() - current.startedAt,
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
 * Connects to the main thread only for the moment of a block: a session left connected would make Node print
 * "Waiting for the debugger to disconnect..." when the program calls `process.exit()`.
 */
function pauseMainThread(current: NonNullable<typeof block>): void {
  const session = new Session();
  const scripts = new Map<string, string>();
  session.on('Debugger.scriptParsed', (message: { params: { scriptId: string; url: string } }) => {
    scripts.set(message.params.scriptId, message.params.url);
  });
  session.on('Debugger.paused', (message: { params: { callFrames: CdpCallFrame[] } }) => {
    const callFrames = message.params.callFrames;
    current.frames = callFrames.map((frame) => ({
      functionName: frame.functionName,
      url: frame.url !== '' ? frame.url : (scripts.get(frame.location.scriptId) ?? ''),
      line: frame.location.lineNumber + 1,
      column: (frame.location.columnNumber ?? 0) + 1,
    }));
    const top = callFrames[0];
    // Sent together, without waiting: the main thread answers the probe while still paused, then resumes with the
    // debugger already off, so it never runs a line of the program with the debugger on.
    const readOperation =
      top === undefined
        ? Promise.resolve('')
        : post(session, 'Debugger.evaluateOnCallFrame', {
            callFrameId: top.callFrameId,
            expression: operationProbe,
            returnByValue: true,
            silent: true,
          }).then(
            (result) => {
              const value = (result['result'] as { value?: unknown } | undefined)?.value;
              return typeof value === 'string' ? value : '';
            },
            () => '',
          );
    const resumed = post(session, 'Debugger.resume');
    const disabled = post(session, 'Debugger.disable');
    void readOperation
      .then((operation) => {
        current.operation = operation;
        // Posted now too: a program that exits right after the block never beats again.
        report(current, false);
        return Promise.all([resumed, disabled]);
      })
      .catch(() => undefined)
      .finally(() => {
        session.disconnect();
      });
  });
  try {
    session.connectToMainThread();
  } catch {
    return;
  }
  // Pipelined: the pause is queued right behind the enable.
  const enabled = post(session, 'Debugger.enable');
  const paused = post(session, 'Debugger.pause');
  Promise.all([enabled, paused]).catch(() => {
    session.disconnect();
  });
}

function tick(): void {
  const beat = Atomics.load(beats, 0);
  const now = performance.now();
  if (beat !== lastBeat) {
    if (block !== undefined) {
      report(block, true);
      block = undefined;
    }
    lastBeat = beat;
    lastChange = now;
    return;
  }
  if (block === undefined && now - lastChange >= data.thresholdMs) {
    const inspect = now - lastInspection >= inspectEveryMs;
    block = { id: ++blocks, startedAt: lastChange, frames: [], operation: '', inspected: inspect };
    if (inspect) {
      lastInspection = now;
      pauseMainThread(block);
    }
  }
}

setInterval(tick, Math.max(5, Math.min(25, Math.floor(data.thresholdMs / 4))));
