import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// The built package: worker threads run the compiled dist/worker.js.
import { analyze } from '@awaitwise/analyzer';

const repo = join(import.meta.dirname, '../../../..');

describe('worker threads', () => {
  it('find exactly what one thread finds, with the time per rule', { timeout: 180_000 }, async () => {
    const paths = ['examples/shop-api'];
    const single = await analyze({ cwd: repo, paths, timing: true });
    const parallel = await analyze({ cwd: repo, paths, workers: 2, timing: true });
    expect(single.stats.workers).toBe(0);
    expect(parallel.stats.workers).toBe(2);
    expect(parallel.stats.programs).toBe(2);
    const key = (f: { file: string; line: number; column: number; ruleId: string; message: string }) =>
      `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`;
    expect(parallel.findings.map(key)).toEqual(single.findings.map(key));
    expect(parallel.fileErrors).toEqual(single.fileErrors);
    expect(Object.keys(parallel.stats.ruleTimes).sort()).toEqual(Object.keys(single.stats.ruleTimes).sort());
    expect(Object.keys(single.stats.ruleTimes).length).toBe(single.config.rules.length);
  });

  it("'auto' stays in this thread below the threshold", async () => {
    const result = await analyze({ cwd: repo, paths: ['examples/shop-api'], workers: 'auto' });
    expect(result.stats.workers).toBe(0);
  });
});
