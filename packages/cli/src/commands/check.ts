import { parseArgs } from 'node:util';
import {
  allRules,
  analyze,
  engineNames,
  isConfigError,
  isNativeBinaryMissingError,
  isUsageError,
  severities,
  type AnalyzeProgress,
  type AnalyzeResult,
  type AnyRule,
  type EngineName,
  type Severity,
} from '@awaitwise/analyzer';
import { repositoryFileUrl } from '@awaitwise/catalog';
import { createColors } from '../colors.js';
import { formatGithub } from '../format/github.js';
import { formatJson } from '../format/json.js';
import { formatPretty } from '../format/pretty.js';
import { formatSarif } from '../format/sarif.js';
import { plural } from '../format/shared.js';
import { useColor, type CliIo } from '../io.js';
import { UsageProblem } from '../usage.js';

/** Output formats of `awaitwise check`. */
export const formats = ['pretty', 'json', 'sarif', 'github'] as const;

/** One of {@link formats}. */
export type Format = (typeof formats)[number];

/** The page that documents the config file and suppression comments. */
export const configDocsUrl = repositoryFileUrl(
  'packages/analyzer/README.md#configuration-awaitwiseconfigjson',
);

/** The text of `awaitwise check --help`. */
export const checkHelp = `Usage: awaitwise check [paths...] [options]

Finds async/await pitfalls in TypeScript and JavaScript files (folders are searched recursively).

Options:
  -p, --project <tsconfig>   use this tsconfig (and its references) for every file
  -c, --config <file>        use this config instead of the nearest awaitwise.config.json
  -f, --format <format>      pretty (default), json, sarif or github
      --max-severity <level> fail on findings of this severity or worse: error, warning (default) or info
      --max-warnings <n>     fail only when there are more than n warnings (errors always fail)
      --fix                  apply the safe fixes to the files
      --include-generated    also check generated files: gitignored, build output, bundles, minified, and
                             files with a code generator's banner (skipped by default, counted in the summary)
      --cache                reuse results of unchanged files (node_modules/.cache/awaitwise)
      --cache-location <dir> where the cache lives (implies --cache)
      --no-progress          no progress indicator on stderr
      --workers <n|auto>     check in n worker threads (auto: only big projects on 4+ cores; default 1)
      --timing               print the time spent in each rule on stderr
      --batch-size <n>       at most n files per program: bounds memory on big projects (default 2000)
      --engine <name>        the type checker: native (TypeScript 7's native checker, a Go process; default;
                             tsconfig settings TypeScript 7 removed are read as their nearest replacement, with
                             a note) or ts6 (TypeScript 6's: less memory on very large projects)
  -h, --help                 show this help

Config file (awaitwise.config.json, found in the working folder or above it, or given with --config):
  {
    "rules": {
      "floating-promise": "warning",
      "sequential-await": "off",
      "unbounded-concurrency": { "severity": "error", "options": { "strict": true } }
    },
    "include": ["src/**"],
    "exclude": ["src/legacy/**"],
    "includeGenerated": false,
    "engine": "ts6"
  }
  rules     by rule id (see \`awaitwise rules\`): "error", "warning", "info", "off", or { "severity", "options" };
            rules not named keep their default, and a rule that is off by default is turned on by a severity
  include   globs relative to the config file's folder; only matching files are checked
  exclude   globs relative to the config file's folder; matching files are skipped
  includeGenerated  true to check generated files in the folders searched, as --include-generated does
  engine    "native" (default) or "ts6", as --engine (which overrides it)
  Suppress one finding with \`// awaitwise-ignore-next-line <id> -- reason\`, a whole file with
  \`// awaitwise-ignore-file <id>\`. All of it: ${configDocsUrl}

Exit status: 0 no failing findings, 1 failing findings or files that could not be checked, 2 usage or config error.
`;

interface CheckArgs {
  readonly paths: string[];
  readonly project: string | undefined;
  readonly config: string | undefined;
  readonly format: Format;
  readonly maxSeverity: Severity;
  readonly maxWarnings: number | undefined;
  readonly fix: boolean;
  readonly includeGenerated: boolean | undefined;
  readonly cache: boolean | string;
  readonly progress: boolean;
  readonly help: boolean;
  readonly workers: number | 'auto';
  readonly timing: boolean;
  readonly batchSize: number | undefined;
  readonly engine: EngineName | undefined;
}

function parseCheckArgs(argv: readonly string[]): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        project: { type: 'string', short: 'p' },
        config: { type: 'string', short: 'c' },
        format: { type: 'string', short: 'f' },
        'max-severity': { type: 'string' },
        'max-warnings': { type: 'string' },
        fix: { type: 'boolean' },
        'include-generated': { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'no-progress': { type: 'boolean' },
        progress: { type: 'boolean' },
        workers: { type: 'string' },
        timing: { type: 'boolean' },
        'batch-size': { type: 'string' },
        engine: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageProblem(`${(error as Error).message}.`, 'Run `awaitwise check --help` for the options.');
  }
  const { values, positionals } = parsed;
  const format = values.format ?? 'pretty';
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageProblem(
      `Expected \`--format\` to be one of ${formats.join(', ')}, got \`${format}\`.`,
      'Pick one of the listed formats.',
    );
  }
  const maxSeverity = values['max-severity'] ?? 'warning';
  if (!(severities as readonly string[]).includes(maxSeverity)) {
    throw new UsageProblem(
      `Expected \`--max-severity\` to be one of ${severities.join(', ')}, got \`${maxSeverity}\`.`,
      'Pick one of the listed severities.',
    );
  }
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = values['max-warnings'];
    maxWarnings = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(maxWarnings)) {
      throw new UsageProblem(
        `Expected \`--max-warnings\` to be an integer >= 0, got \`${raw}\`.`,
        'Give a count, e.g. --max-warnings 0.',
      );
    }
  }
  let workers: number | 'auto' = 1;
  if (values.workers !== undefined) {
    const raw = values.workers;
    if (raw === 'auto') workers = 'auto';
    else if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 64) workers = Number(raw);
    else {
      throw new UsageProblem(
        `Expected \`--workers\` to be an integer from 1 to 64 or \`auto\`, got \`${raw}\`.`,
        'Give a thread count, e.g. --workers 2, or --workers auto.',
      );
    }
  }
  let batchSize: number | undefined;
  if (values['batch-size'] !== undefined) {
    const raw = values['batch-size'];
    batchSize = Number(raw);
    if (!/^\d+$/.test(raw) || batchSize < 1) {
      throw new UsageProblem(
        `Expected \`--batch-size\` to be an integer >= 1, got \`${raw}\`.`,
        'Give a file count, e.g. --batch-size 1000.',
      );
    }
  }
  const engine = values.engine;
  if (engine !== undefined && !(engineNames as readonly string[]).includes(engine)) {
    throw new UsageProblem(
      `Expected \`--engine\` to be one of ${engineNames.join(', ')}, got \`${engine}\`.`,
      'Give --engine ts6 or --engine native.',
    );
  }
  const cacheLocation = values['cache-location'];
  return {
    paths: positionals,
    project: values.project,
    config: values.config,
    format: format as Format,
    maxSeverity: maxSeverity as Severity,
    maxWarnings,
    fix: values.fix ?? false,
    includeGenerated: values['include-generated'],
    cache: cacheLocation ?? values.cache ?? false,
    progress: values['no-progress'] !== true,
    help: values.help ?? false,
    workers,
    timing: values.timing ?? false,
    batchSize,
    engine: engine as EngineName | undefined,
  };
}

/** Whether a result fails the run under the given thresholds. */
export function failsRun(
  result: Pick<AnalyzeResult, 'findings' | 'fileErrors'>,
  maxSeverity: Severity,
  maxWarnings: number | undefined,
): boolean {
  if (result.fileErrors.some((error) => error.kind !== 'project')) return true;
  const threshold = severities.indexOf(maxSeverity);
  let warnings = 0;
  for (const finding of result.findings) {
    if (finding.severity === 'warning') warnings++;
    if (finding.severity === 'warning' && maxWarnings !== undefined) continue;
    if (severities.indexOf(finding.severity) <= threshold) return true;
  }
  return maxWarnings !== undefined && warnings > maxWarnings;
}

/**
 * The line `--fix` prints on stderr: how many files it changed, and how many findings are left without an automatic
 * fix, naming the fixable rules whose fix did not apply (a rule that fixes only some cases, such as
 * `async-promise-executor`, whose fix does not apply to an executor that awaits), so a run that changed nothing
 * never ends silently.
 */
export function formatFixSummary(
  result: Pick<AnalyzeResult, 'findings' | 'stats'>,
  rules: readonly AnyRule[],
): string {
  const fixable = new Set(
    rules.filter((rule) => rule.meta.fixable !== false).map((rule) => rule.meta.id as string),
  );
  const left = result.findings.length;
  const applied =
    result.stats.fixedFiles === 0
      ? 'no fixes applied'
      : `fixes applied to ${plural(result.stats.fixedFiles, 'file')}`;
  if (left === 0) return `awaitwise: --fix: ${applied}; no findings left.\n`;
  const lines = [
    `awaitwise: --fix: ${applied}; ${plural(left, 'finding')} ${left === 1 ? 'has' : 'have'} no automatic fix.`,
  ];
  const partly = new Map<string, number>();
  for (const finding of result.findings) {
    if (fixable.has(finding.ruleId)) partly.set(finding.ruleId, (partly.get(finding.ruleId) ?? 0) + 1);
  }
  for (const [ruleId, count] of partly) {
    lines.push(
      `  ${ruleId}: ${plural(count, 'finding')} its fix does not cover; change ${count === 1 ? 'it' : 'them'} by hand as the message says (\`awaitwise explain ${ruleId}\`).`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A progress line on stderr, redrawn at most ten times a second, shown only when the run lasts. */
export function progressReporter(io: CliIo): {
  onProgress: (progress: AnalyzeProgress) => void;
  done: () => void;
} {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    onProgress: (progress) => {
      const now = Date.now();
      if (now - started < 400 || now - last < 100) return;
      last = now;
      shown = true;
      const label =
        progress.phase === 'fix' ? `fix pass ${progress.done}` : `${progress.done}/${progress.total} files`;
      io.stderr.write(`\r\u001b[2Kawaitwise: checking ${label}`);
    },
    done: () => {
      if (shown) io.stderr.write('\r\u001b[2K');
    },
  };
}

/** The time spent in each rule, slowest first, like ESLint's TIMING. */
export function formatTiming(result: AnalyzeResult): string {
  const rows = Object.entries(result.stats.ruleTimes).sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  const width = Math.max(4, ...rows.map(([id]) => id.length));
  const lines = [`${'rule'.padEnd(width)}  time (ms)  share`];
  for (const [id, ms] of rows) {
    const share = total === 0 ? 0 : (ms / total) * 100;
    lines.push(`${id.padEnd(width)}  ${ms.toFixed(1).padStart(9)}  ${share.toFixed(1).padStart(4)}%`);
  }
  lines.push(
    `${plural(result.stats.programs, 'program')}, ${result.stats.workers === 0 ? 'no worker threads' : plural(result.stats.workers, 'worker thread')}, ` +
      `${(result.stats.durationMs / 1000).toFixed(2)} s in all`,
  );
  return `${lines.join('\n')}\n`;
}

/** `awaitwise check`: runs the analyzer and prints the report. Returns the exit code. */
export async function checkCommand(
  argv: readonly string[],
  io: CliIo,
  rules?: readonly AnyRule[],
): Promise<number> {
  const args = parseCheckArgs(argv);
  if (args.help) {
    io.stdout.write(checkHelp);
    return 0;
  }
  const progress = args.progress && io.stderr.isTTY === true ? progressReporter(io) : undefined;
  let result: AnalyzeResult;
  try {
    result = await analyze({
      cwd: io.cwd,
      paths: args.paths,
      ...(args.project === undefined ? {} : { project: args.project }),
      ...(args.config === undefined ? {} : { config: args.config }),
      cache: args.cache,
      fix: args.fix,
      ...(args.includeGenerated === undefined ? {} : { includeGenerated: args.includeGenerated }),
      workers: args.workers,
      timing: args.timing,
      ...(args.batchSize === undefined ? {} : { batchSize: args.batchSize }),
      ...(args.engine === undefined ? {} : { engine: args.engine }),
      ...(rules === undefined ? {} : { rules }),
      ...(progress === undefined ? {} : { onProgress: progress.onProgress }),
    });
  } catch (error) {
    if (isConfigError(error)) {
      throw new UsageProblem(
        error.message,
        `Fix that key in the config file (its keys and values: \`awaitwise check --help\`, or ${configDocsUrl}).`,
        'config',
      );
    }
    if (isUsageError(error)) throw new UsageProblem(error.message, 'Run `awaitwise check --help` for usage.');
    if (isNativeBinaryMissingError(error)) {
      throw new UsageProblem(
        error.message,
        'Reinstall with optional dependencies (`npm install` without --omit=optional), or check with TypeScript 6: `--engine ts6`.',
        'install',
      );
    }
    throw error;
  } finally {
    progress?.done();
  }
  const output = {
    pretty: () => formatPretty(result, createColors(useColor(io.stdout, io.env))),
    json: () => formatJson(result),
    sarif: () => formatSarif(result, io.cwd),
    github: () => formatGithub(result),
  }[args.format]();
  io.stdout.write(output);
  if (args.fix) io.stderr.write(formatFixSummary(result, rules ?? allRules));
  if (args.timing) io.stderr.write(formatTiming(result));
  return failsRun(result, args.maxSeverity, args.maxWarnings) ? 1 : 0;
}
