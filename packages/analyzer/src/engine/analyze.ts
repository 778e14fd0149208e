import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ts from '../typescript.cjs';
import { defaultCacheDir, hashText, ResultCache } from './cache.js';
import { loadConfig, type ConfigSource, type ResolvedConfig } from './config.js';
import { collectFiles } from './files.js';
import { applyFixes } from './fix.js';
import { checkBatch, type FileError, type FileOutcome } from './check-batch.js';
import { isSourceFile, ProjectLoader, type LoadedProject } from './project.js';
import type { AnyRule } from '../rule.js';
import { allRules } from '../rules/index.js';
import { engineCheckIds, type ReportedFinding } from './suppressions.js';
import { analyzerVersion } from './version.js';
import { WorkerPool, workersAvailable } from './worker-pool.js';

export type { FileError } from './check-batch.js';

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /** Folder that relative paths are resolved from and the config is searched from. @default process.cwd() */
  readonly cwd?: string;
  /** Files and folders to check. @default the `--project` files, else `cwd` */
  readonly paths?: readonly string[];
  /** A tsconfig to use for every file (its references included), like `tsc -p`. @default the nearest tsconfig of each file */
  readonly project?: string;
  /** A config file path, an inline config, or undefined to find `awaitwise.config.json` upward from `cwd`. */
  readonly config?: ConfigSource;
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
   * @default 1 (no workers)
   */
  readonly workers?: number | 'auto';
  /** With `workers: 'auto'`, the number of files to check from which workers are used. @default 1500 */
  readonly parallelThreshold?: number;
  /** Measure the time spent in each rule (`stats.ruleTimes`). @default false */
  readonly timing?: boolean;
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

/** The result of {@link analyze}. */
export interface AnalyzeResult {
  /** Findings, sorted by file then position. */
  readonly findings: readonly AnalyzedFinding[];
  /** Files that could not be checked, and rules that failed. */
  readonly fileErrors: readonly AnalyzedFileError[];
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

interface Group {
  readonly key: string;
  readonly options: ts.CompilerOptions;
  /** Files of the owning project (for the project fingerprint). */
  readonly projectFiles: readonly string[];
  /** Declaration files of the project: they can declare globals the checked files use. */
  readonly declarations: readonly string[];
  readonly files: string[];
}

/**
 * Checks a project: finds the files, loads their tsconfig (or infers options for plain JavaScript), runs the
 * configured rules, applies suppression comments, and returns the findings. A file that cannot be read or parsed,
 * and a rule that throws, are reported in `fileErrors`; the run goes on.
 *
 * @throws ConfigError for an invalid config; UsageError for a path that does not exist or a broken `--project`.
 * @example
 * ```ts
 * const { findings } = await analyze({ cwd: process.cwd(), paths: ['src'] });
 * for (const f of findings) console.log(`${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
 * ```
 * `file` is relative to `cwd` and `absolutePath` absolute, as in the CLI's JSON report.
 */
export async function analyze(options: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const started = performance.now();
  const cwd = resolve(options.cwd ?? process.cwd());
  const registry = options.rules ?? allRules;
  const config = loadConfig(options.config, cwd, registry);
  const loader = new ProjectLoader();

  let rootProject: LoadedProject | undefined;
  if (options.project !== undefined) {
    const projectPath = resolve(cwd, options.project);
    if (!ts.sys.fileExists(projectPath)) {
      throw new UsageError(
        `The project ${projectPath} does not exist. Give --project the path of a tsconfig.json.`,
      );
    }
    rootProject = loader.load(projectPath);
    if (rootProject === undefined) {
      const problem = loader.problems.map((p) => p.message).join('; ');
      throw new UsageError(`Cannot load the project ${projectPath}: ${problem}. Fix the tsconfig and retry.`);
    }
  }

  let paths = options.paths ?? [];
  if (paths.length === 0) {
    paths =
      rootProject === undefined
        ? [cwd]
        : [...loader.walk(rootProject)].flatMap((project) => project.fileNames.filter(isSourceFile));
  }
  const collected = await collectFiles({
    cwd,
    paths,
    baseDir: config.baseDir,
    include: config.include,
    exclude: config.exclude,
  });
  if (collected.missing.length > 0) {
    throw new UsageError(
      `No such file or folder: ${collected.missing.join(', ')} (relative to ${cwd}). Check the paths given to check.`,
    );
  }

  const fileErrors: FileError[] = [];
  const state: RunState = {
    config,
    registry,
    loader,
    rootProject,
    fileErrors,
    cache: openCache(options, cwd, config, registry),
    batchSize: options.batchSize ?? 2000,
    gate: options.skipTypesWithoutAsyncText ?? false,
    onProgress: options.onProgress,
    knownIds: new Set<string>([...registry.map((r) => r.meta.id), ...engineCheckIds]),
    activeIds: new Set<string>(config.rules.map((r) => r.rule.meta.id)),
    programs: 0,
    typedFiles: 0,
    cachedFiles: 0,
    keepTexts: options.fix === true,
    workers: 0,
    ruleTimes: options.timing === true ? new Map<string, number>() : undefined,
    pool: undefined,
    poolFor: (misses) => {
      if (options.rules !== undefined || !workersAvailable()) return undefined;
      // Measured on 2 cores, workers never paid (each repeats the parsing of shared imports and keeps its own
      // checker): 'auto' only uses them with 4 cores or more, leaving one for the main thread.
      const cores = availableParallelism();
      const wanted =
        options.workers === 'auto'
          ? misses >= (options.parallelThreshold ?? 1500) && cores >= 4
            ? Math.min(4, cores - 1)
            : 1
          : (options.workers ?? 1);
      if (wanted <= 1) return undefined;
      state.workers = wanted;
      state.pool ??= new WorkerPool(wanted, {
        cwd,
        config: options.config,
        gate: state.gate,
        timing: options.timing === true,
      });
      return state.pool;
    },
  };
  options.onProgress?.({ phase: 'load', done: 0, total: collected.files.length });

  const results = new Map<string, readonly ReportedFinding[]>();
  const texts = new Map<string, string>();
  let fixPasses = 0;
  const fixedFiles = new Set<string>();
  try {
    await checkFiles(state, collected.files, results, texts);

    if (options.fix === true) {
      for (; fixPasses < 10; fixPasses++) {
        const changed: string[] = [];
        for (const [file, findings] of results) {
          const text = texts.get(file);
          if (text === undefined) continue;
          const fixed = applyFixes(text, findings);
          if (fixed === text) continue;
          writeFileSync(file, fixed);
          changed.push(file);
          fixedFiles.add(file);
        }
        if (changed.length === 0) break;
        options.onProgress?.({ phase: 'fix', done: fixPasses + 1, total: 10 });
        // The errors of changed files are recomputed: drop their old ones.
        const changedSet = new Set(changed);
        for (let i = fileErrors.length - 1; i >= 0; i--) {
          if (changedSet.has(fileErrors[i]?.file ?? '')) fileErrors.splice(i, 1);
        }
        await checkFiles(state, changed, results, texts);
      }
    }
  } finally {
    await state.pool?.close();
  }
  state.cache?.save();

  for (const problem of loader.problems) {
    fileErrors.push({ file: problem.file, kind: 'project', message: problem.message });
  }
  const findings = [...results.values()].flat();
  findings.sort(
    (a, b) => compareStrings(a.file, b.file) || a.start - b.start || compareStrings(a.ruleId, b.ruleId),
  );
  fileErrors.sort((a, b) => compareStrings(a.file, b.file));
  return {
    findings: findings.map((finding) => withResultPaths(finding, cwd)),
    fileErrors: fileErrors.map((error) => withResultPaths(error, cwd)),
    config,
    stats: {
      files: collected.files.length,
      cachedFiles: state.cachedFiles,
      programs: state.programs,
      typedFiles: state.typedFiles,
      fixedFiles: fixedFiles.size,
      fixPasses,
      durationMs: performance.now() - started,
      workers: state.workers,
      ruleTimes: Object.fromEntries(state.ruleTimes ?? []),
    },
  };
}

/** `item` with `file` made relative to `cwd` (see {@link ResultPaths}) and `absolutePath` added. */
function withResultPaths<T extends { readonly file: string }>(
  item: T,
  cwd: string,
): Omit<T, 'file'> & ResultPaths {
  const rel = relative(cwd, item.file);
  const outside = rel === '' || rel.startsWith('..') || isAbsolute(rel);
  return { ...item, file: (outside ? item.file : rel).split(sep).join('/'), absolutePath: item.file };
}

let gc: (() => void) | undefined;

/**
 * Runs a full garbage collection. V8 would otherwise let the heap grow across programs, each several hundred MB,
 * before collecting the dead ones; a full collection between programs costs a fraction of building the next one.
 */
function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface RunState {
  readonly config: ResolvedConfig;
  readonly registry: readonly AnyRule[];
  readonly loader: ProjectLoader;
  readonly rootProject: LoadedProject | undefined;
  readonly fileErrors: FileError[];
  readonly cache: ResultCache | undefined;
  readonly batchSize: number;
  readonly gate: boolean;
  readonly onProgress: ((progress: AnalyzeProgress) => void) | undefined;
  readonly knownIds: ReadonlySet<string>;
  readonly activeIds: ReadonlySet<string>;
  programs: number;
  typedFiles: number;
  cachedFiles: number;
  /** Keep file texts after checking (for `fix`). */
  readonly keepTexts: boolean;
  workers: number;
  readonly ruleTimes: Map<string, number> | undefined;
  pool: WorkerPool | undefined;
  /** The worker pool to use for this many files to check, or undefined to check in this thread. */
  readonly poolFor: (misses: number) => WorkerPool | undefined;
}

function openCache(
  options: AnalyzeOptions,
  cwd: string,
  config: ResolvedConfig,
  registry: readonly AnyRule[],
): ResultCache | undefined {
  if (options.cache === undefined || options.cache === false) return undefined;
  const dir = typeof options.cache === 'string' ? resolve(cwd, options.cache) : defaultCacheDir(cwd);
  const key = hashText(
    JSON.stringify({
      version: analyzerVersion,
      typescript: ts.version,
      registry: registry.map((rule) => rule.meta.id),
      rules: config.rules.map((r) => [r.rule.meta.id, r.severity, r.options]),
      engine: config.engineChecks,
      gate: options.skipTypesWithoutAsyncText ?? false,
    }),
  );
  return new ResultCache(dir, key);
}

/** Groups files by the project that owns them; files no project owns go to an inferred program. */
function groupFiles(state: RunState, files: readonly string[]): Group[] {
  const groups = new Map<string, Group>();
  for (const file of files) {
    const owner = state.loader.ownerOf(file, state.rootProject);
    let group: Group | undefined;
    if (owner !== undefined) {
      group = groups.get(owner.configPath);
      if (group === undefined) {
        group = {
          key: owner.configPath,
          options: owner.options,
          projectFiles: owner.fileNames,
          declarations: owner.fileNames.filter((name) => /\.d\.[cm]?ts$/.test(name)),
          files: [],
        };
        groups.set(group.key, group);
      }
    } else {
      const inferred = state.loader.inferredOptionsFor(file);
      group = groups.get(inferred.key);
      if (group === undefined) {
        group = {
          key: inferred.key,
          options: inferred.options,
          projectFiles: [],
          declarations: [],
          files: [],
        };
        groups.set(group.key, group);
      }
    }
    group.files.push(file);
  }
  return [...groups.values()];
}

function readText(file: string): string | Error {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Hash of every file of the project (and the checked files): type-aware results are valid while it holds. */
function projectFingerprint(group: Group, texts: ReadonlyMap<string, string>): string {
  const names = [...new Set([...group.projectFiles, ...group.files])].sort();
  const parts: string[] = [group.key];
  for (const name of names) {
    const text = texts.get(name) ?? readText(name);
    parts.push(`${name}:${typeof text === 'string' ? hashText(text) : 'unreadable'}`);
  }
  return hashText(parts.join('\n'));
}

async function checkFiles(
  state: RunState,
  files: readonly string[],
  results: Map<string, readonly ReportedFinding[]>,
  texts: Map<string, string>,
): Promise<void> {
  const total = files.length;
  let done = 0;
  const progress = (file: string): void => {
    done++;
    state.onProgress?.({ phase: 'check', done, total, file });
  };
  interface Job {
    readonly group: Group;
    readonly files: readonly string[];
    readonly texts: Map<string, string>;
    readonly hashes: ReadonlyMap<string, string>;
    readonly projectHash: string;
  }
  const jobs: Job[] = [];
  let misses = 0;
  for (const group of groupFiles(state, files)) {
    // Read every file first: unreadable ones are reported, cached ones skip the program entirely.
    const groupTexts = new Map<string, string>();
    const hashes = new Map<string, string>();
    for (const file of group.files) {
      const text = readText(file);
      if (typeof text !== 'string') {
        state.fileErrors.push({ file, kind: 'read', message: `cannot be read: ${text.message}` });
        results.delete(file);
        progress(file);
        continue;
      }
      groupTexts.set(file, text);
      hashes.set(file, hashText(text));
      if (state.keepTexts) texts.set(file, text);
    }
    const projectHash = state.cache === undefined ? '' : projectFingerprint(group, groupTexts);
    const toCheck: string[] = [];
    for (const [file, hash] of hashes) {
      const cached = state.cache?.get(file, hash, projectHash);
      if (cached !== undefined) {
        results.set(file, cached);
        state.cachedFiles++;
        progress(file);
      } else {
        toCheck.push(file);
      }
    }
    misses += toCheck.length;
    jobs.push({ group, files: toCheck, texts: groupTexts, hashes, projectHash });
  }

  const pool = state.poolFor(misses);
  const onOutcome = (job: Job, outcome: FileOutcome): void => {
    state.fileErrors.push(...outcome.errors);
    if (outcome.typed) state.typedFiles++;
    if (outcome.findings === undefined) {
      results.delete(outcome.file);
    } else {
      results.set(outcome.file, outcome.findings);
      // A run where a rule failed is not kept: the next run retries it.
      if (!outcome.failed) {
        state.cache?.set(outcome.file, {
          contentHash: job.hashes.get(outcome.file) ?? '',
          projectHash: outcome.typed ? job.projectHash : undefined,
          findings: outcome.findings,
        });
      }
    }
    progress(outcome.file);
  };
  const addTimes = (times: Iterable<readonly [string, number]>): void => {
    if (state.ruleTimes === undefined) return;
    for (const [id, ms] of times) state.ruleTimes.set(id, (state.ruleTimes.get(id) ?? 0) + ms);
  };

  const running: Promise<void>[] = [];
  for (const job of jobs) {
    if (job.files.length === 0) continue;
    // With workers, split each project so that every worker gets a share; files stay in path order so that a batch
    // holds neighbours, which import each other.
    const size =
      pool === undefined
        ? state.batchSize
        : Math.min(state.batchSize, Math.ceil(job.files.length / state.workers));
    for (let from = 0; from < job.files.length; from += size) {
      const batch = job.files.slice(from, from + size);
      const batchTexts = new Map(batch.map((file) => [file, job.texts.get(file) ?? ''] as const));
      state.programs++;
      if (pool !== undefined) {
        running.push(
          pool.run(
            {
              files: batch,
              texts: [...batchTexts],
              options: job.group.options,
              declarations: job.group.declarations,
            },
            (outcome) => {
              onOutcome(job, outcome);
            },
            addTimes,
          ),
        );
        continue;
      }
      // Yield between programs so that a caller's progress output and signals get a turn.
      await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
      // The previous program is garbage now: collect it before building the next, so the peak is one program's.
      if (state.programs > 1) collectGarbage();
      checkBatch(
        {
          files: batch,
          texts: batchTexts,
          options: job.group.options,
          declarations: job.group.declarations,
          rules: state.config.rules,
          engineChecks: state.config.engineChecks,
          knownIds: state.knownIds,
          activeIds: state.activeIds,
          gate: state.gate,
          ruleTimes: state.ruleTimes,
        },
        (outcome) => {
          onOutcome(job, outcome);
        },
      );
    }
  }
  await Promise.all(running);
}
