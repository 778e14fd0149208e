import { dirname, isAbsolute, join, resolve } from 'node:path';
import ts from './typescript.cjs';
import type { AnyRule, Finding, Severity } from './rule.js';
import { runRulesOnFile } from './engine/run-rules.js';

/** Options of {@link analyzeFiles}. */
export interface AnalyzeFilesOptions {
  /** Rule options (merged over the rule's defaults). */
  readonly options?: Readonly<Record<string, unknown>>;
  /** Compiler options for the in-memory program. */
  readonly compilerOptions?: ts.CompilerOptions;
  /**
   * Folder the virtual files live in. Module resolution looks upward from here, so `node_modules` of the
   * repository (`@types/node`, `express` …) are found. Default: the analyzer package's `test/fixtures/virtual`.
   */
  readonly root?: string;
  /** Only check these files (relative names); default: every virtual file. */
  readonly check?: readonly string[];
  /** Extra real files for the rule's file reader (relative to root): e.g. a fake `package.json`. */
  readonly extraFiles?: Readonly<Record<string, string>>;
  /** Called when a rule asks for the type checker (once per checked file): lets tests prove `requiresTypes`. */
  readonly onTypeChecker?: () => void;
}

const defaultRoot = resolve(dirname(new URL(import.meta.url).pathname), '../test/fixtures/virtual');

/** Default compiler options of the testing programs: strict ESNext with Node types. */
export const testCompilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowJs: true,
  checkJs: false,
  jsx: ts.JsxEmit.ReactJSX,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts'],
  types: ['node'],
};

// Library and node_modules files never change during a test run: parse them once for every program.
const sharedFiles = new Map<string, ts.SourceFile>();

/**
 * Builds an in-memory program from `files` (name → text) and runs `rule` on it: what the rule tests use.
 * Real files (TypeScript's libs, `node_modules` types) are parsed once and shared between calls.
 *
 * @example
 * ```ts
 * const findings = analyzeFiles(rule, { 'a.ts': 'new Promise(async (r) => r(1));' });
 * ```
 */
export function analyzeFiles(
  rule: AnyRule,
  files: Readonly<Record<string, string>>,
  settings: AnalyzeFilesOptions = {},
): Finding[] {
  const root = settings.root ?? defaultRoot;
  const virtual = new Map<string, string>();
  for (const [name, text] of Object.entries(files))
    virtual.set(isAbsolute(name) ? name : join(root, name), text);
  const extra = new Map<string, string>();
  for (const [name, text] of Object.entries(settings.extraFiles ?? {})) extra.set(join(root, name), text);

  const compilerOptions = { ...testCompilerOptions, ...settings.compilerOptions };
  const host = ts.createCompilerHost(compilerOptions, true);
  const realGetSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (path) => virtual.has(path) || extra.has(path) || ts.sys.fileExists(path);
  host.readFile = (path) => virtual.get(path) ?? extra.get(path) ?? ts.sys.readFile(path);
  host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
    const text = virtual.get(path);
    if (text !== undefined) return ts.createSourceFile(path, text, languageVersion, true);
    const cached = sharedFiles.get(path);
    if (cached !== undefined) return cached;
    const file = realGetSourceFile(path, languageVersion, onError, shouldCreate);
    if (file !== undefined) sharedFiles.set(path, file);
    return file;
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options: compilerOptions, host });

  const severity: Severity = rule.meta.defaultSeverity;
  const options = rule.validateOptions
    ? rule.validateOptions(settings.options ?? {})
    : { ...rule.defaultOptions, ...settings.options };
  const wanted = settings.check?.map((name) => (isAbsolute(name) ? name : join(root, name)));
  const findings: Finding[] = [];
  for (const fileName of virtual.keys()) {
    if (wanted !== undefined && !wanted.includes(fileName)) continue;
    const sourceFile = program.getSourceFile(fileName);
    if (sourceFile === undefined) throw new Error(`The testing program lost ${fileName}.`);
    findings.push(
      ...runRulesOnFile({
        program,
        sourceFile,
        rules: [{ rule, severity, options }],
        files: { readFile: (p) => host.readFile(p), fileExists: (p) => host.fileExists(p) },
        getTypeChecker: () => {
          settings.onTypeChecker?.();
          return program.getTypeChecker();
        },
      }),
    );
  }
  return findings;
}

/** Applies non-overlapping edits to a text (used to check fixes and suggestions). */
export function applyEdits(
  text: string,
  edits: readonly { start: number; end: number; text: string }[],
): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
