import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runIsolated, type IsolatedRun } from '../../src/engine/check-files.js';
import type { FileOutcome } from '../../src/engine/check-batch.js';
import { WorkerPool } from '../../src/engine/worker-pool.js';

// The workers run a scripted stand-in (support/scripted-worker.mjs) that dies where a file's name says: no type
// checking, no timing luck.
const script = new URL('./support/scripted-worker.mjs', import.meta.url);
const init = { cwd: '/', config: undefined, gate: false, timing: false };
const project = { options: {}, declarations: [] };

async function check(files: readonly string[]): Promise<{
  checked: string[];
  memory: string[];
  programs: number;
}> {
  const pool = new WorkerPool(1, init, 64, script);
  const run: IsolatedRun = { fileErrors: [], programs: 1 };
  const checked: string[] = [];
  try {
    await runIsolated(
      run,
      pool,
      project,
      files,
      new Map(files.map((file) => [file, ''])),
      (outcome: FileOutcome) => {
        if (outcome.findings !== undefined) checked.push(outcome.file);
      },
      () => {},
    );
  } finally {
    await pool.close();
  }
  const memory = run.fileErrors.filter((error) => error.kind === 'memory').map((error) => error.file);
  return { checked: checked.sort(), memory, programs: run.programs };
}

describe('a worker that dies during a batch', () => {
  it('reports the file it was checking once that file runs out alone, and checks the others', async () => {
    const result = await check(['/a.ts', '/oom.ts', '/c.ts']);
    expect(result.memory).toEqual(['/oom.ts']);
    expect(result.checked).toEqual(['/a.ts', '/c.ts']);
    // [a, oom, c] -> [oom] alone (runs out: reported) and [c].
    expect(result.programs).toBe(3);
  });

  it('does not report a file whose outcome was lost: it is checked again alone', async () => {
    const result = await check(['/a.ts', '/lost.ts', '/c.ts']);
    expect(result.memory).toEqual([]);
    expect(result.checked).toEqual(['/a.ts', '/c.ts', '/lost.ts']);
  });

  it('does not report the next file when the worker ran out between two files', async () => {
    const result = await check(['/a.ts', '/then-oom.ts', '/c.ts']);
    expect(result.memory).toEqual([]);
    expect(result.checked).toEqual(['/a.ts', '/c.ts', '/then-oom.ts']);
  });

  it('fails the batch when the worker exits, and the pool goes on with a new worker', async () => {
    const pool = new WorkerPool(1, init, 64, script);
    try {
      const job = { texts: [], options: {}, declarations: [], engine: 'ts6', configFile: undefined } as const;
      await expect(
        pool.run(
          { ...job, files: ['/exit.ts'] },
          () => {},
          () => {},
        ),
      ).rejects.toThrow('exited with code 3');
      const checked: string[] = [];
      const end = await pool.run(
        { ...job, files: ['/a.ts'] },
        (outcome) => checked.push(outcome.file),
        () => {},
      );
      expect(end).toBe('done');
      expect(checked).toEqual(['/a.ts']);
    } finally {
      await pool.close();
    }
  });
});

describe('the worker script', () => {
  it("does not load the main thread's scheduler (check-files.ts)", () => {
    // The modules worker.ts reaches through relative imports (type-only imports load nothing at run time).
    const source = fileURLToPath(new URL('../../src/engine/worker.ts', import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/^import (?!type )[^;]*?from '(\.[^']+)\.js';/gms)) {
        visit(resolve(dirname(file), `${specifier}.ts`));
      }
    };
    visit(source);
    const loaded = [...seen].map((file) => basename(file));
    expect(loaded).toContain('check-batch.ts');
    expect(loaded).not.toContain('check-files.ts');
  });
});
