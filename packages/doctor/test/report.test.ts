import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../src/report/terminal.js';
import { renderHtml } from '../src/report/html.js';
import { rankFindings } from '../src/report/rank.js';
import type { DoctorReport, Finding } from '../src/types.js';
import { fixture } from './helpers.js';

function finding(overrides: Partial<Finding>): Finding {
  return {
    kind: 'unhandled-rejection',
    pitfall: 'floating-promise',
    severity: 'error',
    message: 'Unhandled rejection: Error: user 7 not found',
    frames: [{ functionName: 'loadUser', file: fixture('unhandled.mjs'), line: 3, column: 9, async: false }],
    related: [],
    operation: undefined,
    atMs: 5,
    data: {},
    ...overrides,
  };
}

function report(findings: Finding[], overrides: Partial<DoctorReport> = {}): DoctorReport {
  return {
    version: 1,
    mode: 'default',
    pid: 42,
    argv: ['/usr/bin/node', fixture('unhandled.mjs')],
    cwd: '/',
    nodeVersion: 'v20.0.0',
    startedAt: 0,
    durationMs: 12,
    exit: { code: 1, signal: undefined, cause: 'crash' },
    findings,
    operations: [],
    ...overrides,
  };
}

const leak = finding({
  kind: 'listener-leak',
  pitfall: 'listener-leak',
  severity: 'warning',
  message: "EventEmitter has 30 'response' listeners and the count only grew",
});

describe('formatReport', () => {
  it('groups by pitfall, worst first, with a code frame, the operation and the catalog fix', () => {
    const text = formatReport(
      [
        report([
          leak,
          finding({
            operation: {
              id: 3,
              name: 'GET /users',
              elapsedMs: 12.4,
              steps: [{ name: 'authorised', atMs: 4.2 }],
            },
          }),
        ]),
      ],
      { cwd: path.dirname(fixture('unhandled.mjs')) },
    );
    expect(text.indexOf('floating-promise · Floating promise')).toBeLessThan(
      text.indexOf('listener-leak · Listener leak'),
    );
    expect(text).toContain('at loadUser (unhandled.mjs:3:9)');
    expect(text).toContain('> 3 |   throw new Error(`user ${id} not found`);');
    expect(text).toContain('operation: #3 GET /users (12 ms in; steps: authorised +4 ms)');
    expect(text).toContain('fix: Await it, return it, or hand it to `background(promise, { onError })`');
    expect(text).toContain('(@awaitwise/core: background)');
    expect(text).toContain('docs: https://');
    expect(text).toContain('1 error, 1 warning in 1 process');
    expect(text).not.toContain('\u001B[');
  });

  it('uses colours only when asked', () => {
    expect(formatReport([report([finding({})])], { color: true })).toContain('\u001B[31m');
  });

  it('says so when there is nothing to report', () => {
    const text = formatReport([report([], { exit: { code: 0, signal: undefined, cause: 'natural' } })]);
    expect(text).toContain('✔ no async defects found');
    expect(text).toContain('exit code 0');
    expect(formatReport([])).toContain('no report was written');
  });

  it('describes how the process ended', () => {
    const signal = formatReport([
      report([], { exit: { code: undefined, signal: 'SIGINT', cause: 'signal' } }),
    ]);
    expect(signal).toContain('killed by SIGINT');
    const timeout = formatReport([
      report([], { exit: { code: undefined, signal: 'SIGTERM', cause: 'timeout' } }),
    ]);
    expect(timeout).toContain('stopped by --timeout');
  });
});

describe('the note of a sampled --full run', () => {
  const coverage = {
    fidelity: 'adaptive',
    sampled: true,
    sampledFromMs: 412,
    recordedFraction: 0.18,
    windows: 7,
    windowMs: 100,
    periodMs: 1000,
  } as const;
  const sampled = (sampledRun: boolean): DoctorReport =>
    report([], {
      mode: 'full',
      asyncWork: {
        sites: [],
        spans: [],
        droppedSpans: 0,
        concurrency: [],
        resources: [],
        promises: 0,
        recorded: 0,
        coverage: sampledRun
          ? coverage
          : { ...coverage, sampled: false, sampledFromMs: undefined, recordedFraction: 1, windows: 0 },
      },
    });
  const note =
    'sampled: the program made promises too fast to record them all, so from 0.4 s on they were recorded in windows of 100 ms once every 1000 ms (18% of the run recorded, 7 windows); findings and figures cover the recorded time only (--fidelity full records everything)';

  it('says plainly in the terminal that the run was sampled, from when and at what share', () => {
    expect(formatReport([sampled(true)])).toContain(note);
    expect(formatReport([sampled(false)])).not.toContain('sampled:');
  });

  it('says it in the HTML report too', () => {
    expect(renderHtml([sampled(true)])).toContain(note);
    expect(renderHtml([sampled(false)])).not.toContain('sampled:');
  });
});

describe('rankFindings', () => {
  it('puts errors before warnings and crashes before leaks, keeping detector order within a kind', () => {
    const first = finding({ message: 'first', atMs: 9 });
    const second = finding({ message: 'second', atMs: 1 });
    const info = finding({ kind: 'live-handle', pitfall: 'timer-leak', severity: 'info', message: 'info' });
    expect(rankFindings([info, leak, first, second]).map((f) => f.message)).toEqual([
      'first',
      'second',
      leak.message,
      'info',
    ]);
  });
});

describe('renderHtml', () => {
  it('escapes everything that came from the program', () => {
    const html = renderHtml([
      report([finding({ message: 'Unhandled rejection: Error: <img src=x onerror=alert(1)>' })], {
        operations: [
          {
            id: 1,
            name: '<b>op</b>',
            parentId: undefined,
            startMs: 0,
            endMs: 5,
            status: 'fulfilled',
            error: undefined,
            steps: [{ name: '"step"', atMs: 1 }],
          },
        ],
      }),
    ]);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;op&lt;/b&gt;');
    expect(html).toContain('&quot;step&quot;');
  });

  it('loads nothing from the network', () => {
    const html = renderHtml([report([finding({})])]);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\/(?!github\.com\/awaitwise)/);
  });
});
