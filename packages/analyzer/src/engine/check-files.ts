// Checking the collected files: grouped by the project (tsconfig) that owns them, answered from the result cache
// where the file and its project are unchanged, the rest checked in batches of programs, in this thread or in worker
// threads. analyze() (analyze.ts) prepares the run and turns its outcome into the result.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from '../typescript.cjs';
import { defaultCacheDir, hashText, ResultCache } from './cache.js';
import type { ResolvedConfig } from './config.js';
import {
  defaultEngine,
  type AnalyzeOptions,
  type AnalyzeProgress,
  type EngineName,
} from './analyze-contract.js';
import { checkBatch, collectGarbage, type FileError, type FileOutcome } from './check-batch.js';
import { adaptConfigChain } from './native/config-compat.js';
import { readDisk, type NativeRun } from './native-run.js';
import { ProjectLoader, type LoadedProject } from './project.js';
import type { AnyRule } from '../rule.js';
import type { ReportedFinding } from './suppressions.js';
import { analyzerVersion } from './version.js';
import { WorkerPool } from './worker-pool.js';

interface Group {
  readonly key: string;
  /** The owning tsconfig, or undefined for files no tsconfig owns. */
  readonly configFile: string | undefined;
  /** The tsconfig the options come from (the owner, or the nearest tsconfig of inferred options), if any. */
  readonly optionsFrom: string | undefined;
  readonly options: ts.CompilerOptions;
  /** Files of the owning project (for the project fingerprint). */
  readonly projectFiles: readonly string[];
  /** Declaration files of the project: they can declare globals the checked files use. */
  readonly declarations: readonly string[];
  readonly files: string[];
}

/** Orders strings by code unit (the same order on every machine and locale), for sorting files and findings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What one analyze() run shares between its groups: the config, rules, project loader, cache, workers and counters. */
export interface RunState {
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
  /** The type checker that answers the rules. */
  readonly engine: EngineName;
  /** The native engine's session of this thread (`native` engine), opened by the first batch. */
  readonly native: NativeRun | undefined;
  /** Notes on projects by tsconfig (`native` engine: what TypeScript 7 reads differently). */
  readonly notes: Map<string, string>;
}

/** The result cache of this run, keyed by the analyzer, TypeScript and rule settings; undefined unless `cache` is set. */
export function openCache(
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
          configFile: owner.configPath,
          optionsFrom: owner.configPath,
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
          configFile: undefined,
          optionsFrom: inferred.configPath,
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
    return decodeSource(readFileSync(file));
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * A source file's text as TypeScript's own `sys.readFile` decodes it: UTF-16 when the file starts with its byte-order
 * mark (a `supabase gen types … > types_db.ts` redirect in Windows PowerShell writes UTF-16 LE), else UTF-8. Read as
 * UTF-8, a UTF-16 file is full of NUL characters and the parser calls it binary.
 */
function decodeSource(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const littleEndian = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    return littleEndian.swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}

/**
 * Hash of the engine and of every file of the project (and the checked files): type-aware results are valid while it
 * holds. The engine is part of it: a typed result of one engine is never served for the other (their checkers are
 * different programs, and their answers are identical only where the diff of the two says so), while results of
 * files where no type-aware rule ran (no project hash) depend on the file alone and are shared by both engines.
 */
function projectFingerprint(group: Group, texts: ReadonlyMap<string, string>, engine: EngineName): string {
  const names = [...new Set([...group.projectFiles, ...group.files])].sort();
  const parts: string[] = [`engine:${engine}`, group.key];
  for (const name of names) {
    const text = texts.get(name) ?? readText(name);
    parts.push(`${name}:${typeof text === 'string' ? hashText(text) : 'unreadable'}`);
  }
  return hashText(parts.join('\n'));
}

/**
 * Checks `files` (absolute paths) group by group: cached results where the file and its project are unchanged, the
 * rest in batches of programs. Each file's findings go into `results` (and its text into `texts` when the run keeps
 * them); files that cannot be checked go to `state.fileErrors`.
 */
export async function checkFiles(
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
    const projectHash = state.cache === undefined ? '' : projectFingerprint(group, groupTexts, state.engine);
    if (state.engine === 'native') noteProject(state, group);
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
          runIsolated(
            state,
            pool,
            { ...job.group, engine: state.engine },
            batch,
            batchTexts,
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
          engine: state.engine,
          configFile: job.group.configFile,
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
        undefined,
        state.native,
      );
    }
  }
  await Promise.all(running);
}

/**
 * Records what TypeScript 7 reads differently in a group's tsconfig (its `extends` chain included), once per
 * tsconfig: the notes of {@link adaptConfigChain}. Files no tsconfig owns take their options from the nearest
 * tsconfig, whose notes say what changed; with no tsconfig at all the options are the analyzer's own, which TypeScript
 * 7 accepts.
 */
function noteProject(state: RunState, group: Group): void {
  const file = group.optionsFrom;
  if (file === undefined || state.notes.has(file)) return;
  const notes = adaptConfigChain(file, readDisk).notes;
  if (notes.length > 0) state.notes.set(file, `settings TypeScript 7 removed: ${notes.join('; ')}`);
}

/** What an isolated check reports into: the run's file errors and its count of programs built. */
export interface IsolatedRun {
  readonly fileErrors: FileError[];
  programs: number;
}

/** The project a batch belongs to: its compiler options, declaration files, engine and tsconfig. */
export interface BatchProject {
  readonly options: ts.CompilerOptions;
  readonly declarations: readonly string[];
  /** The engine to check with. @default 'native' ({@link defaultEngine}) */
  readonly engine?: EngineName;
  /** The owning tsconfig, for the native engine. */
  readonly configFile?: string | undefined;
}

/**
 * Checks a batch in a worker of `pool`. When the worker runs out of memory, a file is reported as a `memory` error
 * only once it has run out checked alone, in a program of its own: the file it was checking (started, no outcome)
 * is retried alone first, since in a batch it may only have run out because earlier files' types filled the heap,
 * or its outcome may have been lost with the worker; the files left are checked in a new program. When the worker
 * runs out while building the program (no file started), the batch is split in two and each half retried, down to a
 * single file; when it runs out between two files, the files left are retried.
 */
export async function runIsolated(
  run: IsolatedRun,
  pool: WorkerPool,
  project: BatchProject,
  files: readonly string[],
  texts: ReadonlyMap<string, string>,
  onOutcome: (outcome: FileOutcome) => void,
  addTimes: (times: Iterable<readonly [string, number]>) => void,
): Promise<void> {
  const done = new Set<string>();
  let started: string | undefined;
  const end = await pool.run(
    {
      files,
      texts: files.map((file) => [file, texts.get(file) ?? ''] as const),
      options: project.options,
      declarations: project.declarations,
      engine: project.engine ?? defaultEngine,
      configFile: project.configFile,
    },
    (outcome) => {
      done.add(outcome.file);
      onOutcome(outcome);
    },
    addTimes,
    (file) => {
      started = file;
    },
  );
  if (end === 'done') return;
  const left = files.filter((file) => !done.has(file));
  if (left.length === 0) return;
  const [only] = left;
  if (files.length === 1 && only !== undefined) {
    // Alone in its program, and still too big: report it.
    run.fileErrors.push({
      file: only,
      kind: 'memory',
      message:
        `not checked: its program needed more than ${pool.heapLimitMb} MiB (the file, what it imports and ` +
        `their types are too large to resolve). Give Node more memory to check it: ` +
        `NODE_OPTIONS=--max-old-space-size=${pool.heapLimitMb * 2}`,
    });
    onOutcome({ file: only, findings: undefined, typed: false, failed: true, errors: [] });
    return;
  }
  let retry: (readonly string[])[];
  if (started === undefined) {
    // Out of memory before any file started: the program of the whole batch does not fit.
    const half = Math.ceil(left.length / 2);
    retry = [left.slice(0, half), left.slice(half)];
  } else if (!done.has(started)) {
    const suspect = started;
    retry = [[suspect], left.filter((file) => file !== suspect)];
  } else {
    // Out of memory between two files: the files left, in a new program.
    retry = [left];
  }
  for (const part of retry) {
    if (part.length === 0) continue;
    run.programs++;
    await runIsolated(run, pool, project, part, texts, onOutcome, addTimes);
  }
}
