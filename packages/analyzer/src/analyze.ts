import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { defaultCacheDir, hashText, ResultCache } from './cache.js';
import { loadConfig, type ConfigSource, type ResolvedConfig } from './config.js';
import { collectFiles } from './files.js';
import { applyFixes } from './fix.js';
import { createAnalysisProgram } from './program.js';
import { isSourceFile, ProjectLoader, type LoadedProject } from './project.js';
import type { AnyRule } from './rule.js';
import { allRules } from './rules/index.js';
import { runRulesOnFile } from './run-rules.js';
import { applySuppressions, engineCheckIds, type ReportedFinding } from './suppressions.js';
import { analyzerVersion } from './version.js';

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

/** A file that could not be checked, or a rule that failed on it. The run goes on. */
export interface FileError {
  /** Absolute path. */
  readonly file: string;
  /** `read`: cannot be read; `parse`: syntax error; `rule`: a rule threw; `project`: its tsconfig is broken. */
  readonly kind: 'read' | 'parse' | 'rule' | 'project';
  /** The rule that threw (`kind: 'rule'`). */
  readonly ruleId?: string;
  /** 1-based line of a syntax error. */
  readonly line?: number;
  /** 1-based column of a syntax error. */
  readonly column?: number;
  /** The reason. */
  readonly message: string;
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
}

/** The result of {@link analyze}. */
export interface AnalyzeResult {
  /** Findings, sorted by file then position. */
  readonly findings: readonly ReportedFinding[];
  /** Files that could not be checked, and rules that failed. */
  readonly fileErrors: readonly FileError[];
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

const asyncText = /\basync\b|\bawait\b|Promise|\bthen\b/;

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
  };
  options.onProgress?.({ phase: 'load', done: 0, total: collected.files.length });

  const results = new Map<string, readonly ReportedFinding[]>();
  const texts = new Map<string, string>();
  await checkFiles(state, collected.files, results, texts);

  let fixPasses = 0;
  const fixedFiles = new Set<string>();
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
    findings,
    fileErrors,
    config,
    stats: {
      files: collected.files.length,
      cachedFiles: state.cachedFiles,
      programs: state.programs,
      typedFiles: state.typedFiles,
      fixedFiles: fixedFiles.size,
      fixPasses,
      durationMs: performance.now() - started,
    },
  };
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
  for (const group of groupFiles(state, files)) {
    // Read every file first: unreadable ones are reported, cached ones skip the program entirely.
    const toCheck: string[] = [];
    const hashes = new Map<string, string>();
    for (const file of group.files) {
      const text = readText(file);
      if (typeof text !== 'string') {
        state.fileErrors.push({ file, kind: 'read', message: `cannot be read: ${text.message}` });
        results.delete(file);
        progress(file);
        continue;
      }
      texts.set(file, text);
      hashes.set(file, hashText(text));
      toCheck.push(file);
    }
    const projectHash = state.cache === undefined ? '' : projectFingerprint(group, texts);
    const misses: string[] = [];
    for (const file of toCheck) {
      const cached = state.cache?.get(file, hashes.get(file) ?? '', projectHash);
      if (cached !== undefined) {
        results.set(file, cached);
        state.cachedFiles++;
        progress(file);
      } else {
        misses.push(file);
      }
    }
    for (let from = 0; from < misses.length; from += state.batchSize) {
      const batch = misses.slice(from, from + state.batchSize);
      const batchTexts = new Map<string, string>();
      for (const file of batch) batchTexts.set(file, texts.get(file) ?? '');
      // Yield between programs so that a caller's progress output and signals get a turn.
      await new Promise<void>((resolveTurn) => setImmediate(resolveTurn));
      const program = createAnalysisProgram({
        rootNames: [...batch, ...group.declarations],
        options: group.options,
        texts: batchTexts,
      });
      state.programs++;
      for (const file of batch) {
        const findings = checkOneFile(state, program, file, batchTexts.get(file) ?? '');
        if (findings !== undefined) {
          results.set(file, findings.findings);
          // A run where a rule failed is not kept: the next run retries it.
          if (!findings.failed)
            state.cache?.set(file, {
              contentHash: hashes.get(file) ?? '',
              projectHash: findings.typed ? projectHash : undefined,
              findings: findings.findings,
            });
        } else {
          results.delete(file);
        }
        progress(file);
      }
    }
  }
}

function checkOneFile(
  state: RunState,
  program: ts.Program,
  file: string,
  text: string,
): { findings: ReportedFinding[]; typed: boolean; failed: boolean } | undefined {
  const sourceFile = program.getSourceFile(file);
  if (sourceFile === undefined) {
    state.fileErrors.push({ file, kind: 'read', message: 'cannot be read by the TypeScript compiler' });
    return undefined;
  }
  const syntax = program.getSyntacticDiagnostics(sourceFile);
  const first = syntax[0];
  if (first !== undefined) {
    const position = sourceFile.getLineAndCharacterOfPosition(first.start);
    const more = syntax.length > 1 ? ` (and ${syntax.length - 1} more)` : '';
    state.fileErrors.push({
      file,
      kind: 'parse',
      line: position.line + 1,
      column: position.character + 1,
      message: `cannot be parsed: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}${more}`,
    });
    return undefined;
  }
  const skipTyped = state.gate && !asyncText.test(text);
  const rules = skipTyped ? state.config.rules.filter((r) => !r.rule.meta.requiresTypes) : state.config.rules;
  const typed = rules.some((r) => r.rule.meta.requiresTypes);
  if (typed) state.typedFiles++;
  let failed = false;
  const raw = runRulesOnFile({
    program,
    sourceFile,
    rules,
    onRuleError: (rule, error) => {
      failed = true;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      state.fileErrors.push({ file, kind: 'rule', ruleId: rule.meta.id, message: `rule failed: ${message}` });
    },
  });
  const findings = applySuppressions({
    sourceFile,
    findings: raw,
    knownIds: state.knownIds,
    activeIds: state.activeIds,
    engineChecks: state.config.engineChecks,
  });
  return { findings, typed, failed };
}
