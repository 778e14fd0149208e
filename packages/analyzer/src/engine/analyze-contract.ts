// The public contract of analyze(): its options, its result and its usage error. Kept apart from the run itself
// (analyze.ts) so a reader finds what goes in and what comes out on one page.
import type { AnyRule } from '../rule.js';
import type { ConfigSource, ResolvedConfig } from './config.js';
import type { FileError } from './check-batch.js';
import type { GeneratedFile } from './generated.js';
import type { ReportedFinding } from './suppressions.js';

/** The type checkers {@link analyze} can ask: `ts6` and `native`. */
export const engineNames = ['ts6', 'native'] as const;

/**
 * The engine {@link analyze} (and `awaitwise check`) uses when neither its options nor the config name one: `native`,
 * TypeScript 7's checker. `ts6` stays for very large projects (TypeScript 7's process holds the whole project: about
 * twice ts6's memory on 5,000 files) and for code TypeScript 7 reads differently (the analyzer README's Engines).
 */
export const defaultEngine = 'native' satisfies EngineName;

/**
 * Which type checker answers the rules' type questions. The rules always walk TypeScript 6 syntax trees.
 * - `native` (the default, {@link defaultEngine}): TypeScript 7's native checker (the analyzer's own
 *   `typescript-native`, `typescript@7.0.2`), in one Go child process per run, through a facade shaped like
 *   TypeScript 6's checker. Old tsconfig settings TypeScript 7 removed are read as their nearest replacement, with a
 *   note ({@link AnalyzeResult.notes}).
 * - `ts6`: TypeScript 6's checker (the analyzer's own `typescript@~6.0`), in this process or its worker threads.
 */
export type EngineName = (typeof engineNames)[number];

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /**
   * The type checker: `native` or `ts6` (see {@link EngineName}). Overrides the config's `engine` when set.
   * @default the config's `engine`, else `'native'` ({@link defaultEngine})
   */
  readonly engine?: EngineName;
  /** Folder that relative paths are resolved from and the config is searched from. @default process.cwd() */
  readonly cwd?: string;
  /** Files and folders to check. @default the `--project` files, else `cwd` */
  readonly paths?: readonly string[];
  /** A tsconfig to use for every file (its references included), like `tsc -p`. @default the nearest tsconfig of each file */
  readonly project?: string;
  /** A config file path, an inline config, or undefined to find `awaitwise.config.json` upward from `cwd`. */
  readonly config?: ConfigSource;
  /**
   * Check generated files too: files ignored by a `.gitignore`, build output, bundles, minified files and files with
   * a code generator's banner, which are skipped by default (see {@link AnalyzeResult.skipped}). Overrides the
   * config's `includeGenerated` when set. @default the config's `includeGenerated`, else false
   */
  readonly includeGenerated?: boolean;
  /** Reuse per-file results between runs: true for the default folder, or a folder. @default false */
  readonly cache?: boolean | string;
  /** Apply the rules' safe fixes to the files, re-checking until stable (at most 10 passes). @default false */
  readonly fix?: boolean;
  /** Called as the run advances (for a progress indicator). */
  readonly onProgress?: (progress: AnalyzeProgress) => void;
  /** The rules to run. @default allRules */
  readonly rules?: readonly AnyRule[];
  /**
   * At most this many files to check per program; bigger projects are checked in several programs so that memory
   * stays bounded. @default 2000
   */
  readonly batchSize?: number;
  /**
   * Skip type-aware rules in files whose text has no async construct (`async`, `await`, `Promise`, `then`).
   * Faster, but misses a promise-returning call left unawaited in a file that never mentions them. @default false
   */
  readonly skipTypesWithoutAsyncText?: boolean;
  /**
   * Worker threads to check files in parallel: a number, or `'auto'` for one per core but one (at most 4) on
   * machines with 4 cores or more, when more than `parallelThreshold` files need checking. Each worker builds its own program, so parallel runs cost more memory
   * and repeat the parsing of shared imports. Ignored with custom `rules` (workers load the registry).
   * With one (the default), programs are still built in one worker thread when the compiled engine is available, so
   * that a file whose types exhaust the heap is reported (`kind: 'memory'`) instead of ending the process; see
   * `isolate`.
   * @default 1
   */
  readonly workers?: number | 'auto';
  /**
   * Build programs in a worker thread whose heap is limited to `heapLimitMb`, even without parallel workers: a file
   * whose type checking runs out of memory is reported in `fileErrors` with `kind: 'memory'`, and the run goes on.
   * `false` checks in this thread (a file that exhausts the heap then ends the process). Ignored with custom
   * `rules` (workers load the registry), which always check in this thread.
   * @default true
   */
  readonly isolate?: boolean;
  /**
   * The heap limit, in MiB, of each worker thread's program. @default this process's own heap limit (Node's
   * `--max-old-space-size`)
   */
  readonly heapLimitMb?: number;
  /** With `workers: 'auto'`, the number of files to check from which workers are used. @default 1500 */
  readonly parallelThreshold?: number;
  /** Measure the time spent in each rule (`stats.ruleTimes`). @default false */
  readonly timing?: boolean;
}

/**
 * A note on a project: what the engine read differently from the tsconfig (with the `native` engine, the settings
 * TypeScript 7 removed and what they were read as). The project is checked; the note says how.
 */
export interface ProjectNote extends ResultPaths {
  /** One line, like `moduleResolution "node" read as "bundler" without package.json exports/imports; …`. */
  readonly message: string;
}

/** Progress of a run. */
export interface AnalyzeProgress {
  /** `load`: files and projects found; `check`: a file was checked (or read from the cache); `fix`: a fix pass. */
  readonly phase: 'load' | 'check' | 'fix';
  /** Files checked so far in this pass. */
  readonly done: number;
  /** Files to check in this pass. */
  readonly total: number;
  /** The file just checked, when there is one. */
  readonly file?: string;
}

/** Counters of a run. */
export interface AnalyzeStats {
  /** Files checked (including cache hits). */
  readonly files: number;
  /** Files whose result came from the cache. */
  readonly cachedFiles: number;
  /** Programs built. */
  readonly programs: number;
  /** Files where a type-aware rule ran. */
  readonly typedFiles: number;
  /** Files changed by `fix`. */
  readonly fixedFiles: number;
  /** Fix passes run. */
  readonly fixPasses: number;
  /** Wall time of the run in milliseconds. */
  readonly durationMs: number;
  /** Worker threads used (0: checked in this thread). */
  readonly workers: number;
  /** Milliseconds spent in each rule, with `timing: true` (summed over workers). */
  readonly ruleTimes: Readonly<Record<string, number>>;
  /** The type checker that answered (see {@link EngineName}). */
  readonly engine: EngineName;
  /** Requests sent to TypeScript 7's process (`native` engine, in this thread; 0 with `ts6`). */
  readonly nativeRequests: number;
}

/**
 * Where a finding or file error of {@link analyze} is: the same two paths as the `awaitwise check --format json`
 * report.
 */
export interface ResultPaths {
  /**
   * The file relative to `cwd`, with forward slashes (`src/orders.ts`); the absolute path, with forward slashes,
   * when the file is outside `cwd`.
   */
  readonly file: string;
  /** The absolute path of the file, as the platform writes it. */
  readonly absolutePath: string;
}

/** A finding of {@link analyze}: `file` relative to `cwd`, `absolutePath` absolute. */
export type AnalyzedFinding = Omit<ReportedFinding, 'file'> & ResultPaths;

/** A file error of {@link analyze}: `file` relative to `cwd`, `absolutePath` absolute. */
export type AnalyzedFileError = Omit<FileError, 'file'> & ResultPaths;

/** A file skipped as generated, with {@link ResultPaths} paths: why (`reason`) and the evidence (`detail`). */
export type SkippedFile = Omit<GeneratedFile, 'file'> & ResultPaths;

/** The result of {@link analyze}. */
export interface AnalyzeResult {
  /** Findings, sorted by file then position. */
  readonly findings: readonly AnalyzedFinding[];
  /** Files that could not be checked, and rules that failed. */
  readonly fileErrors: readonly AnalyzedFileError[];
  /**
   * Files found in the folders searched but not checked because they are generated, sorted by path (empty with
   * `includeGenerated`). A file named explicitly is always checked.
   */
  readonly skipped: readonly SkippedFile[];
  /**
   * Notes on projects, one per tsconfig read differently (sorted by file): with the `native` engine, the settings
   * TypeScript 7 removed and what they were read as. Empty with `ts6`.
   */
  readonly notes: readonly ProjectNote[];
  /** Counters. */
  readonly stats: AnalyzeStats;
  /** The config used (its file, its active rules). */
  readonly config: ResolvedConfig;
}

/** A usage error: a path that does not exist, a `--project` that cannot be loaded. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Stable code for programs. */
  readonly code = 'AWAITWISE_USAGE';
}

/** True when `error` is a {@link UsageError}. */
export function isUsageError(error: unknown): error is UsageError {
  return error instanceof UsageError;
}
