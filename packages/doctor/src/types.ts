import type { PitfallId } from '@awaitwise/catalog';

/** What kind of defect a finding describes; each kind maps to at most one catalog pitfall. */
export type FindingKind =
  | 'unhandled-rejection'
  | 'late-handled-rejection'
  | 'pending-promise'
  | 'live-handle'
  | 'listener-leak'
  | 'blocked-loop'
  | 'microtask-run'
  | 'unanswered-request'
  | 'sequential-awaits'
  | 'in-flight-peak';

/**
 * Every finding kind, in the order the report ranks them (worst first); `--fail-on` accepts these as well as
 * pitfall ids.
 *
 * @example
 * ```ts
 * findingKinds.includes('listener-leak'); // true
 * ```
 */
export const findingKinds: readonly FindingKind[] = [
  'unhandled-rejection',
  'unanswered-request',
  'pending-promise',
  'late-handled-rejection',
  'in-flight-peak',
  'sequential-awaits',
  'listener-leak',
  'blocked-loop',
  'microtask-run',
  'live-handle',
];

/** How bad a finding is: `error` crashes or hangs, `warning` degrades, `info` is worth a look. */
export type Severity = 'error' | 'warning' | 'info';

/** One frame of a stack, with a file path (not a URL) for files on disk. */
export interface StackFrame {
  /** The function name, or `''` for anonymous and top-level code. */
  readonly functionName: string;
  /** An absolute path for files on disk; `node:…` for Node internals; a URL otherwise. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** True when the frame was reached through an `await` (an async stack frame). */
  readonly async: boolean;
  /**
   * Where the frame was in the code that ran, when `file`/`line`/`column` were mapped through a source map to the
   * original source (compiled TypeScript in `dist/`, say).
   */
  readonly generated?: { readonly file: string; readonly line: number; readonly column: number };
}

/** A labelled stack attached to a finding, such as "awaited by" or "added at". */
export interface RelatedStack {
  /** What this stack is, e.g. `awaited by` or `created at`. */
  readonly label: string;
  /** The frames, innermost first. */
  readonly frames: readonly StackFrame[];
}

/** The traced operation a finding happened in. */
export interface OperationRef {
  /** The operation id, unique in the process. */
  readonly id: number;
  /** The name given to `traced(name, fn)`. */
  readonly name: string;
  /** Milliseconds since the operation started, when the finding was made. */
  readonly elapsedMs: number;
  /** The steps marked with `step(name)` so far, with their times since the operation started. */
  readonly steps: readonly OperationStep[];
}

/** One defect the doctor saw. */
export interface Finding {
  /** What kind of defect. */
  readonly kind: FindingKind;
  /** The catalog pitfall this finding is an instance of, when there is one. */
  readonly pitfall: PitfallId | undefined;
  /** How bad it is. */
  readonly severity: Severity;
  /** One line: what happened. */
  readonly message: string;
  /** The stack that locates it (creation site, blocking code, adding call), innermost first. */
  readonly frames: readonly StackFrame[];
  /** Other stacks that explain it. */
  readonly related: readonly RelatedStack[];
  /** The traced operation it belongs to. */
  readonly operation: OperationRef | undefined;
  /** Milliseconds since the doctor started, when it was seen. */
  readonly atMs: number;
  /** Numbers and labels specific to the kind (durations, counts, event names). */
  readonly data: Readonly<Record<string, string | number | boolean>>;
}

/** One step marked with `step(name)` inside a traced operation. */
export interface OperationStep {
  /** The step's name. */
  readonly name: string;
  /** Milliseconds since the operation started. */
  readonly atMs: number;
}

/** One traced operation, for the timeline. */
export interface OperationRecord {
  /** Unique in the process. */
  readonly id: number;
  /** The name given to `traced`. */
  readonly name: string;
  /** The enclosing operation, if any. */
  readonly parentId: number | undefined;
  /** Milliseconds since the doctor started. */
  readonly startMs: number;
  /** Milliseconds since the doctor started; `undefined` while it runs. */
  readonly endMs: number | undefined;
  /** How it ended. */
  readonly status: 'running' | 'fulfilled' | 'rejected';
  /** The error message when it rejected. */
  readonly error: string | undefined;
  /** Steps marked inside it. */
  readonly steps: readonly OperationStep[];
}

/** How the process ended. */
export interface ExitInfo {
  /** The exit code, when it exited. */
  readonly code: number | undefined;
  /** The signal that ended it, when one did. */
  readonly signal: string | undefined;
  /**
   * `natural`: the loop emptied; `exit`: `process.exit()`; `crash`: an uncaught exception or rejection;
   * `signal`: killed; `timeout`: stopped by `awaitwise doctor --timeout`; `snapshot`: the program is still running.
   */
  readonly cause: 'natural' | 'exit' | 'crash' | 'signal' | 'timeout' | 'snapshot';
}

/** Everything the doctor found in one process. */
export interface DoctorReport {
  /** The report format version. */
  readonly version: 1;
  /** `default` or `full` (promise tracking). */
  readonly mode: 'default' | 'full';
  /** The process id. */
  readonly pid: number;
  /** `process.argv` of the diagnosed process. */
  readonly argv: readonly string[];
  /** Its working directory. */
  readonly cwd: string;
  /** `process.version`. */
  readonly nodeVersion: string;
  /** Epoch milliseconds when the doctor started. */
  readonly startedAt: number;
  /** Milliseconds from start to the report. */
  readonly durationMs: number;
  /** How the process ended. */
  readonly exit: ExitInfo;
  /** The findings, worst first. */
  readonly findings: readonly Finding[];
  /** The traced operations, in start order. */
  readonly operations: readonly OperationRecord[];
  /** `--full`: where the waiting went, per call site and per operation; absent in default mode. */
  readonly asyncWork?: AsyncWorkReport;
}

/** One call site of the program's own code that created promises which stayed pending across a turn. */
export interface AsyncSite {
  /** Unique in the report; spans and series refer to it. */
  readonly id: number;
  /** Where the promises were created, innermost first (the program's own frames). */
  readonly frames: readonly StackFrame[];
  /** Where they were awaited (the first awaiter seen), innermost first; empty when nothing awaited them. */
  readonly awaitedAt: readonly StackFrame[];
  /** Promises recorded at this site (`sampled` ones counted once each). */
  readonly count: number;
  /** Sum of their pending times, in milliseconds. */
  readonly totalMs: number;
  /** The longest pending time. */
  readonly maxMs: number;
  /** The most promises of this site pending at once. */
  readonly maxInFlight: number;
  /** When that peak was reached, in milliseconds since the doctor started. */
  readonly peakAtMs: number;
  /** The longest run of promises awaited one after another in one activation (see sequential-await). */
  readonly longestRun: number;
  /** True when some promises here were sampled rather than all recorded (counts are then estimates). */
  readonly sampled: boolean;
}

/** One awaited piece of work: a promise from `site`, pending from `startMs` to `endMs`. */
export interface AsyncSpan {
  /** The {@link AsyncSite.id}. */
  readonly site: number;
  /** Milliseconds since the doctor started. */
  readonly startMs: number;
  /** Milliseconds since the doctor started; `undefined` when still pending at the report. */
  readonly endMs: number | undefined;
  /** The operation it ran in (an HTTP request served or a `traced()` operation), `0` outside any. */
  readonly operation: number;
}

/** In-flight counts of one site over time: `[atMs, inFlight]` pairs, downsampled (peaks kept). */
export interface ConcurrencySeries {
  /** The {@link AsyncSite.id}. */
  readonly site: number;
  /** `[milliseconds since start, promises pending]`, in time order. */
  readonly points: readonly (readonly [number, number])[];
}

/** How many sockets, file operations and other resources Node had open at once (`process.getActiveResourcesInfo`). */
export interface ResourcePeak {
  /** Node's resource type: `TCPSocketWrap`, `FSReqCallback`, `FileHandle`, `GetAddrInfoReqWrap`… */
  readonly type: string;
  /** The most open at once. */
  readonly peak: number;
  /** When, in milliseconds since the doctor started. */
  readonly atMs: number;
}

/** `--full`: the async work of the program's own code, bounded (per-site aggregates, a ring of recent spans). */
export interface AsyncWorkReport {
  /** Call sites, by total pending time, most first. */
  readonly sites: readonly AsyncSite[];
  /** The most recent spans (a ring: the oldest are dropped first), in start order. */
  readonly spans: readonly AsyncSpan[];
  /** Spans dropped from the ring. */
  readonly droppedSpans: number;
  /** In-flight over time for the sites that peaked. */
  readonly concurrency: readonly ConcurrencySeries[];
  /** Resource types open at once, highest first. */
  readonly resources: readonly ResourcePeak[];
  /** Promises created while the hooks were on (all of them unless {@link coverage} says the run was sampled). */
  readonly promises: number;
  /** Promises given a creation stack (all of them while the rate allows, then one in `sampleEvery`). */
  readonly recorded: number;
  /** Whether the hooks were on for the whole run, or in windows once the rate of promises was high. */
  readonly coverage: RecordingCoverage;
}

/**
 * `--full`: what the recording of a run covered. While the program makes few promises the hooks are on all the time;
 * once it makes many (100 000 a second for 300 ms: a tight loop of awaits, a busy server) they are on in windows of
 * `windowMs` once per `periodMs`, and the findings and figures cover those windows only. `fidelity: 'full'` keeps them
 * on all the time.
 */
export interface RecordingCoverage {
  /** `full`: the hooks were on all the time, as asked; `adaptive`: on all the time while the rate of promises was low. */
  readonly fidelity: 'full' | 'adaptive';
  /** True when the rate stayed high and the recorder sampled: the hooks were on only in windows. */
  readonly sampled: boolean;
  /** When sampling first started, in milliseconds since the doctor started. */
  readonly sampledFromMs: number | undefined;
  /** The share of the run the hooks were on (1 when never sampled). */
  readonly recordedFraction: number;
  /** Sampling windows opened. */
  readonly windows: number;
  /** While sampling: a window of this many milliseconds… */
  readonly windowMs: number;
  /** …once per this many milliseconds. */
  readonly periodMs: number;
}
