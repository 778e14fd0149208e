/**
 * A TypeScript 6-shaped `ts.Program` over a TypeScript 7 project: syntax trees are TypeScript 6's (the rules walk
 * them), type questions go to TypeScript 7's checker through {@link createNativeChecker}.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SourceFileMetadata } from 'typescript-native/unstable/sync';
import ts from '../../typescript.cjs';
import { isSharedDeclarationFile, sharedDeclarationFile, type AnalysisProgramInput } from '../program.js';
import { createNativeChecker } from './checker.js';
import { NativeEngineError } from './errors.js';
import type { NativeProject } from './session.js';

/** The `ts.Program` members the facade implements; any other member is undefined. */
export type NativeProgramMember =
  | 'getSourceFile'
  | 'getSourceFileByPath'
  | 'getSourceFiles'
  | 'getRootFileNames'
  | 'getCompilerOptions'
  | 'getCurrentDirectory'
  | 'isSourceFileFromExternalLibrary'
  | 'isSourceFileDefaultLibrary'
  | 'getSyntacticDiagnostics'
  | 'getTypeChecker';

/** A program facade and what it knows about the native side. */
export interface NativeProgramState {
  /** The native project the facade asks. */
  readonly project: NativeProject;
  /** The program's TypeScript 6 compiler options. */
  readonly options: ts.CompilerOptions;
  /** The TypeScript 6 parse of a file of the program, made on first use (declaration files too). */
  sourceFile(fileName: string): ts.SourceFile | undefined;
  /** TypeScript 7's name of a file of the program (a default library is shown under another name), if it has it. */
  nativeFileName(fileName: string): string | undefined;
}

const programStates = new WeakMap<ts.Program, NativeProgramState>();

/**
 * TypeScript 6 parses of TypeScript 7's default libraries and of `@types/node`, by file and language version, shared
 * between the programs of a run as the ts6 engine shares its own (`engine/program.ts`): they do not change during a
 * run, and every program of a folder with many tsconfigs would parse `lib.dom.d.ts` (2.3 MB) again to map a
 * declaration back. Whether a declaration file is a module does not depend on the options, so the key leaves them out.
 */
const sharedDeclarations = new Map<string, ts.SourceFile>();

/** The native state behind a program made by {@link createNativeProgram}, or undefined for a TypeScript 6 program. */
export function nativeProgramState(program: ts.Program): NativeProgramState | undefined {
  return programStates.get(program);
}

function isDeclarationFileName(fileName: string): boolean {
  return /\.d\.[cm]?ts$/.test(fileName) || /\.d\.[^.]+\.ts$/.test(fileName);
}

function isJavaScriptFileName(fileName: string): boolean {
  return /\.[cm]?jsx?$/.test(fileName);
}

interface ExternalModuleIndicatorSource {
  getSetExternalModuleIndicator(options: ts.CompilerOptions): (file: ts.SourceFile) => void;
}

/**
 * TypeScript 6's own rule for which files are modules under `options` (internal to it, present at run time: its
 * typings name it in `CreateSourceFileOptions`), or undefined when it is missing (the parser's default then applies).
 */
function externalModuleIndicatorSetter(
  options: ts.CompilerOptions,
): ((file: ts.SourceFile) => void) | undefined {
  const source = ts as unknown as Partial<ExternalModuleIndicatorSource>;
  return typeof source.getSetExternalModuleIndicator === 'function'
    ? source.getSetExternalModuleIndicator(options)
    : undefined;
}

function toDiagnostic(
  file: ts.SourceFile,
  diagnostic: { start: number; length: number; code: number; text: string },
) {
  const result: ts.DiagnosticWithLocation = {
    file,
    start: diagnostic.start,
    length: diagnostic.length,
    messageText: diagnostic.text,
    category: ts.DiagnosticCategory.Error,
    code: diagnostic.code,
  };
  return result;
}

/**
 * A TypeScript 6-shaped `ts.Program` (the part the analyzer uses) whose `getTypeChecker()` answers from TypeScript 7.
 *
 * - `getSourceFile` gives a TypeScript 6 parse (parent pointers set) of the program's file: the checked texts from
 *   `input.texts`, other files from the session's texts or the disk, declaration files (libraries included) parsed
 *   only when asked for, from TypeScript 7's copy of their text.
 * - `getSourceFiles` lists the program's files that are not declaration files (the analyzer's callers skip
 *   declaration files; parsing every library with TypeScript 6 would cost what the native engine saves).
 * - Members of `ts.Program` not listed in {@link NativeProgramMember} are undefined (calling one throws a TypeError).
 */
export function createNativeProgram(project: NativeProject, input: AnalysisProgramInput): ts.Program {
  const native = project.current();
  const cwd = project.session.cwd;
  const options = input.options;
  const languageVersion = options.target ?? ts.ScriptTarget.ESNext;
  const fileNames = native.program.getSourceFileNames();
  // TypeScript 7's default libraries (`lib.es5.d.ts`…, beside its executable) are shown where TypeScript 6 keeps its
  // own: the analyzer knows a library declaration by that path (`/typescript/lib/lib.*.d.ts`).
  const nativeLibraryDirectory = project.session.libraryDirectory;
  const libraryDirectory = dirname(ts.getDefaultLibFilePath(options));
  const shownName = (name: string): string =>
    dirname(name) === nativeLibraryDirectory && basename(name).startsWith('lib.')
      ? join(libraryDirectory, basename(name))
      : name;
  const byName = new Map<string, string>();
  for (const name of fileNames) {
    byName.set(resolve(cwd, name), name);
    byName.set(resolve(cwd, shownName(name)), name);
  }
  const parsed = new Map<string, ts.SourceFile>();
  const metadata = new Map<string, SourceFileMetadata | undefined>();

  const nativeName = (fileName: string): string | undefined => byName.get(resolve(cwd, fileName));
  const metadataOf = (name: string): SourceFileMetadata | undefined => {
    if (!metadata.has(name)) metadata.set(name, native.program.getSourceFileMetadata(name));
    return metadata.get(name);
  };
  const textOf = (name: string): string | undefined => {
    const absolute = resolve(cwd, name);
    const text = input.texts.get(absolute) ?? project.session.textOf(absolute);
    if (text !== undefined) return text;
    try {
      return readFileSync(absolute, 'utf8');
    } catch {
      // Not on disk (TypeScript 7's bundled libraries): TypeScript 7 has the text.
      return native.program.getSourceFile(name)?.text;
    }
  };
  // The module format of a file as TypeScript 6 reads it (its program sets it on the files it parses): from the
  // options and the nearest package.json, without asking TypeScript 7.
  const packageJsonInfoCache = ts
    .createModuleResolutionCache(cwd, (name) => name, options)
    .getPackageJsonInfoCache();
  const impliedNodeFormat = (name: string): ts.ResolutionMode =>
    ts.getImpliedNodeFormatForFile(name, packageJsonInfoCache, ts.sys, options);
  const roots = new Set(input.rootNames.map((name) => resolve(cwd, name)));
  // Whether a file is a module, decided as TypeScript 6's program decides (`moduleDetection`, the module format).
  const setExternalModuleIndicator = externalModuleIndicatorSetter(options);
  const sourceFile = (fileName: string): ts.SourceFile | undefined => {
    const name = nativeName(fileName);
    if (name === undefined) return undefined;
    const cached = parsed.get(name);
    if (cached !== undefined) return cached;
    const declaration = isDeclarationFileName(name);
    const parse = (): ts.SourceFile | undefined => {
      const text = textOf(name);
      if (text === undefined) return undefined;
      return ts.createSourceFile(
        shownName(name),
        text,
        {
          languageVersion,
          impliedNodeFormat: declaration ? undefined : impliedNodeFormat(name),
          jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo,
          ...(setExternalModuleIndicator === undefined ? {} : { setExternalModuleIndicator }),
        },
        true,
      );
    };
    const file =
      declaration && isSharedDeclarationFile(name, nativeLibraryDirectory)
        ? sharedDeclarationFile(sharedDeclarations, name, languageVersion, parse)
        : parse();
    if (file !== undefined) parsed.set(name, file);
    return file;
  };

  let checker: ts.TypeChecker | undefined;
  const members: Pick<ts.Program, NativeProgramMember> = {
    getSourceFile: (fileName) => sourceFile(fileName),
    getSourceFileByPath: (path) => sourceFile(path),
    getSourceFiles: () =>
      fileNames
        .filter((name) => !isDeclarationFileName(name))
        .map((name) => sourceFile(name))
        .filter((file): file is ts.SourceFile => file !== undefined),
    getRootFileNames: () => input.rootNames,
    getCompilerOptions: () => options,
    // The process's directory, as TypeScript 6's program (its default host) answers.
    getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
    isSourceFileFromExternalLibrary: (file) => {
      // A root file is never one (a round trip saved per checked file).
      if (roots.has(resolve(cwd, file.fileName))) return false;
      const name = nativeName(file.fileName);
      return name !== undefined && metadataOf(name)?.isFromExternalLibrary === true;
    },
    isSourceFileDefaultLibrary: (file) => {
      const name = nativeName(file.fileName);
      return name !== undefined && dirname(name) === nativeLibraryDirectory;
    },
    getSyntacticDiagnostics: (file) => {
      if (file === undefined)
        throw new NativeEngineError('getSyntacticDiagnostics needs a file on the native engine');
      const parseDiagnostics = (
        file as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }
      ).parseDiagnostics;
      if (parseDiagnostics !== undefined && parseDiagnostics.length > 0) return parseDiagnostics;
      // TypeScript syntax in a JavaScript file parses, and is a syntax error only for the program: ask TypeScript 7.
      const name = nativeName(file.fileName);
      if (name === undefined || !isJavaScriptFileName(name)) return [];
      return native.program.getSyntacticDiagnostics(name).map((diagnostic) =>
        toDiagnostic(file, {
          start: diagnostic.pos,
          length: diagnostic.end - diagnostic.pos,
          code: diagnostic.code,
          text: diagnostic.text,
        }),
      );
    },
    getTypeChecker: () => (checker ??= createNativeChecker(state)),
  };
  // Members the facade does not implement read as undefined, as an optional member of TypeScript 6's program does:
  // callers that test for one (`program.getResolvedModule?.(…)`, internal to TypeScript 6) take their other path.
  const program = members as unknown as ts.Program;
  const state: NativeProgramState = { project, options, sourceFile, nativeFileName: nativeName };
  programStates.set(program, state);
  return program;
}
