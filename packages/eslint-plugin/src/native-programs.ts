import {
  isNativeBinaryMissingError,
  NativeRun,
  ProjectLoader,
  type NativeBatchProgram,
} from '@awaitwise/analyzer';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type ts from './typescript.cjs';

/** A program and the linted file's syntax tree in it, for the analyzer's rule runner. */
export interface LintTarget {
  readonly program: ts.Program;
  readonly sourceFile: ts.SourceFile;
}

/** Starts the TypeScript 7 run of one project: the analyzer's {@link NativeRun} (its own Go process). */
export type StartRun = (cwd: string) => NativeRun;

/** The TypeScript 7 run of one tsconfig (or of the files no tsconfig owns, with one set of options). */
interface ProjectRun {
  /** Its key in {@link NativePrograms}: ESLint's working directory and the tsconfig (or inferred options). */
  readonly key: string;
  readonly run: NativeRun;
  /** Milliseconds since the epoch just before the run started: files on disk not modified since, it has read. */
  readonly startedAt: number;
  /** The tsconfig, or undefined for files no tsconfig owns (each checked in an inferred project of its own). */
  readonly configFile: string | undefined;
  readonly rootNames: readonly string[];
  readonly options: ts.CompilerOptions;
  /** The open project and its program facade; dropped when a text changes (see `dropProgram`). */
  opened: NativeBatchProgram | undefined;
  /** For files no tsconfig owns: the file `opened` was opened for. */
  openedFor: string | undefined;
  /** Whether TypeScript 7 could not open the tsconfig (its files are then checked in an inferred project). */
  tsconfigFailed: boolean;
  /** Texts TypeScript 7 was given instead of the disk's (absolute path → text): unsaved or changed since read. */
  readonly overrides: Map<string, string>;
  /** The text each file was last linted with, known to be TypeScript 7's text of it. */
  readonly current: Map<string, string>;
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
 * The plugin's own TypeScript 7 runs, for projects typescript-eslint cannot give types for: one
 * {@link NativeRun} (one Go process) per tsconfig and ESLint working directory, started when a file of it is first
 * linted, reused for every file and every rule after, and closed when the process exits. A run is what
 * `awaitwise check --engine native` checks a project with, so the plugin reads tsconfigs as the CLI does (settings
 * TypeScript 7 removed read as their nearest replacement; a tsconfig it cannot open checked as an inferred project).
 *
 * A file's tsconfig is found from its folder as the CLI finds it (the nearest tsconfig above the file that owns it,
 * directly or through references). Files that no tsconfig owns share one run per set of options (the nearest
 * tsconfig's with JavaScript allowed, else the CLI's defaults), each checked in an inferred project of its own.
 *
 * The linted text is what TypeScript 7 checks: when it differs from TypeScript 7's text of the file (an editor's
 * unsaved text, a pass of `eslint --fix`, a file saved since the run read it), it replaces it and the project's
 * program facade is rebuilt. When it is unchanged, the same facade, and the same syntax tree of the file, serve every
 * rule, with no request to TypeScript 7.
 */
export class NativePrograms {
  private readonly loader = new ProjectLoader();
  private readonly runs = new Map<string, ProjectRun | Error>();
  private readonly startRun: StartRun;

  constructor(startRun: StartRun = (cwd) => new NativeRun(cwd)) {
    this.startRun = startRun;
  }

  /**
   * The program facade and syntax tree for a linted file with text `text`; `cwd` is ESLint's working directory.
   *
   * @throws when TypeScript 7 cannot start (its executable missing for this platform: not retried in this process
   * for that project) or fails on the project, or when the file is not in its project.
   */
  programFor(fileName: string, text: string, cwd: string): LintTarget {
    const file = resolve(cwd, fileName);
    const state = this.runFor(file, cwd);
    if (!this.isCurrent(state, file, text)) {
      state.overrides.set(file, text);
      this.dropProgram(state);
    }
    state.current.set(file, text);
    if (state.configFile === undefined && state.openedFor !== file) this.dropProgram(state);
    if (state.opened === undefined) {
      try {
        state.opened = state.run.open({
          // A tsconfig TypeScript 7 could not open is not tried again on each edit: its files go straight to the
          // inferred project the CLI checks them in (with the options TypeScript 6 read from it).
          configFile: state.tsconfigFailed ? undefined : state.configFile,
          rootNames: state.configFile === undefined ? [file] : state.rootNames,
          options: state.options,
          texts: state.overrides,
        });
      } catch (error) {
        // Without its executable TypeScript 7 will not start on the next file either: say so on every file, once
        // tried. Other failures may pass (a project that opens once a file is fixed): the next file tries again.
        if (isNativeBinaryMissingError(error)) this.runs.set(state.key, error);
        throw error;
      }
      state.openedFor = file;
      if (state.opened.problem !== undefined) state.tsconfigFailed = true;
    }
    const program = state.opened.program;
    const sourceFile = program.getSourceFile(file);
    if (sourceFile === undefined) {
      throw new Error(
        `${file} is not in TypeScript 7's program of ${state.configFile ?? 'its inferred project'}: add it to that ` +
          "tsconfig's `include` or `files`.",
      );
    }
    return { program, sourceFile };
  }

  /** Ends every run (its Go process). Called before the process exits; later calls start new runs. */
  closeAll(): void {
    for (const state of this.runs.values()) if (!(state instanceof Error)) state.run.close();
    this.runs.clear();
  }

  /** The runs started and not closed (one Go process each). */
  openRuns(): number {
    let count = 0;
    for (const state of this.runs.values()) if (!(state instanceof Error)) count++;
    return count;
  }

  /** Requests sent to TypeScript 7 by every open run. */
  requests(): number {
    let count = 0;
    for (const state of this.runs.values()) if (!(state instanceof Error)) count += state.run.requests();
    return count;
  }

  private runFor(file: string, cwd: string): ProjectRun {
    const owner = this.loader.ownerOf(file, undefined);
    const inferred = owner === undefined ? this.loader.inferredOptionsFor(file) : undefined;
    const key = `${cwd}\0${owner?.configPath ?? inferred?.key ?? ''}`;
    const known = this.runs.get(key);
    if (known instanceof Error) throw known;
    if (known !== undefined) return known;
    const state: ProjectRun = {
      key,
      run: this.startRun(cwd),
      startedAt: Date.now(),
      configFile: owner?.configPath,
      rootNames: owner?.fileNames ?? [],
      options: owner?.options ?? inferred?.options ?? {},
      opened: undefined,
      openedFor: undefined,
      tsconfigFailed: false,
      overrides: new Map(),
      current: new Map(),
    };
    this.runs.set(key, state);
    return state;
  }

  /**
   * Whether TypeScript 7's text of `file` is `text`: the text it was given, else the disk's when the file has not
   * changed since the run started (one saved later may have been read before the save).
   */
  private isCurrent(state: ProjectRun, file: string, text: string): boolean {
    if (state.current.get(file) === text) return true;
    const given = state.overrides.get(file);
    if (given !== undefined) return given === text;
    const disk = diskState(file);
    return disk !== undefined && disk.text === text && disk.modifiedAt < state.startedAt;
  }

  /**
   * Drops the program facade, which answers only from the snapshot it was made on. The project of a tsconfig stays
   * open in TypeScript 7 (opening it again only counts another reference), so that TypeScript 7 updates its program
   * for the changed text instead of loading the project again; an inferred project (one per file, or the fallback of
   * a tsconfig TypeScript 7 could not open) is closed. It is closed before the next one opens: closing a project
   * makes a new snapshot, which would leave the next facade answering from a disposed one.
   */
  private dropProgram(state: ProjectRun): void {
    if (state.configFile === undefined || state.tsconfigFailed) state.opened?.close();
    state.opened = undefined;
    state.openedFor = undefined;
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
