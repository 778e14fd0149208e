import {
  createNativeProgram,
  openNativeSession,
  ProjectLoader,
  type NativeProject,
  type NativeSession,
  type NativeSessionOptions,
} from '@awaitwise/analyzer';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type ts from './typescript.cjs';

/** A program and the linted file's syntax tree in it, for the analyzer's rule runner. */
export interface LintTarget {
  readonly program: ts.Program;
  readonly sourceFile: ts.SourceFile;
}

/** Opens a TypeScript 7 session: the analyzer's {@link openNativeSession}, replaceable in tests. */
export type OpenSession = (options: NativeSessionOptions) => NativeSession;

/** Builds the program facade of a project: the analyzer's {@link createNativeProgram}, replaceable in tests. */
export type CreateProgram = typeof createNativeProgram;

/** The TypeScript 7 session of one tsconfig (or of the files no tsconfig owns, with one set of options). */
interface ProjectSession {
  readonly session: NativeSession;
  /** Milliseconds since the epoch just before the session started: files on disk not modified since, it has read. */
  readonly startedAt: number;
  /** The tsconfig, or undefined for files no tsconfig owns (one inferred project at a time, of the linted file). */
  readonly configFile: string | undefined;
  readonly rootNames: readonly string[];
  readonly options: ts.CompilerOptions;
  /** The open project; for an inferred session, the project of `inferredFile`. */
  project: NativeProject | undefined;
  inferredFile: string | undefined;
  /** The program facade over the current snapshot; dropped when the snapshot changes. */
  program: ts.Program | undefined;
  /** The texts ESLint linted (absolute path → text), given to the facade so that it parses exactly them. */
  readonly linted: Map<string, string>;
}

function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The file's text on disk and when it was last modified, or undefined when it cannot be read. */
function diskState(file: string): { text: string; modifiedAt: number } | undefined {
  try {
    const modifiedAt = statSync(file).mtimeMs;
    return { text: withoutByteOrderMark(readFileSync(file, 'utf8')), modifiedAt };
  } catch {
    return undefined;
  }
}

/**
 * The plugin's own TypeScript 7 sessions, for projects typescript-eslint cannot give types for: one session (one Go
 * process) per tsconfig and ESLint working directory, opened when a file of it is first linted, reused for every
 * file and every rule after, and closed when the process exits.
 *
 * A file's tsconfig is found from its folder as `awaitwise check` finds it (the nearest tsconfig above the file that
 * owns it, directly or through references). Files that no tsconfig owns share one session per set of options (the
 * nearest tsconfig's with JavaScript allowed, else the CLI's defaults) and are checked in an inferred project of
 * their own, as the CLI checks them.
 *
 * The linted text is what TypeScript 7 checks: when it differs from what the session has (an editor's unsaved text,
 * a pass of `eslint --fix`), it replaces the file's text in the session (`updateTexts`) and the program facade is
 * rebuilt. When it is unchanged, the same facade, and the same syntax tree of the file, serve every rule.
 */
export class NativePrograms {
  private readonly loader = new ProjectLoader();
  private readonly sessions = new Map<string, ProjectSession | Error>();
  private readonly open: OpenSession;
  private readonly createProgram: CreateProgram;

  constructor(open: OpenSession = openNativeSession, createProgram: CreateProgram = createNativeProgram) {
    this.open = open;
    this.createProgram = createProgram;
  }

  /**
   * The program facade and syntax tree for a linted file with text `text`; `cwd` is ESLint's working directory.
   *
   * @throws when the session cannot start (TypeScript 7's executable missing for this platform) or the file is not
   * in its project. A session that failed to start is not retried in this process.
   */
  programFor(fileName: string, text: string, cwd: string): LintTarget {
    const file = resolve(cwd, fileName);
    const state = this.sessionFor(file, cwd);
    this.useText(state, file, text);
    if (state.configFile === undefined && state.inferredFile !== file) {
      state.project?.close();
      state.project = undefined;
      state.program = undefined;
      state.project = state.session.openProject({
        configFile: undefined,
        rootNames: [file],
        options: state.options,
      });
      state.inferredFile = file;
    }
    const project = state.project;
    if (project === undefined) throw new Error(`no TypeScript 7 project is open for ${file}`);
    const rootNames = state.configFile === undefined ? [file] : state.rootNames;
    state.program ??= this.createProgram(project, { rootNames, options: state.options, texts: state.linted });
    const sourceFile = state.program.getSourceFile(file);
    if (sourceFile === undefined) {
      throw new Error(
        `${file} is not in TypeScript 7's program of ${project.configFileName}: add it to that tsconfig's ` +
          '`include` or `files`.',
      );
    }
    return { program: state.program, sourceFile };
  }

  /** Ends every session (their Go processes). Called at process exit; later calls open new sessions. */
  closeAll(): void {
    for (const state of this.sessions.values()) if (!(state instanceof Error)) state.session.close();
    this.sessions.clear();
  }

  /** The number of sessions open now (one Go process each). */
  openSessions(): number {
    let count = 0;
    for (const state of this.sessions.values()) if (!(state instanceof Error)) count++;
    return count;
  }

  private sessionFor(file: string, cwd: string): ProjectSession {
    const owner = this.loader.ownerOf(file, undefined);
    const inferred = owner === undefined ? this.loader.inferredOptionsFor(file) : undefined;
    const key = `${cwd}\0${owner?.configPath ?? inferred?.key ?? ''}`;
    const known = this.sessions.get(key);
    if (known instanceof Error) throw known;
    if (known !== undefined) return known;
    const startedAt = Date.now();
    let state: ProjectSession;
    try {
      const session = this.open({ cwd });
      let project: NativeProject | undefined;
      if (owner !== undefined) {
        try {
          project = session.openProject({
            configFile: owner.configPath,
            rootNames: owner.fileNames,
            options: owner.options,
          });
        } catch (error) {
          session.close();
          throw error;
        }
      }
      state = {
        session,
        startedAt,
        configFile: owner?.configPath,
        rootNames: owner?.fileNames ?? [],
        options: owner?.options ?? inferred?.options ?? {},
        project,
        inferredFile: undefined,
        program: undefined,
        linted: new Map(),
      };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.sessions.set(key, failure);
      throw failure;
    }
    this.sessions.set(key, state);
    return state;
  }

  /** Makes `text` the file's text in the session, replacing it (and dropping the facade) only when it differs. */
  private useText(state: ProjectSession, file: string, text: string): void {
    if (state.linted.get(file) === text) return;
    const served = state.session.textOf(file);
    let current: boolean;
    if (served !== undefined) {
      current = served === text;
    } else {
      // The session reads files from disk: it has this text when the disk has it and has not changed since the
      // session started (a file saved later may have been read before the save).
      const disk = diskState(file);
      current = disk !== undefined && disk.text === text && disk.modifiedAt < state.startedAt;
    }
    if (!current) {
      state.session.updateTexts(new Map([[file, text]]));
      state.program = undefined;
    }
    // The facade holds this map: it parses the file from exactly the linted text.
    state.linted.set(file, text);
  }
}

let shared: NativePrograms | undefined;

/**
 * The process's {@link NativePrograms}, created on first use. Its sessions are closed when the process is about to
 * exit (`beforeExit`: ESLint's command line ends that way). Closing them in `exit` instead makes the Go process print
 * "context canceled", since TypeScript 7's own `exit` handler has killed it by then; on `process.exit()`, which skips
 * `beforeExit`, that handler ends them silently.
 */
export function nativePrograms(): NativePrograms {
  if (shared === undefined) {
    const programs = new NativePrograms();
    process.once('beforeExit', () => {
      programs.closeAll();
    });
    shared = programs;
  }
  return shared;
}

/**
 * Makes `programs` the process's {@link NativePrograms} (undefined: a new one on next use) and returns the one it
 * replaces, which the caller closes. For tests: a session that cannot start, a session per test file.
 */
export function replaceNativePrograms(programs: NativePrograms | undefined): NativePrograms | undefined {
  const previous = shared;
  shared = programs;
  return previous;
}
