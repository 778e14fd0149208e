import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DoctorReport, Finding, FindingKind } from '../src/types.js';

export const packageDir = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const binPath = path.join(packageDir, 'dist', 'bin.js');
export const registerPath = path.join(packageDir, 'dist', 'register.js');

/** The absolute path of a fixture program. */
export function fixture(name: string): string {
  return path.join(packageDir, 'test', 'fixtures', name);
}

export interface Run {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion, collecting its output (never through a shell). */
export function run(
  command: string,
  args: readonly string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    killAfterMs?: number;
    killOnOutput?: NodeJS.Signals;
  } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? packageDir,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      // The program has started and spoken: stop it now (no guessing how long start-up takes).
      if (options.killOnOutput !== undefined) child.kill(options.killOnOutput);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGTERM'), options.killAfterMs);
    child.once('error', reject);
    child.once('close', (status, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

export interface DoctorRun extends Run {
  readonly reports: DoctorReport[];
  readonly findings: Finding[];
}

/** `awaitwise-doctor [doctorArgs] --out <tmp> -- node <fixture> [programArgs]`, with the JSON reports read back. */
export async function runDoctor(
  name: string,
  doctorArgs: readonly string[] = [],
  options: { env?: NodeJS.ProcessEnv; programArgs?: readonly string[] } = {},
): Promise<DoctorRun> {
  const directory = mkdtempSync(path.join(tmpdir(), 'doctor-test-'));
  const out = path.join(directory, 'out.json');
  try {
    const result = await run(
      process.execPath,
      [
        binPath,
        ...doctorArgs,
        '--out',
        out,
        '--',
        process.execPath,
        fixture(name),
        ...(options.programArgs ?? []),
      ],
      options.env === undefined ? {} : { env: options.env },
    );
    const { reports } = JSON.parse(readFileSync(out, 'utf8')) as { reports: DoctorReport[] };
    return { ...result, reports, findings: reports.flatMap((report) => report.findings) };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** The findings of one kind. */
export function ofKind(findings: readonly Finding[], kind: FindingKind): Finding[] {
  return findings.filter((finding) => finding.kind === kind);
}

/** `file:line` of the first frame, file relative to the fixtures directory. */
export function where(finding: Finding | undefined): string {
  const frame = finding?.frames[0];
  if (frame === undefined) return '<no frame>';
  return `${path.relative(path.join(packageDir, 'test', 'fixtures'), frame.file)}:${frame.line}`;
}

/** Debian's Chromium, installed by scripts/setup-system.sh. */
export const chromiumPath = '/usr/bin/chromium';

/** Headless Chromium with nothing of its own going on (no network of its own, no first-run, a fresh profile). */
export async function launchChromium(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  // launch() gives the browser a fresh, temporary user-data-dir of its own.
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
