import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoctorReport, Finding } from '../src/types.js';
import { ofKind, runDoctor, where } from './helpers.js';

// Each fixture waits on its own timers (`sleep(ms)`); the assertions compare the measured times with those delays
// (a timer never fires before its delay) and with each other, never with the wall clock.

/**
 * `--full` with the blocked-loop watchdog off, for the runs that must find nothing: on a loaded machine a fixture's
 * start-up can block the loop past 100 ms, which is another finding (its own tests are in starvation.test.ts).
 */
const waitingOnly = ['--full', '--blocked-ms', '0'];

/** The tests that also run the analyzer over the fixture's folder (type-checking it) get more than the default 30 s. */
const analyzerTimeoutMs = 120_000;

function only(findings: readonly Finding[], kind: Finding['kind']): Finding {
  const matching = ofKind(findings, kind);
  expect(matching, `expected one ${kind} finding`).toHaveLength(1);
  return matching[0]!;
}

function number(finding: Finding, key: string): number {
  const value = finding.data[key];
  expect(typeof value, `data.${key}`).toBe('number');
  return value as number;
}

function work(reports: readonly DoctorReport[]) {
  const asyncWork = reports[0]?.asyncWork;
  expect(asyncWork).toBeDefined();
  return asyncWork!;
}

describe('doctor --full: awaits run one after another (sequential-await)', () => {
  it('reports the loop of 12 independent 25 ms look-ups at the awaiting line, with the measured times', async () => {
    const result = await runDoctor('waiting/sequential.mjs', ['--full']);
    expect(result.stdout).toBe('loaded 12\n');
    const finding = only(result.findings, 'sequential-awaits');
    expect(finding.pitfall).toBe('sequential-await');
    expect(where(finding)).toBe('waiting/sequential.mjs:12');
    expect(finding.frames[0]?.functionName).toBe('loadUsers');
    expect(number(finding, 'iterations')).toBe(12);
    const mean = number(finding, 'meanMs');
    const total = number(finding, 'totalMs');
    const together = number(finding, 'togetherMs');
    // Each look-up waits for its own 25 ms timer; one after another, the run lasts at least the sum of its waits.
    expect(mean).toBeGreaterThanOrEqual(24);
    expect(together).toBeGreaterThanOrEqual(mean);
    expect(total).toBeGreaterThanOrEqual(12 * mean - 1);
    expect(finding.message).toBe(
      `12 awaits one after another: 12 × ${Math.round(mean)} ms = ${Math.round(total)} ms; together ≈ ${Math.round(together)} ms`,
    );
    expect(finding.data['independence']).toBe('unchecked');
    // The timer inside `lookup` ran one after another too, but it is part of the reported call.
    expect(ofKind(result.findings, 'in-flight-peak')).toEqual([]);
  });

  it('counts no waiting for calls that only compute: their promises settle within the turn, however long it takes', async () => {
    const result = await runDoctor('waiting/busy-chain.mjs', waitingOnly);
    expect(result.stdout).toBe('total 28\n');
    expect(result.findings).toEqual([]);
    // Eight 3 ms computations awaited one after another: CPU work, not a wait on anything.
    expect(work(result.reports).sites).toEqual([]);
  });

  it('stays silent on a bounded pool: four workers each awaiting in turn', async () => {
    const result = await runDoctor('waiting/bounded-pool.mjs', waitingOnly);
    expect(result.stdout).toBe('handled 40\n');
    expect(result.findings).toEqual([]);
    const handle = work(result.reports).sites.find((site) => site.frames[0]?.line === 14);
    expect(handle?.maxInFlight).toBe(4);
    expect(handle?.count).toBe(40);
  });

  it('stays silent on a single await and on a Promise.all of a small fixed set', async () => {
    const single = await runDoctor('waiting/single-await.mjs', waitingOnly);
    expect(single.stdout).toBe('port 3000\n');
    expect(single.findings).toEqual([]);
    const all = await runDoctor('waiting/small-all.mjs', waitingOnly);
    expect(all.stdout).toBe('user orders settings\n');
    expect(all.findings).toEqual([]);
    const load = work(all.reports).sites.find((site) => site.frames[0]?.functionName === 'load');
    expect(load?.maxInFlight).toBe(3);
  });

  it('stays silent on requests served one after another: each is its own activation of the handler', async () => {
    const result = await runDoctor('waiting/server.mjs', waitingOnly);
    expect(result.stdout).toBe('served 6\n');
    expect(result.findings).toEqual([]);
    const report = result.reports[0]!;
    // Each request served is an operation, and the awaited work inside it is attributed to it.
    const requests = report.operations.filter((operation) => operation.name.startsWith('GET /users/'));
    expect(requests.map((operation) => operation.name)).toEqual(
      [0, 1, 2, 3, 4, 5].map((id) => `GET /users/${id}`),
    );
    const first = requests[0]!;
    const spans = work(result.reports).spans.filter((span) => span.operation === first.id);
    const findOrder = work(result.reports).sites.find((site) => site.frames[0]?.line === 19);
    expect(spans.filter((span) => span.site === findOrder?.id)).toHaveLength(3);
    for (const span of spans) {
      expect(span.startMs).toBeGreaterThanOrEqual(first.startMs);
      expect(span.endMs).toBeLessThanOrEqual(first.endMs!);
    }
  });

  it(
    'takes a dependent chain for a sequential run alone, and the CLI drops it on the analyzer’s verdict',
    async () => {
      const alone = await runDoctor('waiting/dependent-chain.mjs', waitingOnly);
      expect(only(alone.findings, 'sequential-awaits').data['independence']).toBe('unchecked');
      const { joinIndependence } = await import('../../cli/src/commands/doctor.js');
      const joined = await joinIndependence(alone.reports, path.dirname(alone.reports[0]!.argv[1]!));
      expect(joined.flatMap((report) => report.findings)).toEqual([]);
    },
    analyzerTimeoutMs,
  );

  it(
    'keeps the independent loop when the CLI joins the analyzer’s verdict, saying so',
    async () => {
      const result = await runDoctor('waiting/sequential.mjs', ['--full']);
      const { joinIndependence } = await import('../../cli/src/commands/doctor.js');
      const joined = await joinIndependence(result.reports, path.dirname(result.reports[0]!.argv[1]!));
      const finding = only(
        joined.flatMap((report) => report.findings),
        'sequential-awaits',
      );
      expect(finding.data['independence']).toBe('independent');
      expect(finding.message).toContain('the analyzer confirms the iterations are independent');
    },
    analyzerTimeoutMs,
  );

  it('locates its sites whatever the program set Error.stackTraceLimit to', async () => {
    const result = await runDoctor('waiting/stack-limit-zero.mjs', waitingOnly);
    expect(result.stdout).toBe('loaded 12\nstack trace limit 0\n');
    const finding = only(result.findings, 'sequential-awaits');
    expect(where(finding)).toBe('waiting/sequential.mjs:12');
    expect(number(finding, 'iterations')).toBe(12);
  });

  it('reports nothing below --sequential-min', async () => {
    const result = await runDoctor('waiting/sequential.mjs', [...waitingOnly, '--sequential-min', '13']);
    expect(result.findings).toEqual([]);
    expect(Math.max(...work(result.reports).sites.map((site) => site.longestRun))).toBe(12);
  });
});

describe('doctor --full: promises in flight at once (unbounded-concurrency)', () => {
  it('reports the fan-out of 800 calls at the line that makes them, with the peak and when', async () => {
    const result = await runDoctor('waiting/fan-out.mjs', ['--full']);
    expect(result.stdout).toBe('called 800\n');
    const finding = only(result.findings, 'in-flight-peak');
    expect(finding.pitfall).toBe('unbounded-concurrency');
    expect(where(finding)).toBe('waiting/fan-out.mjs:10');
    // Every call is pending until all 800 are made: the count is exact, on Node 20 as on Node 24 (where the main
    // module's due timers run before the first immediate of the event loop).
    expect(number(finding, 'peak')).toBe(800);
    expect(number(finding, 'threshold')).toBe(100);
    expect(finding.message).toBe('800 promises from this call were pending at once (threshold 100)');
    expect(finding.atMs).toBeLessThanOrEqual(result.reports[0]!.durationMs);
    expect(ofKind(result.findings, 'sequential-awaits')).toEqual([]);
    // The chart's series reaches the peak and comes back down to 0 when the calls are done.
    const series = work(result.reports).concurrency.find((entry) => entry.site === finding.data['site']);
    expect(Math.max(...series!.points.map(([, count]) => count))).toBe(800);
    expect(series!.points.at(-1)?.[1]).toBe(0);
  });

  it('counts a fan-out whose timers are due before the end of its turn is judged', async () => {
    // The turn that makes the calls lasts past their timers: they settle in the next turn's timer phase, before
    // the recorder's end-of-turn immediate runs. They were pending all along, and count as such.
    const result = await runDoctor('waiting/fan-out-timers-due.mjs', ['--full']);
    expect(result.stdout).toBe('called 800\n');
    const finding = only(result.findings, 'in-flight-peak');
    expect(where(finding)).toBe('waiting/fan-out-timers-due.mjs:12');
    expect(number(finding, 'peak')).toBe(800);
    const series = work(result.reports).concurrency.find((entry) => entry.site === finding.data['site']);
    expect(series!.points.at(-1)?.[1]).toBe(0);
  });

  it('takes its threshold from --in-flight-threshold', async () => {
    const result = await runDoctor('waiting/fan-out.mjs', [...waitingOnly, '--in-flight-threshold', '800']);
    expect(result.findings).toEqual([]);
  });

  it('records nothing in default mode', async () => {
    const result = await runDoctor('waiting/fan-out.mjs', ['--blocked-ms', '0']);
    expect(result.findings).toEqual([]);
    expect(result.reports[0]?.asyncWork).toBeUndefined();
  });
});
