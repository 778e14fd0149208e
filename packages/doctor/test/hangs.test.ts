import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../src/types.js';
import { fixture, ofKind, registerPath, run, runDoctor, where } from './helpers.js';

describe('promises still pending at exit', () => {
  it('--full: names the promise that never settled, innermost first, and who awaits it', async () => {
    const result = await runDoctor('hang.mjs', ['--full']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    const pending = ofKind(result.findings, 'pending-promise');
    expect(pending.map(where)).toEqual(['hang.mjs:2', 'hang.mjs:7']);
    const awaiter = pending[0]?.related.find((related) => related.label === 'awaited by');
    expect(awaiter?.frames[0]?.line).toBe(8);
    expect(awaiter?.frames[0]?.functionName).toBe('main');
  });

  it('default mode: reports a top-level await that never settled (exit code 13)', async () => {
    const result = await runDoctor('tla.mjs');
    expect(result.status).toBe(13);
    const [finding] = ofKind(result.findings, 'pending-promise');
    expect(finding?.pitfall).toBe('top-level-await-cycle');
    expect(where(finding)).toBe('tla.mjs:1');
  });

  it('default mode adds no promise tracking: a plain finished program has no pending-promise finding', async () => {
    const result = await runDoctor('hang.mjs');
    expect(ofKind(result.findings, 'pending-promise')).toEqual([]);
  });
});

describe('handles keeping the process alive', () => {
  it('--timeout: stops a program that never exits and names the timer that keeps it alive', async () => {
    const result = await runDoctor('timer-leak.mjs', ['--timeout', '1500']);
    expect(result.status).toBe(143);
    expect(result.stdout).toBe('value 42\n');
    expect(result.stderr).not.toContain('debugger');
    const handles = ofKind(result.findings, 'live-handle');
    expect(handles).toHaveLength(1);
    expect(handles[0]?.pitfall).toBe('timer-leak');
    expect(handles[0]?.message).toContain('60000 ms timeout');
    expect(where(handles[0])).toBe('timer-leak.mjs:3');
    expect(result.reports[0]?.exit).toEqual({ signal: 'SIGTERM', cause: 'timeout' });
  });

  it('process.exit(): names the interval and the listening server it cut short', async () => {
    const result = await runDoctor('interval-exit.mjs');
    expect(result.status).toBe(0);
    const handles = ofKind(result.findings, 'live-handle');
    expect(handles.map((finding) => finding.data['handle'])).toEqual(['interval', 'server']);
    expect(handles.map(where)).toEqual(['interval-exit.mjs:3', 'interval-exit.mjs:5']);
    expect(result.reports[0]?.exit.cause).toBe('exit');
  });

  it("a program that ends by itself has no findings (stdio, the doctor's own timers and worker are never culprits)", async () => {
    const result = await runDoctor('clean.mjs');
    expect(result.status).toBe(0);
    expect(result.findings).toEqual([]);
  });

  it('Ctrl-C (SIGINT) on a program that hangs: it still dies by SIGINT, and the report names what kept it alive', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'doctor-sigint-'));
    try {
      const result = await run(process.execPath, ['--import', registerPath, fixture('timer-leak.mjs')], {
        env: { AWAITWISE_DOCTOR_REPORT_DIR: directory },
        killOnOutput: 'SIGINT',
      });
      expect(result.signal).toBe('SIGINT');
      expect(result.stdout).toBe('value 42\n');
      const [file] = readdirSync(directory);
      const report = JSON.parse(readFileSync(path.join(directory, file ?? ''), 'utf8')) as DoctorReport;
      expect(report.exit).toEqual({ signal: 'SIGINT', cause: 'signal' });
      expect(report.findings.map(where)).toEqual(['timer-leak.mjs:3']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('a SIGTERM from a supervisor is an ordinary shutdown: no live-handle findings', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'doctor-sigterm-'));
    try {
      const result = await run(process.execPath, ['--import', registerPath, fixture('timer-leak.mjs')], {
        env: { AWAITWISE_DOCTOR_REPORT_DIR: directory },
        killOnOutput: 'SIGTERM',
      });
      expect(result.signal).toBe('SIGTERM');
      const [file] = readdirSync(directory);
      const report = JSON.parse(readFileSync(path.join(directory, file ?? ''), 'utf8')) as DoctorReport;
      expect(report.exit.cause).toBe('signal');
      expect(report.findings).toEqual([]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
