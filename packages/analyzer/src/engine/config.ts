import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describeValue } from '@awaitwise/core/internal/validate';
import type { AnyRule, Severity } from '../rule.js';
import { engineNames, type EngineName } from './analyze-contract.js';
import { severities } from '../rule.js';
import { engineCheckIds, type EngineCheckId } from './suppressions.js';

/** The name of the config file looked for upward from the working directory. */
export const configFileName = 'awaitwise.config.json';

/** A rule's setting in the config: a severity, `'off'`, or an object with a severity and options. */
export type RuleSetting =
  | Severity
  | 'off'
  | {
      /** Severity, or `'off'`. @default the rule's default severity */
      readonly severity?: Severity | 'off';
      /** The rule's options, merged over its defaults. @default {} */
      readonly options?: Readonly<Record<string, unknown>>;
    };

/**
 * The contents of `awaitwise.config.json`.
 *
 * @example
 * ```json
 * {
 *   "rules": { "sequential-await": "off", "floating-promise": { "severity": "warning" } },
 *   "exclude": ["scripts/**"]
 * }
 * ```
 */
export interface AwaitwiseConfig {
  /** A JSON schema reference, ignored. */
  readonly $schema?: string;
  /**
   * Rule settings by id. Rules not named keep their default: on at their default severity when `recommended`.
   * The engine's own checks `unused-suppression` and `invalid-suppression` are set here too.
   * @default {}
   */
  readonly rules?: Readonly<Record<string, RuleSetting>>;
  /**
   * Globs (relative to the config file's folder) a file must match to be checked. @default every source file
   */
  readonly include?: readonly string[];
  /** Globs (relative to the config file's folder) of files never checked. @default [] */
  readonly exclude?: readonly string[];
  /**
   * Check generated files too: files a `.gitignore` ignores, build output (`dist/`, `*-dist/`, `coverage/`),
   * bundles, minified files and files with a code generator's banner (`@generated`, "DO NOT EDIT"). They are
   * skipped by default and counted in the summary. @default false
   */
  readonly includeGenerated?: boolean;
  /**
   * The type checker: `"native"` (TypeScript 7's native checker, in a Go child process) or `"ts6"` (TypeScript 6's,
   * in this process: less memory on very large projects). The `--engine` option overrides it. @default "native"
   */
  readonly engine?: EngineName;
}

/** A config error: the config file is not valid. The message names the file, the key, the expectation and the value. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Stable code for programs. */
  readonly code = 'AWAITWISE_CONFIG';
  /** The config file, when the config came from a file. */
  readonly file: string | undefined;
  /** The path of the bad key, like `rules.floating-promise.severity`. */
  readonly key: string;

  constructor(message: string, file: string | undefined, key: string, options?: ErrorOptions) {
    super(message, options);
    this.file = file;
    this.key = key;
  }
}

/** True when `error` is a {@link ConfigError}. */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}

/** A rule switched on for a run. */
export interface ResolvedRule {
  /** The rule. */
  readonly rule: AnyRule;
  /** Effective severity. */
  readonly severity: Severity;
  /** Validated options. */
  readonly options: object;
}

/** The config after validation and defaults. */
export interface ResolvedConfig {
  /** The config file, or undefined when none was used. */
  readonly file: string | undefined;
  /** The folder globs are relative to. */
  readonly baseDir: string;
  /** Active rules. */
  readonly rules: readonly ResolvedRule[];
  /** Severity of the engine's own checks, or `'off'`. */
  readonly engineChecks: Readonly<Record<EngineCheckId, Severity | 'off'>>;
  /** Include globs (empty: every source file). */
  readonly include: readonly string[];
  /** Exclude globs. */
  readonly exclude: readonly string[];
  /** Whether generated files are checked. */
  readonly includeGenerated: boolean;
  /** The engine the config asks for, or undefined when it does not say. */
  readonly engine: EngineName | undefined;
}

/** Finds `awaitwise.config.json` in `cwd` or the nearest folder above it. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, configFileName);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Reads and parses a config file.
 *
 * @throws ConfigError when the file cannot be read or is not JSON.
 */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Cannot read the config file ${file}: ${(error as Error).message}. Check the path given to --config.`,
      file,
      '',
      { cause: error },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(
      `The config file ${file} is not valid JSON: ${(error as Error).message}.`,
      file,
      '',
      { cause: error },
    );
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a config object and resolves it against the rule registry: every recommended rule on at its default
 * severity unless the config says otherwise.
 *
 * @throws ConfigError naming the key path, what was expected and what was received.
 */
export function resolveConfig(
  raw: unknown,
  registry: readonly AnyRule[],
  file: string | undefined,
  baseDir: string,
): ResolvedConfig {
  const where = file === undefined ? 'the config' : file;
  const fail = (key: string, expected: string, got: unknown, cause?: unknown): never => {
    throw new ConfigError(
      `Invalid ${where}: expected \`${key}\` to be ${expected}, got ${describeValue(got)}.`,
      file,
      key,
      cause === undefined ? undefined : { cause },
    );
  };
  if (raw === undefined) raw = {};
  if (!isRecord(raw)) return fail('(root)', 'an object', raw);
  const known = new Set(['$schema', 'rules', 'include', 'exclude', 'includeGenerated', 'engine']);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) fail(key, `one of the keys ${[...known].join(', ')} (unknown key)`, raw[key]);
  }
  const globs = (key: 'include' | 'exclude'): readonly string[] => {
    const value = raw[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) return fail(key, 'an array of glob strings', value);
    value.forEach((item: unknown, index) => {
      if (typeof item !== 'string' || item.length === 0)
        fail(`${key}[${index}]`, 'a non-empty glob string', item);
    });
    return value as string[];
  };
  const include = globs('include');
  const exclude = globs('exclude');
  const includeGenerated = raw.includeGenerated ?? false;
  if (typeof includeGenerated !== 'boolean') return fail('includeGenerated', 'a boolean', includeGenerated);
  const engine = raw.engine;
  if (engine !== undefined && !(engineNames as readonly unknown[]).includes(engine)) {
    return fail('engine', `one of ${engineNames.map((name) => `"${name}"`).join(', ')}`, engine);
  }

  const rulesRaw = raw.rules ?? {};
  if (!isRecord(rulesRaw)) return fail('rules', 'an object of rule settings', rulesRaw);
  const byId = new Map(registry.map((rule) => [rule.meta.id as string, rule]));
  const levels = [...severities, 'off'];
  const engineChecks: Record<EngineCheckId, Severity | 'off'> = {
    'unused-suppression': 'warning',
    'invalid-suppression': 'warning',
  };
  const settings = new Map<string, { severity: Severity | 'off' | undefined; options: unknown }>();
  for (const [id, setting] of Object.entries(rulesRaw)) {
    const key = `rules.${id}`;
    const isEngineCheck = (engineCheckIds as readonly string[]).includes(id);
    if (!byId.has(id) && !isEngineCheck) {
      fail(key, `a rule id (one of ${[...byId.keys(), ...engineCheckIds].join(', ')})`, id);
    }
    let severity: Severity | 'off' | undefined;
    let options: unknown;
    if (typeof setting === 'string') {
      if (!levels.includes(setting)) fail(key, `one of ${levels.map((l) => `"${l}"`).join(', ')}`, setting);
      severity = setting as Severity | 'off';
    } else if (isRecord(setting)) {
      for (const k of Object.keys(setting)) {
        if (k !== 'severity' && k !== 'options')
          fail(`${key}.${k}`, 'absent (known keys: severity, options)', setting[k]);
      }
      if (setting.severity !== undefined) {
        if (typeof setting.severity !== 'string' || !levels.includes(setting.severity)) {
          fail(`${key}.severity`, `one of ${levels.map((l) => `"${l}"`).join(', ')}`, setting.severity);
        }
        severity = setting.severity as Severity | 'off';
      }
      if (setting.options !== undefined) {
        if (!isRecord(setting.options)) fail(`${key}.options`, 'an object', setting.options);
        if (isEngineCheck) fail(`${key}.options`, 'absent (engine checks take no options)', setting.options);
        options = setting.options;
      }
    } else if (Array.isArray(setting)) {
      // The ESLint form. Say how to write it here rather than guessing what a longer array means.
      fail(
        key,
        `a severity or { "severity": …, "options": { … } } (ESLint's [severity, options] form is written ` +
          `{ "severity": ${JSON.stringify(setting[0] ?? 'error')}, "options": ${JSON.stringify(setting[1] ?? {})} } in awaitwise.config.json)`,
        setting,
      );
    } else {
      fail(key, `a severity (${levels.map((l) => `"${l}"`).join(', ')}) or { severity, options }`, setting);
    }
    if (isEngineCheck) {
      if (severity !== undefined) engineChecks[id as EngineCheckId] = severity;
      continue;
    }
    settings.set(id, { severity, options });
  }

  const rules: ResolvedRule[] = [];
  for (const rule of registry) {
    const setting = settings.get(rule.meta.id);
    const severity = setting?.severity ?? (rule.meta.recommended ? rule.meta.defaultSeverity : 'off');
    if (severity === 'off') continue;
    const rawOptions = (setting?.options ?? {}) as Readonly<Record<string, unknown>>;
    let options: object;
    try {
      options = rule.validateOptions
        ? rule.validateOptions(rawOptions)
        : validateByDefaults(rule, rawOptions);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw new ConfigError(
        `Invalid ${where}: \`rules.${rule.meta.id}.options\`: ${error.message}`,
        file,
        `rules.${rule.meta.id}.options`,
        { cause: error },
      );
    }
    rules.push({ rule, severity, options });
  }
  return {
    file,
    baseDir,
    rules,
    engineChecks,
    include,
    exclude,
    includeGenerated,
    engine: engine as EngineName | undefined,
  };
}

// For rules without validateOptions: only the keys of the defaults, each with the default's type.
function validateByDefaults(rule: AnyRule, raw: Readonly<Record<string, unknown>>): object {
  const defaults = rule.defaultOptions as Record<string, unknown>;
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in defaults)) {
      const knownKeys = Object.keys(defaults);
      throw new TypeError(
        `Unknown option \`${key}\` (${knownKeys.length === 0 ? 'this rule takes no options' : `known: ${knownKeys.join(', ')}`}), got ${describeValue(value)}.`,
      );
    }
    const expected = defaults[key];
    const expectedType = Array.isArray(expected) ? 'array' : typeof expected;
    const gotType = Array.isArray(value) ? 'array' : typeof value;
    if (expected !== undefined && expectedType !== gotType) {
      throw new TypeError(
        `Expected \`${key}\` to be ${expectedType === 'array' ? 'an array' : `a ${expectedType}`}, got ${describeValue(value)}.`,
      );
    }
  }
  return { ...defaults, ...raw };
}

/** Where the config comes from: a file path, an inline object, or undefined to look upward from `cwd`. */
export type ConfigSource = string | AwaitwiseConfig | undefined;

/**
 * Loads and resolves the config: `source` as a path, an inline object, or found upward from `cwd`.
 *
 * @throws ConfigError when the config is invalid.
 */
export function loadConfig(source: ConfigSource, cwd: string, registry: readonly AnyRule[]): ResolvedConfig {
  if (typeof source === 'string') {
    const file = resolve(cwd, source);
    if (!existsSync(file)) {
      throw new ConfigError(
        `The config file ${file} does not exist. Check the path given to --config.`,
        file,
        '',
      );
    }
    return resolveConfig(readConfigFile(file), registry, file, dirname(file));
  }
  if (source !== undefined) return resolveConfig(source, registry, undefined, resolve(cwd));
  const found = findConfigFile(cwd);
  if (found === undefined) return resolveConfig({}, registry, undefined, resolve(cwd));
  return resolveConfig(readConfigFile(found), registry, found, dirname(found));
}
