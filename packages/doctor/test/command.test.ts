import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { doctorCommand, parseDoctorArgs, UsageError } from '../src/command.js';
import type { DoctorReport } from '../src/types.js';
import { binPath, fixture, packageDir, run, runDoctor } from './helpers.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'doctor-command-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function capture() {
  let text = '';
  return {
    stream: {
      write(chunk: string) {
        text += chunk;
        return true;
      },
      isTTY: false,
    },
    text: () => text,
  };
}

describe('parseDoctorArgs', () => {
  it('reads options before the command, with or without --', () => {
    const parsed = parseDoctorArgs([
      '--full',
      '--fail-on',
      'floating-promise,listener-leak',
      '--timeout=500',
      '--',
      'node',
      'app.js',
      '--json',
    ]);
    expect(parsed.options).toEqual({ mode: 'full' });
    expect(parsed.failOn).toEqual(['floating-promise', 'listener-leak']);
    expect(parsed.timeoutMs).toBe(500);
    expect(parsed.json).toBe(false);
    expect(parsed.command).toEqual(['node', 'app.js', '--json']);
    expect(parseDoctorArgs(['--blocked-ms', '50', 'node', 'x.js']).command).toEqual(['node', 'x.js']);
    expect(parseDoctorArgs(['--blocked-ms', '50', 'node', 'x.js']).options).toEqual({ blockedMs: 50 });
    expect(parseDoctorArgs(['--full', '--fidelity', 'full', 'node', 'x.js']).options).toEqual({
      mode: 'full',
      fidelity: 'full',
    });
    expect(parseDoctorArgs(['--fidelity=adaptive', 'node']).options).toEqual({ fidelity: 'adaptive' });
  });

  it('rejects bad values with a clear message', () => {
    expect(() => parseDoctorArgs(['--timeout', 'soon', '--', 'node'])).toThrow(
      new UsageError('Expected `--timeout` to be an integer >= 1, got `soon`'),
    );
    expect(() => parseDoctorArgs(['--fail-on', 'not-a-pitfall', 'node'])).toThrow(
      /Unknown id `not-a-pitfall` in --fail-on/,
    );
    expect(() => parseDoctorArgs(['--frobnicate'])).toThrow('Unknown option `--frobnicate`');
    expect(() => parseDoctorArgs(['--html'])).toThrow('`--html` needs a value');
    expect(() => parseDoctorArgs(['--fidelity', 'high', 'node'])).toThrow(
      new UsageError('Expected `--fidelity` to be `adaptive` or `full`, got `high`'),
    );
  });
});

describe('doctorCommand', () => {
  it('returns 2 with the usage on a mistake, 0 for --help', async () => {
    const stderr = capture();
    expect(await doctorCommand(['--listener-threshold', '1', 'node'], { stderr: stderr.stream })).toBe(2);
    expect(stderr.text()).toContain('Expected `--listener-threshold` to be an integer >= 2, got `1`');
    expect(stderr.text()).toContain('Usage: awaitwise doctor');
    const none = capture();
    expect(await doctorCommand([], { stderr: none.stream })).toBe(2);
    expect(none.text()).toContain('no command to run');
    const stdout = capture();
    expect(await doctorCommand(['--help'], { stdout: stdout.stream })).toBe(0);
    expect(stdout.text()).toContain('--fail-on <ids>');
  });

  it('returns 127 when the command cannot be started', async () => {
    const stderr = capture();
    expect(await doctorCommand(['--', 'awaitwise-no-such-command'], { stderr: stderr.stream })).toBe(127);
    expect(stderr.text()).toContain('could not start `awaitwise-no-such-command`');
  });

  it("returns the program's own exit status and passes its output through", async () => {
    const result = await run(process.execPath, [binPath, '--', process.execPath, fixture('exit-code.mjs')]);
    expect(result.status).toBe(3);
    expect(result.stdout).toBe('out line\n');
    expect(result.stderr.startsWith('err line\n')).toBe(true);
    expect(result.stderr).toContain('✔ no async defects in 1 process');
  });

  it('--fail-on: 1 when a finding matches, the program status otherwise', async () => {
    expect((await runDoctor('listener-leak.mjs', ['--fail-on', 'listener-leak'])).status).toBe(1);
    expect((await runDoctor('listener-leak.mjs', ['--fail-on', 'floating-promise'])).status).toBe(0);
    expect((await runDoctor('listener-leak.mjs', ['--fail-on', 'all'])).status).toBe(1);
    expect((await runDoctor('clean.mjs', ['--fail-on', 'all'])).status).toBe(0);
  });

  it('--json prints the reports on stdout after the program output', async () => {
    const result = await run(process.execPath, [
      binPath,
      '--json',
      '--',
      process.execPath,
      fixture('listener-leak.mjs'),
    ]);
    expect(result.stdout.startsWith('listeners 30\n')).toBe(true);
    const json = JSON.parse(result.stdout.slice('listeners 30\n'.length)) as {
      status: number;
      reports: DoctorReport[];
    };
    expect(json.status).toBe(0);
    expect(json.reports[0]?.findings.map((finding) => finding.kind)).toEqual([
      'listener-leak',
      'listener-leak',
    ]);
    expect(result.stderr).not.toContain('awaitwise doctor ·');
    const quiet = await run(process.execPath, [
      binPath,
      '--json',
      '--',
      process.execPath,
      fixture('exit-code.mjs'),
    ]);
    expect(quiet.status).toBe(3);
    expect(quiet.stderr).toBe('err line\n');
    expect(quiet.stdout.startsWith('out line\n{')).toBe(true);
  });

  it('--html writes a self-contained page', async () => {
    const file = path.join(scratch, 'report.html');
    const result = await run(process.execPath, [
      binPath,
      '--html',
      file,
      '--',
      process.execPath,
      fixture('traced.mjs'),
    ]);
    expect(result.status).toBe(1);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('mailer offline');
    expect(html).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=/);
  });

  it('colours only when asked or on a TTY without NO_COLOR', async () => {
    const plain = await run(process.execPath, [binPath, '--', process.execPath, fixture('unhandled.mjs')]);
    expect(plain.stderr).not.toContain('\u001B[');
    const forced = await run(process.execPath, [
      binPath,
      '--color',
      '--',
      process.execPath,
      fixture('unhandled.mjs'),
    ]);
    expect(forced.stderr).toContain('\u001B[31m');
    const byEnvironment = await run(
      process.execPath,
      [binPath, '--', process.execPath, fixture('unhandled.mjs')],
      {
        env: { FORCE_COLOR: '1' },
      },
    );
    expect(byEnvironment.stderr).toContain('\u001B[31m');
  });
});

describe('no false alarms from tooling', () => {
  it('npm scripts: npm itself is not diagnosed, the script is, and it is clean', async () => {
    const result = await run(process.execPath, [
      binPath,
      '--out',
      path.join(scratch, 'npm.json'),
      '--',
      'npm',
      'run',
      '--silent',
      'start',
      '--prefix',
      path.join(packageDir, 'test', 'fixtures', 'npm-project'),
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('script ran\n');
    const { reports } = JSON.parse(readFileSync(path.join(scratch, 'npm.json'), 'utf8')) as {
      reports: DoctorReport[];
    };
    expect(reports.map((report) => path.basename(report.argv[1] ?? ''))).toEqual(['main.mjs']);
    expect(reports[0]?.findings).toEqual([]);
  });

  it('vitest: the runner and its worker processes get clean reports', async () => {
    const out = path.join(scratch, 'vitest.json');
    const vitest = path.join(packageDir, '..', '..', 'node_modules', 'vitest', 'vitest.mjs');
    const result = await run(
      process.execPath,
      [binPath, '--out', out, '--', process.execPath, vitest, 'run'],
      {
        cwd: path.join(packageDir, 'test', 'fixtures', 'vitest-project'),
        env: { CI: 'true' },
      },
    );
    expect(result.status).toBe(0);
    const { reports } = JSON.parse(readFileSync(out, 'utf8')) as { reports: DoctorReport[] };
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.flatMap((report) => report.findings)).toEqual([]);
  });
});
