import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import ts from '../typescript.cjs';
import { loadConfig } from './config.js';
import {
  defaultEngine,
  engineNames,
  UsageError,
  type AnalyzeOptions,
  type AnalyzeResult,
  type EngineName,
  type ResultPaths,
} from './analyze-contract.js';
import { NativeRun } from './native-run.js';
import { collectFiles } from './files.js';
import { applyFixes } from './fix.js';
import type { FileError } from './check-batch.js';
import { isSourceFile, ProjectLoader, type LoadedProject } from './project.js';
import { allRules } from '../rules/index.js';
import { engineCheckIds, type ReportedFinding } from './suppressions.js';
import { WorkerPool, workersAvailable } from './worker-pool.js';
import { checkFiles, compareStrings, openCache, type RunState } from './check-files.js';

export type { FileError } from './check-batch.js';

export type {
  AnalyzedFileError,
  AnalyzedFinding,
  AnalyzeOptions,
  AnalyzeProgress,
  AnalyzeResult,
  AnalyzeStats,
  EngineName,
  ProjectNote,
  ResultPaths,
  SkippedFile,
} from './analyze-contract.js';
export { defaultEngine, engineNames, isUsageError, UsageError } from './analyze-contract.js';

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
  // Checked at run time too: JavaScript callers pass anything.
  const requested: unknown = options.engine ?? config.engine ?? defaultEngine;
  if (!(engineNames as readonly unknown[]).includes(requested)) {
    throw new UsageError(
      `Expected \`engine\` to be one of ${engineNames.join(', ')}, got \`${String(requested)}\` (${typeof requested}).`,
    );
  }
  const engine = requested as EngineName;
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
    includeGenerated: options.includeGenerated ?? config.includeGenerated,
  });
  if (collected.missing.length > 0) {
    throw new UsageError(
      `No such file or folder: ${collected.missing.join(', ')} (relative to ${cwd}). Check the paths given to check.`,
    );
  }

  if (
    options.heapLimitMb !== undefined &&
    !(Number.isInteger(options.heapLimitMb) && options.heapLimitMb >= 64)
  ) {
    throw new UsageError(
      `Expected \`heapLimitMb\` to be an integer >= 64, got \`${String(options.heapLimitMb)}\` (${typeof options.heapLimitMb}).`,
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
    engine,
    native: engine === 'native' ? new NativeRun(cwd) : undefined,
    notes: new Map<string, string>(),
    poolFor: (misses) => {
      if (options.rules !== undefined || !workersAvailable() || misses === 0) return undefined;
      // Measured on 2 cores, workers never paid (each repeats the parsing of shared imports and keeps its own
      // checker): 'auto' only uses them with 4 cores or more, leaving one for the main thread.
      const cores = availableParallelism();
      const wanted =
        options.workers === 'auto'
          ? misses >= (options.parallelThreshold ?? 1500) && cores >= 4
            ? Math.min(4, cores - 1)
            : 1
          : (options.workers ?? 1);
      // The native engine checks in this thread: its type checker is a Go process of its own, outside the heap that
      // isolation protects, and each worker would start another one (README, Speed: the figures). Workers
      // are used only for more than one (asked for, or 'auto' on a big project), each with its own TypeScript 7 process.
      if (engine === 'native' && wanted <= 1) return undefined;
      if (wanted <= 1 && options.isolate === false) return undefined;
      state.workers = Math.max(1, wanted);
      state.pool ??= new WorkerPool(
        state.workers,
        { cwd, config: options.config, gate: state.gate, timing: options.timing === true },
        options.heapLimitMb ?? Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20),
      );
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
    state.native?.close();
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
  const notes = [...state.notes]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([file, message]) => withResultPaths({ file, message }, cwd));
  return {
    findings: findings.map((finding) => withResultPaths(finding, cwd)),
    fileErrors: fileErrors.map((error) => withResultPaths(error, cwd)),
    skipped: collected.generated.map((skipped) => withResultPaths(skipped, cwd)),
    notes,
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
      engine,
      nativeRequests: state.native?.requests() ?? 0,
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
