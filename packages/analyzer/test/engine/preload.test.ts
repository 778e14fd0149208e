import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultCacheLimits, pruneCompileCache } from '../../src/preload.js';

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

describe('the compile cache stays bounded', () => {
  const hour = 3_600_000;
  /** A file of `size` bytes last used `hoursAgo` hours ago (both times). */
  function entry(dir: string, name: string, hoursAgo: number, size = 1000): string {
    const path = join(dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, Buffer.alloc(size, 1));
    const when = new Date(Date.now() - hoursAgo * hour);
    utimesSync(path, when, when);
    return path;
  }
  const left = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((item) => item.isFile())
      .map((item) => join(item.parentPath, item.name).slice(dir.length + 1))
      .sort();

  it('drops the TypeScript caches used least recently beyond maxEntries, never the one in use', () => {
    const dir = freshDir();
    entry(dir, 'typescript-a.bin', 1);
    entry(dir, 'typescript-b.bin', 2);
    entry(dir, 'typescript-c.bin', 3);
    const inUse = entry(dir, 'typescript-d.bin', 4);
    entry(dir, 'v24.0.0-x64-node/module-1', 0.5);
    entry(dir, 'v24.0.0-x64-node/module-2', 5);
    entry(dir, 'typescript-e.bin.123.tmp', 2);
    entry(dir, 'typescript-f.bin.456.tmp', 0);
    const deleted = pruneCompileCache(dir, { maxEntries: 2 }, inUse);
    expect(deleted.map((path) => path.slice(dir.length + 1)).sort()).toEqual([
      'typescript-c.bin',
      'typescript-e.bin.123.tmp',
    ]);
    expect(left(dir)).toEqual([
      'typescript-a.bin',
      'typescript-b.bin',
      'typescript-d.bin',
      'typescript-f.bin.456.tmp',
      'v24.0.0-x64-node/module-1',
      'v24.0.0-x64-node/module-2',
    ]);
  });

  it("keeps the folder within maxBytes, Node's own cache files included, and removes emptied folders", () => {
    const dir = freshDir();
    entry(dir, 'typescript-a.bin', 1);
    entry(dir, 'typescript-b.bin', 2);
    entry(dir, 'v22.0.0-x64-node/module-1', 0.5);
    entry(dir, 'v20.0.0-x64-node/module-old', 9);
    pruneCompileCache(dir, { maxBytes: 2500 });
    expect(left(dir)).toEqual(['typescript-a.bin', 'v22.0.0-x64-node/module-1']);
    expect(existsSync(join(dir, 'v20.0.0-x64-node'))).toBe(false);
  });

  it('refuses limits that are not counts', () => {
    const dir = freshDir();
    expect(() => pruneCompileCache(dir, { maxEntries: 0 })).toThrow(
      new TypeError('Expected `maxEntries` to be an integer >= 1, got `0` (number).'),
    );
    expect(() => pruneCompileCache(dir, { maxBytes: -1 })).toThrow(
      new TypeError('Expected `maxBytes` to be an integer >= 0, got `-1` (number).'),
    );
    expect(defaultCacheLimits).toEqual({ maxBytes: 32 * 1024 * 1024, maxEntries: 6 });
  });

  it('prunes on every run: a new TypeScript install replaces the caches of old ones, and a hit marks its cache used', () => {
    const cacheDir = freshDir();
    entry(cacheDir, 'typescript-5.9.0-1-1-old-x64.bin', 48);
    entry(cacheDir, 'typescript-6.0.0-1-1-old-x64.bin', 24);
    expect(run({ cacheDir, forceVm: true, limits: { maxEntries: 1 } })).toMatchObject({ cacheHit: false });
    const [current = ''] = readdirSync(cacheDir);
    expect(readdirSync(cacheDir)).toEqual([current]);
    expect(current).toMatch(/^typescript-6\.0\.\d+-\d+-\d+-.*\.bin$/);
    const longAgo = new Date(Date.now() - 72 * hour);
    utimesSync(join(cacheDir, current), longAgo, longAgo);
    expect(run({ cacheDir, forceVm: true, limits: { maxEntries: 1 } })).toMatchObject({ cacheHit: true });
    expect(Date.now() - statSync(join(cacheDir, current)).mtimeMs).toBeLessThan(hour);
  });
});
