import { dirname, isAbsolute, join, resolve } from 'node:path';
import ts from './typescript.cjs';
import type { AnyRule, Finding, Severity } from './rule.js';
import { applyFixes } from './engine/fix.js';
import { createNativeProgram } from './engine/native/program.js';
import { openNativeSession, type NativeProject, type NativeSession } from './engine/native/session.js';
import { runRulesOnFile } from './engine/run-rules.js';
import { defaultEngine, type EngineName } from './engine/analyze-contract.js';

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
  /**
   * The engine whose checker answers the rule: for a case about one engine's reading of the code (TypeScript 7 reads
   * some JavaScript differently). @default {@link testingEngine}()
   */
  readonly engine?: TestingEngine;
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
  const { program, host, virtual, root } = createTestingProgram(
    files,
    settings,
    settings.engine ?? testingEngine(),
  );
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

/** The engine rule tests run on: the analyzer's default, `native`; `AWAITWISE_ENGINE=ts6` runs them on TypeScript 6's. */
export type TestingEngine = EngineName;

/**
 * The engine of the rule tests, from `AWAITWISE_ENGINE`: the analyzer's default (`native`, {@link defaultEngine})
 * when unset, so that rule tests check what `awaitwise check` runs; `npm run test:ts6` sets `ts6`.
 *
 * @throws {TypeError} for another value.
 */
export function testingEngine(): TestingEngine {
  const value = process.env['AWAITWISE_ENGINE'] ?? defaultEngine;
  if (value === 'ts6' || value === 'native') return value;
  throw new TypeError(`Expected \`AWAITWISE_ENGINE\` to be \`ts6\` or \`native\`, got \`${value}\` (string)`);
}

interface NativeTesting {
  readonly session: NativeSession;
  /** Projects by their options and root files: a case reuses the project of an earlier case like it. */
  readonly projects: Map<string, NativeProject>;
  /** Paths served for the previous case (its virtual and extra files). */
  served: readonly string[];
}

// One TypeScript 7 process per test worker, its projects reused between cases: a case only changes texts.
let nativeTesting: NativeTesting | undefined;

/** Closes the TypeScript 7 process of the native rule tests, if one was started (tests call it in `afterAll`). */
export function closeTestingSession(): void {
  nativeTesting?.session.close();
  nativeTesting = undefined;
}

function createNativeTestingProgram(
  virtual: ReadonlyMap<string, string>,
  extra: ReadonlyMap<string, string>,
  compilerOptions: ts.CompilerOptions,
): ts.Program {
  nativeTesting ??= {
    session: openNativeSession({ cwd: defaultRoot }),
    projects: new Map(),
    served: [],
  };
  const testing = nativeTesting;
  const texts = new Map([...extra, ...virtual]);
  testing.session.updateTexts(
    texts,
    testing.served.filter((path) => !texts.has(path)),
  );
  testing.served = [...texts.keys()];
  const rootNames = [...virtual.keys()];
  const key = JSON.stringify([compilerOptions, rootNames]);
  let project = testing.projects.get(key);
  if (project === undefined) {
    project = testing.session.openProject({ configFile: undefined, rootNames, options: compilerOptions });
    testing.projects.set(key, project);
  }
  return createNativeProgram(project, { rootNames, options: compilerOptions, texts: virtual });
}

/** An in-memory program over virtual files, with real files (libs, `node_modules`) read from disk once. */
function createTestingProgram(
  files: Readonly<Record<string, string>>,
  settings: Pick<AnalyzeFilesOptions, 'root' | 'extraFiles' | 'compilerOptions'>,
  engine: TestingEngine,
): { program: ts.Program; host: ts.CompilerHost; virtual: Map<string, string>; root: string } {
  const root = settings.root ?? defaultRoot;
  const virtual = new Map<string, string>();
  for (const [name, text] of Object.entries(files))
    virtual.set(isAbsolute(name) ? name : join(root, name), text);
  const extra = new Map<string, string>();
  for (const [name, text] of Object.entries(settings.extraFiles ?? {})) extra.set(join(root, name), text);

  const compilerOptions = { ...testCompilerOptions, ...settings.compilerOptions };
  const host = ts.createCompilerHost(compilerOptions, true);
  host.fileExists = (path) => virtual.has(path) || extra.has(path) || ts.sys.fileExists(path);
  host.readFile = (path) => virtual.get(path) ?? extra.get(path) ?? ts.sys.readFile(path);
  if (engine === 'native') {
    return { program: createNativeTestingProgram(virtual, extra, compilerOptions), host, virtual, root };
  }
  const realGetSourceFile = host.getSourceFile.bind(host);
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
  return { program, host, virtual, root };
}

/**
 * The type errors of a file compiled on its own with {@link testCompilerOptions}: a rule test checks that a fix's
 * output still compiles (`expect(typeErrors(output)).toEqual([])`).
 *
 * @example
 * ```ts
 * typeErrors('const n: number = "x";'); // ["Type 'string' is not assignable to type 'number'."]
 * ```
 */
export function typeErrors(
  code: string,
  settings: Pick<AnalyzeFilesOptions, 'root' | 'extraFiles' | 'compilerOptions'> & { fileName?: string } = {},
): string[] {
  const fileName = settings.fileName ?? 'fixed.ts';
  // TypeScript 6's program: its type errors are what the fix must avoid, and the native facade has no diagnostics.
  const { program, virtual } = createTestingProgram({ [fileName]: code }, settings, 'ts6');
  const [path] = virtual.keys();
  return ts
    .getPreEmitDiagnostics(program, path === undefined ? undefined : program.getSourceFile(path))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The marker a rule test writes just before each token the rule must report: `/*!*\/`. */
export const findingMarker = '/*!*/';

/** A 1-based line and column. */
export interface SourcePosition {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/**
 * Takes the {@link findingMarker}s out of a rule test's source: the code without them, and where each stood (the
 * position of the token after it, in the code without markers), in source order.
 *
 * @example
 * ```ts
 * parseMarkers('f();\n/*!*\/g();'); // { code: 'f();\ng();', positions: [{ line: 2, column: 1 }] }
 * ```
 */
export function parseMarkers(source: string): { code: string; positions: SourcePosition[] } {
  const positions: SourcePosition[] = [];
  const lines = source.split('\n').map((line, index) => {
    let out = '';
    let rest = line;
    for (let at = rest.indexOf(findingMarker); at >= 0; at = rest.indexOf(findingMarker)) {
      out += rest.slice(0, at);
      rest = rest.slice(at + findingMarker.length);
      positions.push({ line: index + 1, column: out.length + 1 });
    }
    return out + rest;
  });
  return { code: lines.join('\n'), positions };
}

/** How a rule test's code is wrapped and checked: the settings a test file shares between its cases. */
export interface RuleTestSettings extends Omit<AnalyzeFilesOptions, 'check'> {
  /** Name of the checked file. Default: `a.ts`. */
  readonly fileName?: string;
  /**
   * Text put before each case's code (shared declarations). It must end with a newline: lines and columns of
   * findings and markers are counted from the case's code.
   */
  readonly prelude?: string;
  /** Text put after each case's code (e.g. `export {};`). */
  readonly suffix?: string;
  /** Other virtual files of the program (name → text), not checked. */
  readonly files?: Readonly<Record<string, string>>;
}

/** A finding as a rule test sees it: positions counted from the case's code, fix and suggestions applied. */
export interface ReportedFinding {
  /** The rule id. */
  readonly ruleId: string;
  /** The rule's default severity. */
  readonly severity: Severity;
  /** 1-based line in the case's code (after the prelude). */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** The message id. */
  readonly messageId: string;
  /** The filled-in message. */
  readonly message: string;
  /** The case's code with this finding's fix applied, or `undefined` when it has none. */
  readonly fixed: string | undefined;
  /** The case's code with each suggestion applied, in order. */
  readonly suggestions: readonly string[];
}

/** What a rule reports on one case: the code without markers, the markers' positions and the findings. */
export interface RuleRun {
  /** The case's code without markers. */
  readonly code: string;
  /** The whole checked file: prelude, code without markers, suffix. */
  readonly text: string;
  /** Where the markers stood, in source order. */
  readonly positions: readonly SourcePosition[];
  /** The findings on the checked file, in report order. */
  readonly findings: readonly ReportedFinding[];
  /** The case's code after every fix was applied (as `--fix` does, one pass); the code itself when none. */
  readonly output: string;
}

/**
 * Runs `rule` on one case: `source` (with {@link findingMarker}s) wrapped in the settings' prelude and suffix,
 * checked as `fileName`. A fix or suggestion that edits the prelude or suffix is shown on the whole file instead.
 *
 * @example
 * ```ts
 * const run = runRuleCase(rule, 'new Promise(/*!*\/async (r) => r(1));');
 * run.findings[0]?.column === run.positions[0]?.column; // true
 * ```
 */
export function runRuleCase(rule: AnyRule, source: string, settings: RuleTestSettings = {}): RuleRun {
  const { code, positions } = parseMarkers(source);
  const prelude = settings.prelude ?? '';
  const suffix = settings.suffix ?? '';
  if (prelude !== '' && !prelude.endsWith('\n'))
    throw new Error('A rule test prelude must end with a newline.');
  const fileName = settings.fileName ?? 'a.ts';
  const text = prelude + code + suffix;
  const { fileName: _f, prelude: _p, suffix: _s, files, ...analyzeSettings } = settings;
  const found = analyzeFiles(rule, { ...files, [fileName]: text }, { ...analyzeSettings, check: [fileName] });
  const preludeLines = prelude.split('\n').length - 1;
  /** The case's code out of an edited whole file, or the whole file when the edit reached past the code. */
  const own = (edited: string): string =>
    edited.startsWith(prelude) && edited.endsWith(suffix)
      ? edited.slice(prelude.length, edited.length - suffix.length)
      : edited;
  const findings = found.map((finding): ReportedFinding => ({
    ruleId: finding.ruleId,
    severity: finding.severity,
    line: finding.line - preludeLines,
    column: finding.column,
    messageId: finding.messageId,
    message: finding.message,
    fixed: finding.fix === undefined ? undefined : own(applyEdits(text, finding.fix)),
    suggestions: finding.suggestions.map((suggestion) => own(applyEdits(text, suggestion.edits))),
  }));
  return { code, text, positions, findings, output: own(applyFixes(text, found)) };
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
