import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import path from 'node:path';
import { pitfallIds } from '@awaitwise/catalog';
import { resolveOptions, type DoctorOptions } from './options.js';
import { stopFileName } from './protocol.js';
import { renderHtml } from './report/html.js';
import { formatReport } from './report/terminal.js';
import { findingKinds, type DoctorReport } from './types.js';

/**
 * Where {@link doctorCommand} writes and what it reads; each defaults to the process's own. The program's own
 * stdio is inherited, never routed through these.
 *
 * @example
 * ```ts
 * let text = '';
 * await doctorCommand(['--', 'node', 'app.js'], { stderr: { write: (chunk: string) => (text += chunk) } });
 * ```
 */
export interface CommandIo {
  /** Receives `--json` output. */
  readonly stdout?: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Receives the terminal report and errors. */
  readonly stderr?: { write(text: string): unknown; readonly isTTY?: boolean };
  /** The environment for the child and for `NO_COLOR` / `FORCE_COLOR`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The working directory of the child. */
  readonly cwd?: string;
}

/**
 * Extra work {@link doctorCommand} does on the reports before it prints or writes them.
 *
 * @example
 * ```ts
 * await doctorCommand(argv, io, { refine: (reports) => reports.map(dropInfoFindings) });
 * ```
 */
export interface CommandHooks {
  /**
   * Rewrites the reports (e.g. the `awaitwise` CLI joins run-time `sequential-await` findings with the analyzer's
   * verdict on the loop): what it returns is printed, written and used for `--fail-on`.
   */
  readonly refine?: (reports: DoctorReport[]) => DoctorReport[] | Promise<DoctorReport[]>;
}

interface ParsedArgs {
  readonly options: DoctorOptions;
  readonly json: boolean;
  readonly out: string | undefined;
  readonly html: string | undefined;
  readonly failOn: readonly string[];
  readonly timeoutMs: number | undefined;
  readonly color: boolean | undefined;
  readonly help: boolean;
  readonly command: readonly string[];
}

/** A command-line mistake: the command prints its message and returns 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The help text of `awaitwise doctor`, for a CLI that embeds the command.
 *
 * @example
 * ```ts
 * if (argv.includes('--help')) console.log(usage);
 * ```
 */
export const usage = `Usage: awaitwise doctor [options] -- <command> [args...]

Runs <command> (usually \`node app.js\`, \`npm test\`, \`npx vitest run\`) with the doctor preloaded in every Node
process it starts, lets its output through unchanged, then reports its async defects.

Options:
  --full                   add promise tracking: creation sites, await chains, the async waterfall, awaits run
                           one after another (sequential-await) and in-flight peaks (unbounded-concurrency)
  --json                   print the reports as JSON on stdout instead of the terminal report
  --out <file>             also write the JSON reports to <file>
  --html <file>            also write a self-contained HTML report with a timeline
  --fail-on <ids>          exit 1 when a finding has one of these pitfall ids or kinds (comma-separated, or "all")
  --timeout <ms>           stop the program (SIGTERM) after <ms> and report what keeps it alive
  --blocked-ms <ms>        report event-loop blocks longer than this (default 100, 0 = off)
  --listener-threshold <n> report listener counts that reach n and only grow (default 10)
  --request-timeout <ms>   report requests unanswered this long after their handler rejected (default 3000)
  --in-flight-threshold <n> --full: report a call site with more than n promises pending at once (default 100)
  --sequential-min <n>     --full: report n or more awaits in a row, one after another, in one activation (default 5)
  --include-dependencies   --full: count node_modules frames as your own code when locating call sites
  --fidelity <mode>        --full: \`adaptive\` (default) records every promise until the program makes more than
                           100 000 a second for 300 ms, then in windows of 100 ms each second (the report says so);
                           \`full\` records every promise all the time, whatever it costs
  --color / --no-color     force colours on or off (default: on for a TTY without NO_COLOR)
  -h, --help               show this help

Exit status: the program's own (128 + signal number when killed), or 1 when --fail-on matches a finding.`;

function integerArgument(flag: string, value: string | undefined, min: number): number {
  const number = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(number) || number < min) {
    throw new UsageError(`Expected \`${flag}\` to be an integer >= ${min}, got \`${value ?? ''}\``);
  }
  return number;
}

/** Parses `awaitwise doctor` arguments. */
export function parseDoctorArgs(argv: readonly string[]): ParsedArgs {
  const options: { -readonly [K in keyof DoctorOptions]: DoctorOptions[K] } = {};
  let json = false;
  let out: string | undefined;
  let html: string | undefined;
  let failOn: string[] = [];
  let timeoutMs: number | undefined;
  let color: boolean | undefined;
  let help = false;
  let index = 0;
  const value = (flag: string): string => {
    const next = argv[index + 1];
    if (next === undefined || next === '--') throw new UsageError(`\`${flag}\` needs a value`);
    index += 1;
    return next;
  };
  for (; index < argv.length; index++) {
    const raw = argv[index] ?? '';
    if (raw === '--') {
      index += 1;
      break;
    }
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq === -1 ? raw : raw.slice(0, eq);
    const take = (): string => (eq === -1 ? value(flag) : raw.slice(eq + 1));
    switch (flag) {
      case '--full':
        options.mode = 'full';
        break;
      case '--json':
        json = true;
        break;
      case '--out':
        out = take();
        break;
      case '--html':
        html = take();
        break;
      case '--fail-on':
        failOn = take()
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== '');
        break;
      case '--timeout':
        timeoutMs = integerArgument(flag, take(), 1);
        break;
      case '--blocked-ms':
        options.blockedMs = integerArgument(flag, take(), 0);
        break;
      case '--listener-threshold':
        options.listenerThreshold = integerArgument(flag, take(), 2);
        break;
      case '--request-timeout':
        options.requestTimeoutMs = integerArgument(flag, take(), 1);
        break;
      case '--in-flight-threshold':
        options.inFlightThreshold = integerArgument(flag, take(), 2);
        break;
      case '--sequential-min':
        options.sequentialMin = integerArgument(flag, take(), 2);
        break;
      case '--include-dependencies':
        options.includeDependencies = true;
        break;
      case '--fidelity': {
        const fidelity = take();
        if (fidelity !== 'adaptive' && fidelity !== 'full') {
          throw new UsageError(`Expected \`--fidelity\` to be \`adaptive\` or \`full\`, got \`${fidelity}\``);
        }
        options.fidelity = fidelity;
        break;
      }
      case '--color':
        color = true;
        break;
      case '--no-color':
        color = false;
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      default:
        if (raw.startsWith('-')) throw new UsageError(`Unknown option \`${raw}\``);
        // The command starts at the first word that is not an option (the `--` is optional).
        return finish(argv.slice(index));
    }
  }
  return finish(argv.slice(index));

  function finish(command: readonly string[]): ParsedArgs {
    const known = new Set<string>([...pitfallIds, ...findingKinds, 'all']);
    for (const id of failOn) {
      if (!known.has(id)) {
        throw new UsageError(
          `Unknown id \`${id}\` in --fail-on; use a pitfall id (e.g. floating-promise), a finding kind or "all"`,
        );
      }
    }
    return { options, json, out, html, failOn, timeoutMs, color, help, command };
  }
}

/** Colours: `FORCE_COLOR` (not `0`) turns them on, `NO_COLOR` off, otherwise only on a TTY. */
function colorByDefault(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  return isTTY;
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal];
}

/** Reads the per-process reports the preload wrote, oldest first. */
export function readReports(directory: string): DoctorReport[] {
  const reports: DoctorReport[] = [];
  for (const name of readdirSync(directory)) {
    if (!/^report-\d+\.json$/.test(name)) continue;
    try {
      reports.push(JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as DoctorReport);
    } catch {
      // A process killed while writing leaves a partial file; the others still count.
    }
  }
  return reports.sort((a, b) => a.startedAt - b.startedAt);
}

/**
 * `awaitwise doctor [options] -- node app.js [args]`: runs the command with the doctor preloaded (through
 * `NODE_OPTIONS`, so Node processes it starts are diagnosed too), passes its stdout and stderr through untouched,
 * prints the report to stderr (or JSON to stdout with `--json`) and returns the exit status to use.
 *
 * @returns the program's own exit status (128 + signal number when it was killed), 1 when `--fail-on` matches a
 * finding, 2 on a usage error, 127 when the command cannot be started.
 * @example
 * ```ts
 * import { doctorCommand } from '@awaitwise/doctor';
 * process.exitCode = await doctorCommand(['--fail-on', 'floating-promise', '--', 'node', 'app.js']);
 * ```
 */
export async function doctorCommand(
  argv: readonly string[],
  io: CommandIo = {},
  hooks: CommandHooks = {},
): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  let parsed: ParsedArgs;
  try {
    parsed = parseDoctorArgs(argv);
    resolveOptions(parsed.options);
  } catch (error) {
    if (error instanceof UsageError || error instanceof TypeError) {
      stderr.write(`awaitwise doctor: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed.help) {
    stdout.write(`${usage}\n`);
    return 0;
  }
  const [program, ...programArgs] = parsed.command;
  if (program === undefined) {
    stderr.write(`awaitwise doctor: no command to run\n\n${usage}\n`);
    return 2;
  }
  const directory = mkdtempSync(path.join(tmpdir(), 'awaitwise-doctor-'));
  try {
    const register = new URL('./register.js', import.meta.url).href;
    const nodeOptions = [env['NODE_OPTIONS'] ?? '', `--import="${register}"`]
      .filter((part) => part !== '')
      .join(' ');
    const child = spawn(program, programArgs, {
      cwd,
      stdio: 'inherit',
      env: {
        ...env,
        NODE_OPTIONS: nodeOptions,
        AWAITWISE_DOCTOR_REPORT_DIR: directory,
        AWAITWISE_DOCTOR_OPTIONS: JSON.stringify(parsed.options),
      },
    });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
    };
    const forwarded = ['SIGTERM', 'SIGHUP'] as const;
    for (const signal of forwarded) process.on(signal, forward);
    // Ctrl-C reaches the child through the terminal; the command waits for its report instead of dying first.
    const onInterrupt = () => undefined;
    process.on('SIGINT', onInterrupt);
    let timer: NodeJS.Timeout | undefined;
    if (parsed.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        writeFileSync(path.join(directory, stopFileName), '');
        child.kill('SIGTERM');
      }, parsed.timeoutMs);
    }
    const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null } | Error>(
      (resolve) => {
        child.once('error', resolve);
        child.once('exit', (code, signal) => {
          resolve({ code, signal });
        });
      },
    ).finally(() => {
      if (timer !== undefined) clearTimeout(timer);
      for (const signal of forwarded) process.removeListener(signal, forward);
      process.removeListener('SIGINT', onInterrupt);
    });
    if (outcome instanceof Error) {
      stderr.write(`awaitwise doctor: could not start \`${program}\`: ${outcome.message}\n`);
      return 127;
    }
    const status = outcome.signal !== null ? 128 + signalNumber(outcome.signal) : (outcome.code ?? 1);
    const raw = readReports(directory);
    const reports = hooks.refine === undefined ? raw : await hooks.refine(raw);
    const color = parsed.color ?? colorByDefault(stderr.isTTY === true, env);
    if (parsed.json) stdout.write(`${JSON.stringify({ status, reports }, null, 2)}\n`);
    else if (reports.length === 0) {
      stderr.write(
        `\nawaitwise doctor: no report was written: \`${program}\` started no Node process, or it was killed with SIGKILL\n`,
      );
    } else stderr.write(`\n${formatReport(reports, { color, cwd })}\n`);
    if (parsed.out !== undefined) {
      writeFileSync(path.resolve(cwd, parsed.out), `${JSON.stringify({ status, reports }, null, 2)}\n`);
    }
    if (parsed.html !== undefined)
      writeFileSync(path.resolve(cwd, parsed.html), renderHtml(reports, { cwd }));
    const failAll = parsed.failOn.includes('all');
    const failing = reports
      .flatMap((report) => report.findings)
      .some(
        (finding) =>
          failAll ||
          parsed.failOn.includes(finding.kind) ||
          (finding.pitfall !== undefined && parsed.failOn.includes(finding.pitfall)),
      );
    return failing ? 1 : status;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
