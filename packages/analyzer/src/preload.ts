/**
 * Loads the TypeScript compiler with a V8 code cache, before anything else requires it.
 *
 * `typescript.js` is 9 MB of JavaScript. Without a cache, V8 parses all of it on every run and compiles each
 * function the analyzer calls the first time it is called: about a tenth of a second of start-up plus compilation
 * spread through the run, and the memory of that work. With a cache written at the end of an earlier run, V8 takes
 * the compiled bytecode instead (about a third of a second and 15 MB less on a 130-file project).
 *
 * Node 22.1 and later have a compile cache of their own (`module.enableCompileCache`), which covers every module;
 * there this function turns that on. On older versions it compiles `typescript.js` itself with `vm.Script` and its
 * `cachedData`, and registers the result in `require.cache` under TypeScript's own path, so the analyzer's
 * `require('typescript')` gets that very module.
 *
 * The cache lives in a folder of the current user's (mode 0700) under the system's temporary folder, one file per
 * TypeScript version, file size and modification time, Node version and architecture; V8 itself rejects data made
 * by another V8 or with other flags, and a rejected or unreadable cache is rewritten. `NODE_DISABLE_COMPILE_CACHE=1`
 * turns caching off, as it does for Node's own cache. A cache that cannot be read or written only costs the time it
 * would have saved: loading never fails because of it.
 *
 * The folder stays bounded: each run drops the entries used least recently (an entry read from is marked used)
 * beyond {@link defaultCacheLimits} — every TypeScript install (each `npm ci` gives `typescript.js` a new
 * modification time) and every Node version would otherwise leave a file of a few megabytes forever.
 *
 * This module must not import the analyzer (which requires TypeScript at once): import it, call
 * {@link preloadTypeScript}, then import `@awaitwise/analyzer`.
 *
 * @example
 * ```ts
 * import { preloadTypeScript } from '@awaitwise/analyzer/preload';
 * preloadTypeScript();
 * const { analyze } = await import('@awaitwise/analyzer');
 * ```
 *
 * @module
 */
import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** What {@link preloadTypeScript} did. */
export interface PreloadResult {
  /**
   * `node`: Node's own compile cache was turned on (Node 22.1+); `vm`: TypeScript was compiled here with a cache;
   * `off`: caching is disabled (or TypeScript was already loaded), TypeScript is left to a plain `require`.
   */
  readonly mode: 'node' | 'vm' | 'off';
  /** With `vm`: true when the compiled code came from the cache (V8 accepted it). */
  readonly cacheHit: boolean;
  /** The cache folder used, when caching is on. */
  readonly cacheDir: string | undefined;
}

/** Options of {@link preloadTypeScript}. */
export interface PreloadOptions {
  /** The cache folder. Default: `<tmpdir>/awaitwise-compile-cache-<uid>`. */
  readonly cacheDir?: string;
  /** Use the `vm.Script` cache even where Node has a compile cache of its own (for tests). Default false. */
  readonly forceVm?: boolean;
  /** The path of the `typescript.js` to load. Default: the one the analyzer resolves. */
  readonly typescriptPath?: string;
  /** How much the cache folder may keep. Default: {@link defaultCacheLimits}. */
  readonly limits?: Partial<CacheLimits>;
}

/** How much the compile cache folder keeps; the entries used least recently go first. */
export interface CacheLimits {
  /** At most this many bytes in the folder (Node's own cache and ours together). */
  readonly maxBytes: number;
  /** At most this many TypeScript code caches of our own (`vm` mode, one per TypeScript install and Node version). */
  readonly maxEntries: number;
}

/** 32 MiB and 6 TypeScript caches (each is 2-4 MB). */
export const defaultCacheLimits: CacheLimits = { maxBytes: 32 * 1024 * 1024, maxEntries: 6 };

const requireHere = createRequire(import.meta.url);

interface NodeModuleStatics {
  enableCompileCache?: (dir?: string) => { status: number };
  constants?: { compileCacheStatus?: { ENABLED: number; ALREADY_ENABLED: number } };
  _cache?: Record<string, unknown>;
}

/**
 * Loads TypeScript for the analyzer with a code cache (see the module comment). Call it once, before importing
 * `@awaitwise/analyzer`; later calls, and calls after TypeScript was loaded, do nothing.
 *
 * @returns what was done, for diagnostics.
 */
export function preloadTypeScript(options: PreloadOptions = {}): PreloadResult {
  const disabled =
    process.env['NODE_DISABLE_COMPILE_CACHE'] !== undefined &&
    process.env['NODE_DISABLE_COMPILE_CACHE'] !== '';
  if (disabled) return { mode: 'off', cacheHit: false, cacheDir: undefined };
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const statics = Module as unknown as NodeModuleStatics;
  if (options.forceVm !== true && typeof statics.enableCompileCache === 'function') {
    try {
      if (!ensurePrivateDir(cacheDir)) return { mode: 'off', cacheHit: false, cacheDir: undefined };
      pruneCompileCache(cacheDir, options.limits);
      const { status } = statics.enableCompileCache(cacheDir);
      const codes = statics.constants?.compileCacheStatus;
      const on = codes === undefined || status === codes.ENABLED || status === codes.ALREADY_ENABLED;
      return on
        ? { mode: 'node', cacheHit: false, cacheDir }
        : { mode: 'off', cacheHit: false, cacheDir: undefined };
    } catch {
      return { mode: 'off', cacheHit: false, cacheDir: undefined };
    }
  }
  const file = options.typescriptPath ?? requireHere.resolve('typescript');
  const cache = requireHere.cache;
  if (cache[file] !== undefined) return { mode: 'off', cacheHit: false, cacheDir: undefined };
  return loadWithCodeCache(file, cacheDir, options.limits);
}

/** The default cache folder: one per user under the system's temporary folder. */
function defaultCacheDir(): string {
  const uid = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
  return join(tmpdir(), `awaitwise-compile-cache-${uid}`);
}

/**
 * Creates `dir` (mode 0700) when missing, and checks that it belongs to the current user and that nobody else can
 * write to it: code read from a cache runs as this process, so another user's files must never be taken.
 */
function ensurePrivateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stats = statSync(dir);
    if (!stats.isDirectory()) return false;
    if (typeof process.getuid === 'function' && stats.uid !== process.getuid()) return false;
    return (stats.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function loadWithCodeCache(
  file: string,
  cacheDir: string,
  limits: Partial<CacheLimits> | undefined,
): PreloadResult {
  const source = readFileSync(file, 'utf8');
  const fileStats = statSync(file);
  const usable = ensurePrivateDir(cacheDir);
  const cacheFile = join(
    cacheDir,
    [
      'typescript',
      packageVersion(file),
      String(fileStats.size),
      String(Math.trunc(fileStats.mtimeMs)),
      process.versions.v8,
      process.arch,
    ].join('-') + '.bin',
  );
  if (usable) pruneCompileCache(cacheDir, limits, cacheFile);
  const cached = usable ? readOwnFile(cacheFile) : undefined;
  // The same wrapper Node puts around a CommonJS module, so line and column numbers in stack traces match.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new Script(wrapped, {
    filename: file,
    ...(cached === undefined ? {} : { cachedData: cached }),
  });
  const cacheHit = cached !== undefined && !script.cachedDataRejected;
  if (cacheHit) markUsed(cacheFile);

  const loaded = new Module(file);
  loaded.filename = file;
  const moduleRequire = createRequire(file);
  const factory = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  factory.call(loaded.exports, loaded.exports, moduleRequire, loaded, file, dirname(file));
  loaded.loaded = true;
  requireHere.cache[file] = loaded;

  if (usable && !cacheHit) {
    // Written at exit: by then the cache also holds the code of every function this run compiled.
    process.once('exit', () => {
      try {
        const data = script.createCachedData();
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, data, { mode: 0o600 });
        renameSync(temporary, cacheFile);
        pruneCompileCache(cacheDir, limits, cacheFile);
      } catch {
        // A cache that cannot be written only costs the next run the time it would have saved.
      }
    });
  }
  return { mode: 'vm', cacheHit, cacheDir };
}

/**
 * Keeps the compile cache folder within `limits`: the files of the folder (our `typescript-*.bin` caches, and the
 * files of Node's own compile cache, a folder per Node version) ordered by their last use (the later of their
 * modification and access times; a cache this module reads from is marked used), the most recent kept while the
 * limits allow, the others deleted. `keep` is never deleted. Leftovers of an interrupted write (`*.tmp` older than a
 * minute) go too. Only regular files are touched (never a symbolic link's target), and a file that cannot be
 * deleted is left alone.
 *
 * @returns the paths deleted.
 * @throws TypeError when a limit is not a non-negative integer (`maxEntries` at least 1).
 */
export function pruneCompileCache(dir: string, limits: Partial<CacheLimits> = {}, keep?: string): string[] {
  const { maxBytes, maxEntries } = { ...defaultCacheLimits, ...limits };
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
    throw new TypeError(
      `Expected \`maxBytes\` to be an integer >= 0, got \`${String(maxBytes)}\` (${typeof maxBytes}).`,
    );
  }
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(
      `Expected \`maxEntries\` to be an integer >= 1, got \`${String(maxEntries)}\` (${typeof maxEntries}).`,
    );
  }
  const files: { path: string; size: number; lastUse: number; ours: boolean }[] = [];
  const folders: string[] = [];
  const deleted: string[] = [];
  const now = Date.now();
  const visit = (folder: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(folder, name);
      let stats;
      try {
        stats = lstatSync(path);
      } catch {
        continue;
      }
      if (stats.isDirectory() && depth === 0) {
        folders.push(path);
        visit(path, 1);
      } else if (stats.isFile()) {
        if (name.endsWith('.tmp')) {
          if (now - stats.mtimeMs > 60_000 && remove(path)) deleted.push(path);
          continue;
        }
        const ours = depth === 0 && name.startsWith('typescript-') && name.endsWith('.bin');
        files.push({ path, size: stats.size, lastUse: Math.max(stats.mtimeMs, stats.atimeMs), ours });
      }
    }
  };
  visit(dir, 0);
  files.sort((a, b) => b.lastUse - a.lastUse);
  let bytes = 0;
  let entries = 0;
  for (const file of files) {
    const fits = bytes + file.size <= maxBytes && (!file.ours || entries < maxEntries);
    if (fits || file.path === keep) {
      bytes += file.size;
      if (file.ours) entries++;
    } else if (remove(file.path)) {
      deleted.push(file.path);
    }
  }
  for (const folder of folders) {
    try {
      rmdirSync(folder); // only when empty
    } catch {
      // Not empty, or not ours to remove.
    }
  }
  return deleted;
}

function remove(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Sets a cache file's times to now, so that pruning sees it as used (access times are often not kept). */
function markUsed(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // Only the order of pruning depends on it.
  }
}

/** The contents of a file owned by the current user, or undefined (missing, unreadable, someone else's). */
function readOwnFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stats = fstatSync(fd);
    if (typeof process.getuid === 'function' && stats.uid !== process.getuid()) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The version in the package.json beside `lib/typescript.js`, or `unknown`. */
function packageVersion(file: string): string {
  try {
    const json = JSON.parse(readFileSync(join(dirname(file), '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof json.version === 'string' ? json.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
