import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');

async function vitestOn(source: string): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'aw-unhandled-'));
  try {
    writeFileSync(join(dir, 'case.test.mjs'), source);
    writeFileSync(join(dir, 'vitest.config.mjs'), 'export default { test: { include: ["*.test.mjs"] } };\n');
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir],
        { cwd: dir },
      );
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, output: failed.stdout + failed.stderr };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the test setup', () => {
  it('fails a run whose only problem is an unhandled rejection', async () => {
    const result = await vitestOn(
      `import { it } from 'vitest';\nit('passes but leaks', async () => { Promise.reject(new Error('leaked')); await new Promise((r) => setTimeout(r, 10)); });\n`,
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/leaked/);
  });

  it('fails a run whose only problem is an uncaught exception', async () => {
    const result = await vitestOn(
      `import { it } from 'vitest';\nit('passes but throws later', async () => { setTimeout(() => { throw new Error('thrown-late'); }, 0); await new Promise((r) => setTimeout(r, 10)); });\n`,
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/thrown-late/);
  });

  it('passes a clean run (the harness itself works)', async () => {
    const result = await vitestOn(
      `import { it, expect } from 'vitest';\nit('ok', () => { expect(1).toBe(1); });\n`,
    );
    expect(result.code).toBe(0);
  });
});
