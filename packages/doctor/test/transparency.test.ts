import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, registerPath, run, type Run } from './helpers.js';

const reportDir = mkdtempSync(path.join(tmpdir(), 'doctor-transparency-'));
afterAll(() => {
  rmSync(reportDir, { recursive: true, force: true });
});

/** Output that differs between any two runs of the same program (process ids in warnings). */
function normalize(result: Run): Run {
  const clean = (text: string) => text.replace(/\(node:\d+\)/g, '(node:PID)');
  return { ...result, stdout: clean(result.stdout), stderr: clean(result.stderr) };
}

async function both(name: string, nodeFlags: readonly string[] = []): Promise<{ plain: Run; doctored: Run }> {
  const plain = await run(process.execPath, [...nodeFlags, fixture(name)], { killAfterMs: 20_000 });
  const doctored = await run(process.execPath, ['--import', registerPath, ...nodeFlags, fixture(name)], {
    env: { AWAITWISE_DOCTOR_REPORT_DIR: reportDir },
    killAfterMs: 20_000,
  });
  return { plain: normalize(plain), doctored: normalize(doctored) };
}

describe('the doctor never changes what the program does', () => {
  it.each([
    ['clean.mjs', 'a clean program'],
    ['unhandled.mjs', 'an unhandled rejection crash (same stderr, exit 1)'],
    ['non-error.mjs', 'a non-Error rejection crash'],
    ['late-handled.mjs', 'a late-handled rejection and its warning'],
    ['uncaught.mjs', 'an uncaught exception'],
    ['exit-code.mjs', 'process.exitCode'],
    ['tla.mjs', 'an unsettled top-level await (exit 13)'],
    ['interval-exit.mjs', 'process.exit() with live handles'],
    ['user-handlers.mjs', "the program's own unhandledRejection and SIGTERM handlers"],
    ['unref.mjs', "unref'd handles: the program still exits at once"],
    ['blocked.mjs', 'a blocked loop'],
    [
      'exit-later.mjs',
      'process.exit() in a SIGTERM handler, after a block (no "Waiting for the debugger" line)',
    ],
  ])('%s: %s', async (name) => {
    const { plain, doctored } = await both(name);
    expect(plain.signal).toBeNull();
    expect(doctored).toEqual(plain);
  });

  it('keeps --unhandled-rejections=warn behaviour', async () => {
    const { plain, doctored } = await both('unhandled.mjs', ['--unhandled-rejections=warn']);
    expect(plain.status).toBe(0);
    expect(doctored).toEqual(plain);
  });

  it('a program killed by SIGTERM still dies by SIGTERM', async () => {
    const plain = await run(process.execPath, [fixture('timer-leak.mjs')], { killOnOutput: 'SIGTERM' });
    const doctored = await run(process.execPath, ['--import', registerPath, fixture('timer-leak.mjs')], {
      env: { AWAITWISE_DOCTOR_REPORT_DIR: reportDir },
      killOnOutput: 'SIGTERM',
    });
    expect(plain.signal).toBe('SIGTERM');
    expect(doctored).toEqual(plain);
  });

  it('wrote a report for every doctored process', () => {
    expect(readdirSync(reportDir).length).toBeGreaterThanOrEqual(14);
  });
});

describe('the preload on its own', () => {
  it('prints the findings to stderr after the program output when there are some', async () => {
    const result = await run(process.execPath, ['--import', registerPath, fixture('listener-leak.mjs')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('listeners 30\n');
    expect(result.stderr).toContain('listener-leak · Listener leak');
    expect(result.stderr).toContain("EventEmitter has 30 'response' listeners");
  });

  it('prints nothing for a clean program', async () => {
    const result = await run(process.execPath, ['--import', registerPath, fixture('clean.mjs')]);
    expect(result).toEqual({ status: 0, signal: null, stdout: 'clean done\n', stderr: '' });
  });
});
