import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const repo = join(import.meta.dirname, '../../..');

/**
 * What `awaitwise check examples/shop-api` reports with the registry's rules at their defaults: every entry was
 * reviewed against the example's code and is a real bug there (see examples/shop-api/README.md). A rule change that
 * adds, drops or moves a finding must update this list on purpose.
 */
const expected: [rule: string, file: string, line: number][] = [
  ['stale-response', 'src/components/ProductSearch.tsx', 21],
  ['top-level-await-cycle', 'src/config.ts', 10],
  ['event-loop-starvation', 'src/jobs/reindex.ts', 13],
  ['sequential-await', 'src/jobs/reindex.ts', 24],
  ['express-async-route', 'src/routes/orders.ts', 23],
  ['check-then-act', 'src/routes/orders.ts', 45],
  ['floating-promise', 'src/routes/orders.ts', 47],
  ['thenable-reuse', 'src/routes/orders.ts', 70],
  ['process-local-lock', 'src/routes/payments.ts', 34],
  ['return-await-in-try', 'src/routes/payments.ts', 54],
  ['late-await', 'src/routes/payments.ts', 71],
  ['async-promise-executor', 'src/routes/payments.ts', 85],
  ['settle-mismatch', 'src/routes/payments.ts', 97],
  ['unbounded-concurrency', 'src/routes/payments.ts', 97],
  ['express-async-route', 'src/server.ts', 15],
  ['async-void-callback', 'src/server.ts', 25],
  ['async-constructor', 'src/services/cache.ts', 17],
  ['check-then-act', 'src/services/cache.ts', 56],
  ['unbounded-concurrency', 'src/services/inventory.ts', 18],
  ['sequential-await', 'src/services/inventory.ts', 29],
  ['settle-mismatch', 'src/services/inventory.ts', 51],
  ['listener-leak', 'src/services/notifier.ts', 21],
  ['listener-leak', 'src/services/notifier.ts', 24],
  ['timer-leak', 'src/services/notifier.ts', 50],
  // One send per recipient, all at once: a newsletter to every subscriber is a fan-out that grows with the list.
  ['unbounded-concurrency', 'src/services/notifier.ts', 56],
  ['async-void-callback', 'src/services/notifier.ts', 56],
  ['async-void-callback', 'src/services/notifier.ts', 63],
  ['unawaited-assertion', 'test/orders.test.ts', 13],
  ['fake-timer-async', 'test/orders.test.ts', 25],
];

describe('awaitwise check examples/shop-api (the demo)', () => {
  it(
    'reports the pitfalls written into the example, and none of its near misses',
    { timeout: 120_000 },
    async () => {
      const result = await runCli(['check', 'examples/shop-api', '--format', 'json'], { cwd: repo });
      const report = JSON.parse(result.stdout) as {
        findings: { ruleId: string; file: string; line: number }[];
        fileErrors: unknown[];
      };
      expect(report.fileErrors).toEqual([]);
      const found = report.findings.map((f) => [f.ruleId, f.file.replace('examples/shop-api/', ''), f.line]);
      expect(found).toEqual(expected);
      expect(result.code).toBe(1);
    },
  );
});
