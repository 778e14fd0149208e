import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// Each case runs in a fresh Node process (the preload acts on the module cache), against the built module.
const preload = pathToFileURL(join(import.meta.dirname, '../../dist/preload.js')).href;
const analyzerDir = join(import.meta.dirname, '../../dist');

interface Outcome {
  readonly mode: string;
  readonly cacheHit: boolean;
  readonly cacheDir: string | null;
  readonly same: boolean;
  readonly works: boolean;
}

/** Preloads in a child process, then checks the analyzer's require('typescript') is that module and works. */
function run(options: Record<string, unknown>, env: Record<string, string> = {}): Outcome {
  const script = `
    import { createRequire } from 'node:module';
    import { preloadTypeScript } from ${JSON.stringify(preload)};
    const result = preloadTypeScript(${JSON.stringify(options)});
    const analyzerRequire = createRequire(${JSON.stringify(join(analyzerDir, 'index.js'))});
    const ts = analyzerRequire('typescript');
    const again = analyzerRequire('typescript');
    const file = ts.createSourceFile('a.ts', 'async function f() { await g(); }', ts.ScriptTarget.Latest, true);
    const works = file.statements.length === 1 && typeof ts.version === 'string';
    console.log(JSON.stringify({ ...result, cacheDir: result.cacheDir ?? null, same: ts === again, works }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...withoutCacheSettings(process.env), ...env },
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as Outcome;
}

function withoutCacheSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy['NODE_DISABLE_COMPILE_CACHE'];
  delete copy['NODE_COMPILE_CACHE'];
  return copy;
}

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'awaitwise-preload-'));
  dirs.push(dir);
  return join(dir, 'cache');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('preloadTypeScript (vm.Script code cache)', () => {
  it('compiles without a cache, writes one at exit, and takes it on the next run', () => {
    const cacheDir = freshDir();
    const first = run({ cacheDir, forceVm: true });
    expect(first).toEqual({ mode: 'vm', cacheHit: false, cacheDir, same: true, works: true });
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^typescript-6\.0\.\d+-\d+-\d+-.*\.bin$/);
    if (typeof process.getuid === 'function') {
      expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(cacheDir, files[0] ?? '')).mode & 0o777).toBe(0o600);
    }
    const second = run({ cacheDir, forceVm: true });
    expect(second).toEqual({ mode: 'vm', cacheHit: true, cacheDir, same: true, works: true });
  });

  it('ignores a corrupt cache, still loads TypeScript, and rewrites the cache', () => {
    const cacheDir = freshDir();
    run({ cacheDir, forceVm: true });
    const [name] = readdirSync(cacheDir);
    const file = join(cacheDir, name ?? '');
    writeFileSync(file, Buffer.alloc(4096, 7), { mode: 0o600 });
    expect(run({ cacheDir, forceVm: true })).toMatchObject({ mode: 'vm', cacheHit: false, works: true });
    expect(statSync(file).size).toBeGreaterThan(4096);
    expect(run({ cacheDir, forceVm: true })).toMatchObject({ mode: 'vm', cacheHit: true, works: true });
  });

  it.runIf(typeof process.getuid === 'function')('never reads or writes a folder others can write to', () => {
    const cacheDir = freshDir();
    mkdirSync(cacheDir, { mode: 0o700 });
    chmodSync(cacheDir, 0o777);
    const outcome = run({ cacheDir, forceVm: true });
    expect(outcome).toMatchObject({ mode: 'vm', cacheHit: false, works: true, same: true });
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('loads TypeScript even when the cache folder cannot be created', () => {
    const parent = freshDir();
    writeFileSync(parent, 'a file where the folder should be');
    const outcome = run({ cacheDir: join(parent, 'cache'), forceVm: true });
    expect(outcome).toMatchObject({ mode: 'vm', cacheHit: false, works: true, same: true });
  });

  it('does nothing with NODE_DISABLE_COMPILE_CACHE set', () => {
    const cacheDir = freshDir();
    const outcome = run({ cacheDir, forceVm: true }, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(outcome).toEqual({ mode: 'off', cacheHit: false, cacheDir: null, same: true, works: true });
  });

  it("uses Node's own compile cache where Node has one, else the vm.Script cache", () => {
    const cacheDir = freshDir();
    const outcome = run({ cacheDir });
    const nodeHasCache =
      typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    expect(outcome).toMatchObject({ mode: nodeHasCache ? 'node' : 'vm', works: true, same: true });
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);
  });
});
