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
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
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
}

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
  return loadWithCodeCache(file, cacheDir);
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

function loadWithCodeCache(file: string, cacheDir: string): PreloadResult {
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
  const cached = usable ? readOwnFile(cacheFile) : undefined;
  // The same wrapper Node puts around a CommonJS module, so line and column numbers in stack traces match.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new Script(wrapped, {
    filename: file,
    ...(cached === undefined ? {} : { cachedData: cached }),
  });
  const cacheHit = cached !== undefined && !script.cachedDataRejected;

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
      } catch {
        // A cache that cannot be written only costs the next run the time it would have saved.
      }
    });
  }
  return { mode: 'vm', cacheHit, cacheDir };
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
