// The native engine inside a run: one TypeScript 7 session (one Go process) per run or per worker thread, opened on
// the first batch and closed when the run ends; each batch opens its project in it and gets a TypeScript 6-shaped
// program (engine/native/program.ts) whose checker answers from TypeScript 7. Config files reach TypeScript 7
// through engine/native/config-compat.ts, so that settings TypeScript 7 removed are read as their nearest replacement.
import { readFileSync } from 'node:fs';
import type ts from '../typescript.cjs';
import { adaptCompilerOptions, adaptConfigChain } from './native/config-compat.js';
import { isNativeBinaryMissingError } from './native/errors.js';
import { createNativeProgram } from './native/program.js';
import { openNativeSession, type NativeProject, type NativeSession } from './native/session.js';

/** A batch's program on the native engine, and how to release its project in the Go process. */
export interface NativeBatchProgram {
  readonly program: ts.Program;
  /** A problem met opening the project, checked anyway (TypeScript 7 could not open the tsconfig). */
  readonly problem: string | undefined;
  /** Releases the project in TypeScript 7 (the session stays open for the next batch). */
  close(): void;
}

/**
 * What a batch asks the native engine for: its tsconfig (or none), root files, TypeScript 6 options and texts. Texts
 * read from the disk are sent to TypeScript 7 only when a file is checked again in the same run (after `fix`).
 */
export interface NativeBatchInput {
  /** The tsconfig that owns the files, or undefined for files no tsconfig owns (inferred options). */
  readonly configFile: string | undefined;
  readonly rootNames: readonly string[];
  readonly options: ts.CompilerOptions;
  readonly texts: ReadonlyMap<string, string>;
  /**
   * True when `texts` were just read from the disk (the CLI's batches): a file's first check then leaves TypeScript 7
   * to read the disk itself. Otherwise (an editor's unsaved text through the ESLint plugin) every text is sent.
   */
  readonly textsFromDisk?: boolean;
}

/** A file's text from the disk, or undefined when it cannot be read (a config chain's reader). */
export function readDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The native engine of one run (or one worker thread): a TypeScript 7 session opened on first use and reused by
 * every batch, closed by {@link NativeRun.close}.
 */
export class NativeRun {
  private session: NativeSession | undefined;
  /** Files checked before in this run (their texts are sent when checked again). */
  private readonly checked = new Set<string>();
  /** Requests of the sessions closed before the current one. */
  private closedRequests = 0;

  constructor(private readonly cwd: string) {}

  /**
   * Opens a batch's project in TypeScript 7 and returns its TypeScript 6-shaped program. A tsconfig TypeScript 7
   * cannot open is not fatal: its files are checked in an inferred project with the options TypeScript 6 read from
   * it, and `problem` says so.
   *
   * @throws NativeBinaryMissingError when TypeScript 7's executable for this platform is not installed.
   */
  open(input: NativeBatchInput): NativeBatchProgram {
    // A file's first check reads the disk, as TypeScript 7 does itself: only texts it may have read before (a file
    // checked again after `fix` rewrote it) are sent, each sending being a snapshot update.
    const texts = new Map<string, string>();
    for (const [path, text] of input.texts) {
      if (input.textsFromDisk !== true || this.checked.has(path)) texts.set(path, text);
      this.checked.add(path);
    }
    if (input.configFile !== undefined) {
      for (const [path, text] of adaptConfigChain(input.configFile, readDisk).texts) texts.set(path, text);
    }
    const inferred = (): NativeProject =>
      this.sessionWith(texts).openProject({
        configFile: undefined,
        rootNames: input.rootNames,
        options: adaptCompilerOptions(input.options).options,
      });
    let project: NativeProject;
    let problem: string | undefined;
    if (input.configFile === undefined) {
      project = inferred();
    } else {
      try {
        project = this.sessionWith(texts).openProject({
          configFile: input.configFile,
          rootNames: input.rootNames,
          options: input.options,
        });
      } catch (error) {
        if (isNativeBinaryMissingError(error)) throw error;
        problem =
          `TypeScript 7 could not open this tsconfig (${error instanceof Error ? error.message : String(error)}); ` +
          'its files were checked with the options TypeScript 6 read from it';
        // TypeScript 7.0.2 keeps asking for a project it failed to open in every later snapshot update of the
        // session ("project not found for update"): start a new session for the rest of the run.
        this.close();
        project = inferred();
      }
    }
    const program = createNativeProgram(project, {
      rootNames: input.rootNames,
      options: input.options,
      texts: input.texts,
    });
    return {
      program,
      problem,
      close: () => {
        project.close();
      },
    };
  }

  /** The session (opened on first use) with `texts` served instead of the disk. */
  private sessionWith(texts: ReadonlyMap<string, string>): NativeSession {
    const session = (this.session ??= openNativeSession({ cwd: this.cwd }));
    session.updateTexts(texts);
    return session;
  }

  /** Requests sent to TypeScript 7 by this run so far, closed sessions included (0 before the first batch). */
  requests(): number {
    return this.closedRequests + (this.session?.roundTrips() ?? 0);
  }

  /** Ends the TypeScript 7 process. The next {@link NativeRun.open} starts a new one. */
  close(): void {
    if (this.session === undefined) return;
    this.closedRequests += this.session.roundTrips();
    this.session.close();
    this.session = undefined;
  }
}
