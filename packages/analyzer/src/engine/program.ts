import { dirname, resolve } from 'node:path';
import ts from '../typescript.cjs';

// TypeScript's own libraries and @types/node are the declaration files every program loads, and they do not change
// during a run: parse each one once and share it between every program, as the language service's document registry
// does. Other packages' typings are left to their program, so that memory is freed with it.
const sharedDeclarations = new Map<string, ts.SourceFile>();
const libDir = dirname(ts.getDefaultLibFilePath({}));

/**
 * Whether a declaration file is parsed once per run and shared between programs: TypeScript's own libraries (those
 * in `libraryDirectory`) and `@types/node`. Both engines share the same files.
 */
export function isSharedDeclarationFile(path: string, libraryDirectory: string): boolean {
  return path.startsWith(libraryDirectory) || path.includes('/node_modules/@types/node/');
}

function shareKey(path: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions): string {
  if (typeof languageVersion === 'object') {
    return `${path}|${languageVersion.languageVersion}|${languageVersion.impliedNodeFormat ?? ''}`;
  }
  return `${path}|${languageVersion}`;
}

/**
 * The parse of a shared declaration file ({@link isSharedDeclarationFile}) from `shared`, made by `parse` the first
 * time it is asked for with this language version (a file `parse` cannot give is not kept). Each engine keeps its own
 * map: they parse differently (the native engine sets parent pointers, and reads TypeScript 7's libraries).
 */
export function sharedDeclarationFile(
  shared: Map<string, ts.SourceFile>,
  path: string,
  languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions,
  parse: () => ts.SourceFile | undefined,
): ts.SourceFile | undefined {
  const key = shareKey(path, languageVersion);
  const cached = shared.get(key);
  if (cached !== undefined) return cached;
  const file = parse();
  if (file !== undefined) shared.set(key, file);
  return file;
}

/** Inputs of {@link createAnalysisProgram}. */
export interface AnalysisProgramInput {
  /** The files to check (absolute). */
  readonly rootNames: readonly string[];
  readonly options: ts.CompilerOptions;
  /** Texts already read (the files to check): used instead of reading them again. */
  readonly texts: ReadonlyMap<string, string>;
}

/**
 * Builds a program for analysis: the checked files with parent pointers set (rules walk up the tree), declaration
 * files shared between programs, nothing emitted and no diagnostics computed.
 */
export function createAnalysisProgram(input: AnalysisProgramInput): ts.Program {
  const options: ts.CompilerOptions = { ...input.options, noEmit: true };
  // Options that only matter for emit or for build mode would make the program do needless work.
  delete options.composite;
  delete options.incremental;
  delete options.tsBuildInfoFile;
  delete options.declaration;
  delete options.declarationMap;
  delete options.sourceMap;
  delete options.emitDeclarationOnly;
  // Parent pointers are set when the checked files are parsed (below); the binder sets them in every other file when
  // a type-aware rule creates the checker, so parsing imports and libraries without them saves a full tree walk each.
  const host = ts.createCompilerHost(options, false);
  // JSDoc carries types only in JavaScript files, and no rule reads it in TypeScript files: parse it only where it
  // types code (as tsc does, minus the `@see`/`@link` comments it keeps to report unused imports). About a fifth of
  // the parse time and of the syntax trees' memory on documented code and `@types/node`.
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeInfo;
  const readFile = host.readFile.bind(host);
  const realGetSourceFile = host.getSourceFile.bind(host);
  host.readFile = (path) => input.texts.get(resolve(path)) ?? readFile(path);
  host.getSourceFile = (path, languageVersion, onError, shouldCreate) => {
    const text = input.texts.get(resolve(path));
    if (text !== undefined) return ts.createSourceFile(path, text, languageVersion, true);
    if (!isSharedDeclarationFile(path, libDir)) {
      return realGetSourceFile(path, languageVersion, onError, shouldCreate);
    }
    return sharedDeclarationFile(sharedDeclarations, path, languageVersion, () =>
      realGetSourceFile(path, languageVersion, onError, shouldCreate),
    );
  };
  return ts.createProgram({ rootNames: input.rootNames, options, host });
}
