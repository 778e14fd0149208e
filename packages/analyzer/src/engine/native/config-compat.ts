// Old tsconfigs on TypeScript 7. TypeScript 7.0.2 removed options that TypeScript 6 still reads with a deprecation
// error. Measured with the real binary, option by option (`tsc -p` and `API.updateSnapshot`): `tsc -p` stops at the
// config for moduleResolution node/node10/classic (TS5108), baseUrl (TS5102), target es5 (TS5108), module
// amd/umd/system (TS5108), outFile (TS5102), esModuleInterop false and allowSyntheticDefaultImports false (TS5108),
// alwaysStrict false (TS5108) and downlevelIteration (TS5102); target es3 and module none are not even parsed (TS6046).
// Through the API the project still opens, with those errors among its program diagnostics, and reads each as its
// default: imports through baseUrl are left unresolved, node10 and classic resolution become bundler resolution
// (package.json `exports` read, classic's upward lookup gone), es3/es5 become the latest target with its lib.
// Options TypeScript 5.5 already removed (keyofStringsOnly, importsNotUsedAsValues, out, …) are only "unknown" to
// TypeScript 7 (TS5023) and ignored by TypeScript 6 as well: they are left alone.
//
// Each config file TypeScript 7 reads (the project's and every file of its `extends` chain) is rewritten here to the
// nearest setting TypeScript 7 accepts, and every rewrite is said in a note. The rewrite is a pure function of the
// file's path and text (and, for the settings a file inherits, of the files it extends).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import ts from '../../typescript.cjs';

/** A config file's text as TypeScript 7 is given it, and what was read differently. */
export interface AdaptedConfig {
  /** The text to give TypeScript 7: the file's own text when nothing needed a change. */
  readonly text: string;
  /** One phrase per setting read differently, like `target "es5" read as "es2015"`; empty when none. */
  readonly notes: readonly string[];
}

/** Reads a config file of an `extends` chain: its text, or undefined when it cannot be read. */
export type ConfigReader = (path: string) => string | undefined;

// The words of every option this file rewrites: a config text without any of them is returned as it is, unparsed.
// `extends` too: a config that inherits `target: es5` from one file and a newer target from another must not keep the
// `lib` added to the first (see `resetsAddedLib`).
const triggers =
  /"(?:baseUrl|paths|moduleResolution|target|module|outFile|esModuleInterop|allowSyntheticDefaultImports|alwaysStrict|downlevelIteration|extends)"/;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

/** The JSON object of a config text (comments and trailing commas allowed), or undefined when it is not one. */
function parseConfigText(path: string, text: string): Json | undefined {
  const parsed: { config?: unknown; error?: ts.Diagnostic } = ts.parseConfigFileTextToJson(path, text);
  const { config, error } = parsed;
  return error === undefined && isRecord(config) ? config : undefined;
}

/**
 * The config files a config extends, resolved as TypeScript resolves `extends`: a relative or absolute path (`.json`
 * added when missing), else a package (`@tsconfig/node20/tsconfig.json`, or a package's `tsconfig.json`).
 */
export function resolveExtends(configPath: string, config: Json): string[] {
  const raw = config['extends'];
  const specifiers = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw : [];
  const found: string[] = [];
  for (const specifier of specifiers) {
    if (typeof specifier !== 'string' || specifier === '') continue;
    const resolved = resolveOneExtends(configPath, specifier);
    if (resolved !== undefined) found.push(resolved);
  }
  return found;
}

function resolveOneExtends(configPath: string, specifier: string): string | undefined {
  const dir = dirname(configPath);
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const path = resolve(dir, specifier);
    if (existsSync(path) && !path.endsWith(sep)) return path;
    return existsSync(`${path}.json`) ? `${path}.json` : undefined;
  }
  const require = createRequire(configPath);
  for (const candidate of [specifier, `${specifier}.json`, `${specifier}/tsconfig.json`]) {
    try {
      return require.resolve(candidate);
    } catch {
      // Not this form: try the next one.
    }
  }
  return undefined;
}

/** The config files a config text extends (see {@link resolveExtends}); empty when the text is not a JSON object. */
export function configExtends(configPath: string, text: string): string[] {
  const config = parseConfigText(configPath, text);
  return config === undefined ? [] : resolveExtends(configPath, config);
}

/** The `compilerOptions` a config inherits: the options of the files it extends, later ones overriding. */
interface Inherited {
  /** Where an inherited `baseUrl` points (absolute), when one is set up the chain. */
  readonly baseUrl: string | undefined;
  /** The nearest inherited `paths`, and the folder its targets are relative to. */
  readonly paths: { readonly value: Json; readonly base: string } | undefined;
  /** The nearest inherited `module`, lower case. */
  readonly module: string | undefined;
  /** Whether `lib` is set up the chain. */
  readonly lib: boolean;
  /** The nearest inherited `target`, lower case. */
  readonly target: string | undefined;
  /**
   * Whether a file up the chain sets `target: es3`/`es5` with no `lib` of its own nor inherited: its adapted text adds
   * TypeScript 6's ES5 `lib` ({@link adaptConfigText}), which every file extending it inherits.
   */
  readonly addedLib: boolean;
}

const noInheritance: Inherited = {
  baseUrl: undefined,
  paths: undefined,
  module: undefined,
  lib: false,
  target: undefined,
  addedLib: false,
};

function isEs5Target(target: string | undefined): boolean {
  return target === 'es3' || target === 'es5';
}

function inherited(configPath: string, config: Json, read: ConfigReader, seen: Set<string>): Inherited {
  let result = noInheritance;
  for (const parentPath of resolveExtends(configPath, config)) {
    if (seen.has(parentPath)) continue;
    seen.add(parentPath);
    const text = read(parentPath);
    const parent = text === undefined ? undefined : parseConfigText(parentPath, text);
    if (parent === undefined) continue;
    const above = inherited(parentPath, parent, read, seen);
    const options = isRecord(parent['compilerOptions']) ? parent['compilerOptions'] : {};
    const dir = dirname(parentPath);
    const baseUrl = typeof options['baseUrl'] === 'string' ? resolve(dir, options['baseUrl']) : above.baseUrl;
    const ownPaths = isRecord(options['paths']) ? options['paths'] : undefined;
    // Without a baseUrl, `paths` targets are relative to the config that sets `paths`; with one, to the baseUrl.
    const paths =
      ownPaths === undefined
        ? above.paths
        : {
            value: ownPaths,
            base: typeof options['baseUrl'] === 'string' ? (baseUrl ?? dir) : (above.baseUrl ?? dir),
          };
    const ownLib = options['lib'] !== undefined;
    const own: Inherited = {
      baseUrl,
      paths,
      module: lower(options['module']) ?? above.module,
      lib: ownLib || above.lib,
      target: lower(options['target']) ?? above.target,
      addedLib: above.addedLib || (isEs5Target(lower(options['target'])) && !ownLib && !above.lib),
    };
    // A later `extends` entry overrides an earlier one, option by option.
    result = {
      baseUrl: own.baseUrl ?? result.baseUrl,
      paths: own.paths ?? result.paths,
      module: own.module ?? result.module,
      lib: own.lib || result.lib,
      target: own.target ?? result.target,
      addedLib: own.addedLib || result.addedLib,
    };
  }
  return result;
}

/** `target` relative to `base`, written as TypeScript 7 wants a `paths` target: starting with `./` or `../`. */
function relativeTarget(base: string, target: string): string {
  const path = relative(base, target).split(sep).join('/');
  if (path === '') return '.';
  return path.startsWith('../') || path === '..' ? path : `./${path}`;
}

/** `paths` in a note: the whole map when short, else its `"*"` entry and how many patterns were rewritten. */
function describePaths(paths: Readonly<Record<string, unknown>>): string {
  const whole = JSON.stringify(paths);
  if (whole.length <= 100) return whole;
  const others = Object.keys(paths).filter((pattern) => pattern !== '*').length;
  return `${JSON.stringify({ '*': paths['*'] })} and ${others} more patterns, made relative to the tsconfig`;
}

const nodeModuleKinds = new Map([
  ['node16', 'node16'],
  ['node18', 'nodenext'],
  ['node20', 'nodenext'],
  ['nodenext', 'nodenext'],
]);

/** TypeScript 6's lib for `target: es3`/`es5` when `lib` is not set (the references of its `lib.d.ts`). */
const es5DefaultLib = ['es5', 'dom', 'webworker.importscripts', 'scripthost'];

/**
 * A config file's text rewritten for TypeScript 7: every option TypeScript 7.0.2 removed is replaced by the nearest
 * setting it accepts, and each replacement is said in a note.
 *
 * - `moduleResolution: node`/`node10` → `bundler` without package.json `exports`/`imports` (as node10 resolves),
 *   `classic` → `bundler`; `node16`/`nodenext` instead when `module` is one of those;
 * - `baseUrl` → `paths`: `"*": ["<baseUrl>/*"]` plus the file's (or inherited) `paths` rewritten relative to the
 *   config file, as TypeScript 7's own error message advises;
 * - `target: es3`/`es5` → `es2015`, with TypeScript 6's default `lib` for ES5 when no `lib` is set; a config that
 *   extends such a file but has another target (its own, or from a later `extends` entry) and no `lib` gets
 *   `"lib": null`, so that it has its target's default `lib` as with TypeScript 6, not the ES5 one added above it;
 * - `module: amd`/`umd`/`none` → `commonjs`, `module: system` → `esnext`;
 * - `outFile` and `downlevelIteration` (emit only) removed; `esModuleInterop: false`,
 *   `allowSyntheticDefaultImports: false` and `alwaysStrict: false` removed (TypeScript 7 always has them on).
 *
 * Text that is not a JSON object (TypeScript 7 then reports it as TypeScript 6 does) and text without any of these
 * options are returned unchanged. `read` gives the files of the `extends` chain (for a `paths` or `baseUrl` set in
 * one file and used by another); without it only the file itself is looked at.
 *
 * @example
 * ```ts
 * const { text, notes } = adaptConfigText('/p/tsconfig.json', '{ "compilerOptions": { "moduleResolution": "node" } }');
 * // notes: ['moduleResolution "node" read as "bundler" without package.json exports/imports']
 * ```
 */
export function adaptConfigText(path: string, text: string, read?: ConfigReader): AdaptedConfig {
  if (!triggers.test(text)) return { text, notes: [] };
  const config = parseConfigText(path, text);
  if (config === undefined) return { text, notes: [] };
  const ownOptions = config['compilerOptions'];
  if (!isRecord(ownOptions) && (ownOptions !== undefined || config['extends'] === undefined)) {
    return { text, notes: [] };
  }
  const options: Json = { ...ownOptions };
  const notes: string[] = [];
  // Set by a rewrite that reads the same as TypeScript 6 and so needs no note.
  let changedWithoutNote = false;
  const dir = dirname(path);
  const up =
    read === undefined || config['extends'] === undefined
      ? noInheritance
      : inherited(path, config, read, new Set([path]));

  // module first: the moduleResolution chosen depends on it.
  const module = lower(options['module']);
  if (module === 'amd' || module === 'umd' || module === 'none' || module === 'system') {
    const replacement = module === 'system' ? 'esnext' : 'commonjs';
    notes.push(`module "${String(options['module'])}" read as "${replacement}"`);
    options['module'] = replacement;
  }
  const effectiveModule = lower(options['module']) ?? up.module;

  const resolution = lower(options['moduleResolution']);
  if (resolution === 'node' || resolution === 'node10' || resolution === 'classic') {
    const replacement = nodeModuleKinds.get(effectiveModule ?? '') ?? 'bundler';
    // node10 never reads package.json `exports`/`imports`; bundler resolution does unless told not to.
    const likeNode10 = replacement === 'bundler' && resolution !== 'classic';
    if (likeNode10) {
      options['resolvePackageJsonExports'] ??= false;
      options['resolvePackageJsonImports'] ??= false;
    }
    notes.push(
      `moduleResolution "${String(options['moduleResolution'])}" read as "${replacement}"${likeNode10 ? ' without package.json exports/imports' : ''}`,
    );
    options['moduleResolution'] = replacement;
  }

  const ownBaseUrl = options['baseUrl'];
  const ownPaths = isRecord(options['paths']) ? options['paths'] : undefined;
  const baseUrl = typeof ownBaseUrl === 'string' ? resolve(dir, ownBaseUrl) : up.baseUrl;
  if (ownBaseUrl !== undefined || (ownPaths !== undefined && up.baseUrl !== undefined)) {
    delete options['baseUrl'];
    // The paths in force: this file's (relative to the baseUrl), else the inherited ones (relative to theirs).
    const source =
      ownPaths !== undefined
        ? { value: ownPaths, base: baseUrl ?? dir }
        : up.paths === undefined
          ? undefined
          : {
              value: up.paths.value,
              base: typeof ownBaseUrl === 'string' ? (baseUrl ?? dir) : up.paths.base,
            };
    const paths: Json = {};
    for (const [pattern, targets] of Object.entries(source?.value ?? {})) {
      paths[pattern] = Array.isArray(targets)
        ? targets.map((target: unknown) =>
            typeof target === 'string' && source !== undefined && !target.startsWith('${configDir}')
              ? relativeTarget(dir, resolve(source.base, target))
              : target,
          )
        : targets;
    }
    if (baseUrl !== undefined && !('*' in paths)) paths['*'] = [`${relativeTarget(dir, baseUrl)}/*`];
    options['paths'] = paths;
    const shown = typeof ownBaseUrl === 'string' ? `baseUrl "${ownBaseUrl}"` : 'the inherited baseUrl';
    notes.push(`${shown} read as paths ${describePaths(paths)}`);
  }

  const target = options['target'];
  if (lower(target) === 'es3' || lower(target) === 'es5') {
    options['target'] = 'es2015';
    const keepLib = options['lib'] === undefined && !up.lib;
    if (keepLib) options['lib'] = es5DefaultLib;
    notes.push(
      `target "${String(target)}" read as "es2015"${keepLib ? ` (lib kept: ${es5DefaultLib.join(', ')})` : ''}`,
    );
  } else if (resetsAddedLib(options, up)) {
    // `null` unsets the inherited value (TypeScript 7 reads it as 6 does): the target's own default lib applies.
    options['lib'] = null;
    changedWithoutNote = true;
  }

  if (options['outFile'] !== undefined) {
    delete options['outFile'];
    notes.push('outFile ignored (emit only)');
  }
  if (options['downlevelIteration'] !== undefined) {
    delete options['downlevelIteration'];
    notes.push('downlevelIteration ignored (emit only)');
  }
  for (const name of ['esModuleInterop', 'allowSyntheticDefaultImports', 'alwaysStrict']) {
    if (options[name] === false) {
      Reflect.deleteProperty(options, name);
      notes.push(`${name} false read as true`);
    }
  }

  if (notes.length === 0 && !changedWithoutNote) return { text, notes };
  return { text: JSON.stringify({ ...config, compilerOptions: options }, null, 2), notes };
}

/**
 * Whether a config (whose own `target` is not es3/es5) must unset the ES5 `lib` that {@link adaptConfigText} added to a
 * file it extends: it sets no `lib`, none is set up the chain, a file up the chain got the added one, and the target
 * in force is not es3/es5 (its own, or a later `extends` entry's), so TypeScript 6 gave it that target's default lib.
 */
function resetsAddedLib(options: Json, up: Inherited): boolean {
  if (options['lib'] !== undefined || up.lib || !up.addedLib) return false;
  const target = lower(options['target']) ?? up.target;
  return target !== undefined && !isEs5Target(target);
}

/**
 * Whether a file TypeScript 7 reads may be a config file to pass through {@link adaptConfigText}: any `.json` file
 * (an `extends` target can have any name, `tsconfig.base.json`, `configs/strict.json`, a package's file). The
 * adaptation returns other JSON texts unchanged.
 */
export function mayBeConfigFile(path: string): boolean {
  return path.endsWith('.json');
}

/** A project's config chain adapted for TypeScript 7 (see {@link adaptConfigChain}). */
export interface AdaptedConfigChain {
  /** The files of the chain whose text changed, each with the text TypeScript 7 must read instead. */
  readonly texts: ReadonlyMap<string, string>;
  /**
   * What TypeScript 7 reads differently: the notes of the config file and of every file of its `extends` chain, in
   * chain order (the project's own first, the others naming their file), each once. Empty when nothing changed.
   */
  readonly notes: readonly string[];
}

/**
 * Adapts a project's config file and every file of its `extends` chain with {@link adaptConfigText}: the texts
 * TypeScript 7 must be served instead of the disk's, and the notes to show for the project.
 */
export function adaptConfigChain(configPath: string, read: ConfigReader): AdaptedConfigChain {
  const texts = new Map<string, string>();
  const notes: string[] = [];
  const project = resolve(configPath);
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = read(path);
    if (text === undefined) return;
    const adapted = adaptConfigText(path, text, read);
    if (adapted.text !== text) texts.set(path, adapted.text);
    for (const note of adapted.notes) {
      const where = path === project ? note : `${note} (in ${relative(dirname(project), path) || path})`;
      if (!notes.includes(where)) notes.push(where);
    }
    for (const parent of configExtends(path, text)) visit(parent);
  };
  visit(project);
  return { texts, notes };
}

/* eslint-disable @typescript-eslint/no-deprecated -- the options TypeScript 6 deprecated are what this function reads */
/**
 * Compiler options (as TypeScript 6 parsed them, for a project without a tsconfig of its own: the inferred options
 * of loose JavaScript files) rewritten as {@link adaptConfigText} rewrites a config file, with the same notes.
 */
export function adaptCompilerOptions(options: ts.CompilerOptions): {
  readonly options: ts.CompilerOptions;
  readonly notes: readonly string[];
} {
  const adapted: ts.CompilerOptions = { ...options };
  const notes: string[] = [];
  const { ModuleKind, ModuleResolutionKind, ScriptTarget } = ts;
  const module = adapted.module;
  if (
    module === ModuleKind.AMD ||
    module === ModuleKind.UMD ||
    module === ModuleKind.None ||
    module === ModuleKind.System
  ) {
    adapted.module = module === ModuleKind.System ? ModuleKind.ESNext : ModuleKind.CommonJS;
    notes.push(
      `module "${ModuleKind[module].toLowerCase()}" read as "${module === ModuleKind.System ? 'esnext' : 'commonjs'}"`,
    );
  }
  const resolution = adapted.moduleResolution;
  if (resolution === ModuleResolutionKind.Node10 || resolution === ModuleResolutionKind.Classic) {
    const kind = adapted.module ?? ModuleKind.ESNext;
    const replacement =
      kind === ModuleKind.Node16
        ? ModuleResolutionKind.Node16
        : kind >= ModuleKind.Node16 && kind <= ModuleKind.NodeNext
          ? ModuleResolutionKind.NodeNext
          : ModuleResolutionKind.Bundler;
    adapted.moduleResolution = replacement;
    const likeNode10 =
      replacement === ModuleResolutionKind.Bundler && resolution === ModuleResolutionKind.Node10;
    if (likeNode10) {
      adapted.resolvePackageJsonExports ??= false;
      adapted.resolvePackageJsonImports ??= false;
    }
    notes.push(
      `moduleResolution "${resolution === ModuleResolutionKind.Classic ? 'classic' : 'node10'}" read as "${ModuleResolutionKind[replacement].toLowerCase()}"${likeNode10 ? ' without package.json exports/imports' : ''}`,
    );
  }
  if (adapted.baseUrl !== undefined) {
    const baseUrl = adapted.baseUrl;
    const paths: ts.MapLike<string[]> = {};
    for (const [pattern, targets] of Object.entries(adapted.paths ?? {})) {
      paths[pattern] = targets.map((target) => resolve(baseUrl, target));
    }
    paths['*'] ??= [resolve(baseUrl, '*')];
    delete adapted.baseUrl;
    adapted.paths = paths;
    adapted.pathsBasePath = baseUrl;
    notes.push(`baseUrl "${baseUrl}" read as paths ${describePaths(paths)}`);
  }
  const target = adapted.target;
  if (target === ScriptTarget.ES3 || target === ScriptTarget.ES5) {
    adapted.target = ScriptTarget.ES2015;
    const keepLib = adapted.lib === undefined;
    if (keepLib) adapted.lib = es5DefaultLib.map((name) => `lib.${name}.d.ts`);
    notes.push(
      `target "${ScriptTarget[target].toLowerCase()}" read as "es2015"${keepLib ? ` (lib kept: ${es5DefaultLib.join(', ')})` : ''}`,
    );
  }
  if (adapted.outFile !== undefined) {
    delete adapted.outFile;
    notes.push('outFile ignored (emit only)');
  }
  if (adapted.downlevelIteration !== undefined) {
    delete adapted.downlevelIteration;
    notes.push('downlevelIteration ignored (emit only)');
  }
  for (const name of ['esModuleInterop', 'allowSyntheticDefaultImports', 'alwaysStrict'] as const) {
    if (adapted[name] === false) {
      Reflect.deleteProperty(adapted, name);
      notes.push(`${name} false read as true`);
    }
  }
  return { options: adapted, notes };
}
/* eslint-enable @typescript-eslint/no-deprecated */
