import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// The built package: worker threads run the compiled dist/worker.js.
import { analyze } from '@awaitwise/analyzer';

const repo = join(import.meta.dirname, '../../../..');

describe('worker threads', () => {
  it('find exactly what one thread finds, with the time per rule', { timeout: 180_000 }, async () => {
    const paths = ['examples/shop-api'];
    const single = await analyze({ cwd: repo, paths, timing: true, isolate: false });
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

  it("'auto' builds its programs in one isolating worker below the threshold on ts6", async () => {
    const paths = ['examples/shop-api'];
    const result = await analyze({ cwd: repo, paths, workers: 'auto', engine: 'ts6' });
    expect(result.stats.workers).toBe(1);
    const inThread = await analyze({ cwd: repo, paths, isolate: false, engine: 'ts6' });
    expect(inThread.stats.workers).toBe(0);
  });

  it("'auto' checks in this thread below the threshold on native (the checker is TypeScript 7's process)", async () => {
    const result = await analyze({
      cwd: repo,
      paths: ['examples/shop-api'],
      workers: 'auto',
      engine: 'native',
    });
    expect(result.stats.workers).toBe(0);
    expect(result.stats.nativeRequests).toBeGreaterThan(0);
  });
});

describe('a program that outgrows the heap limit', () => {
  // The middle file's syntax tree alone is bigger than the worker's heap limit; the files around it are small.
  function fixture(): string {
    const dir = mkdtempSync(join(tmpdir(), 'awaitwise-heap-'));
    const compilerOptions = {
      lib: ['es2022'],
      types: [],
      strict: true,
      module: 'esnext',
      moduleResolution: 'bundler',
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }));
    const floating = [
      'export async function save(path: string): Promise<void> {',
      "  if (path === '') throw new Error('Expected a path');",
      '  await Promise.resolve();',
      '}',
      'export async function run(): Promise<void> {',
      "  save('out');",
      '}',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'a.ts'), floating);
    writeFileSync(join(dir, 'z.ts'), floating);
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) lines.push(`export const value${i} = [${i}, '${i}', { at: ${i} }];`);
    writeFileSync(join(dir, 'huge.ts'), lines.join('\n'));
    return dir;
  }

  it(
    'is reported as a memory error, and the other files are still checked',
    { timeout: 180_000 },
    async () => {
      const dir = fixture();
      try {
        // The heap limit is the ts6 engine's isolation: native's types live in TypeScript 7's process.
        const result = await analyze({ cwd: dir, heapLimitMb: 64, engine: 'ts6' });
        expect(result.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual([
          'a.ts floating-promise',
          'z.ts floating-promise',
        ]);
        expect(result.fileErrors.map((error) => [error.file, error.kind])).toEqual([['huge.ts', 'memory']]);
        expect(result.fileErrors[0]?.message).toContain('more than 64 MiB');
        // [a, huge, z] fails while building -> [a, huge] fails -> [a] checked, [huge] reported; [z] checked.
        expect(result.stats.programs).toBe(5);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('rejects a heap limit that is not an integer >= 64', async () => {
    await expect(analyze({ cwd: repo, paths: ['examples/shop-api'], heapLimitMb: 10 })).rejects.toThrow(
      'Expected `heapLimitMb` to be an integer >= 64, got `10` (number).',
    );
  });
});
