// Types of restore-plan.js, for the tests that import it.

/** The lists restore.js knows: the word on the command line and its file beside restore.js. */
export declare const entryLists: Readonly<Record<'repos' | 'apps', string>>;

/** The command line, for error messages. */
export declare const usage: string;

/** One install step: a shell command (in a folder of the entry's), or a literal text replacement in a file. */
export type InstallStep =
  | { readonly run: string; readonly in?: string }
  | { readonly edit: string; readonly replace: string; readonly with: string };

/** An entry of repos.json or apps.json. */
export interface Entry {
  readonly name: string;
  readonly folder?: string;
  readonly repository?: string;
  readonly commit?: string;
  readonly npm?: string;
  readonly version?: string;
  readonly packageJson?: Record<string, unknown>;
  readonly install: readonly InstallStep[];
  readonly check?: readonly string[];
}

/** restore.js's options. */
export interface RestoreOptions {
  readonly list: 'repos' | 'apps';
  readonly into: string;
  readonly mirrors: readonly string[];
  readonly gitDirs: Readonly<Record<string, string>>;
  readonly only: readonly string[];
  readonly jobs: number;
  readonly force: boolean;
  readonly install: boolean;
  readonly dryRun: boolean;
}

/** Where an entry's files come from. */
export type PlannedSource =
  | {
      readonly kind: 'git';
      readonly repository: string;
      readonly commit: string;
      readonly gitDir: string | undefined;
    }
  | { readonly kind: 'npm'; readonly spec: string }
  | { readonly kind: 'package-json'; readonly packageJson: Record<string, unknown> };

/** A step with absolute paths. */
export type PlannedStep =
  | { readonly kind: 'run'; readonly command: string; readonly cwd: string }
  | { readonly kind: 'edit'; readonly file: string; readonly replace: string; readonly with: string };

/** What restore.js does for one entry. */
export interface PlanItem {
  readonly name: string;
  readonly folder: string;
  readonly source: PlannedSource;
  readonly steps: readonly PlannedStep[];
  readonly checks: readonly string[];
  /** Extract (false: the state says this source is already there). */
  readonly extract: boolean;
  /** Run the steps (false: none, `--no-install`, or the state says they ran after this extraction). */
  readonly install: boolean;
}

/** What an earlier run did, by entry name (`<folder>/.restore.json`). */
export type RestoreState = Readonly<Record<string, { readonly source?: string; readonly install?: string }>>;

/** Parses restore.js's arguments; throws a TypeError that says what is wrong. */
export declare function parseRestoreArguments(argv: readonly string[], cwd?: string): RestoreOptions;

/** What is wrong with the entries of a list (an empty list when nothing is). */
export declare function entryProblems(entries: unknown): string[];

/** Where a git directory of `owner/name` may be in one mirrors folder, in the order they are tried. */
export declare function gitDirCandidates(mirrors: string, repository: string): string[];

/** A stable text for what makes an entry's folder. */
export declare function sourceKey(entry: Entry): string;

/** A stable text for an entry's install steps. */
export declare function installKey(entry: Entry): string;

/** The plan for the entries picked, and the problems that stop the run before anything is written. */
export declare function planRestore(
  entries: readonly Entry[],
  options: Pick<RestoreOptions, 'into' | 'mirrors' | 'gitDirs' | 'only' | 'force' | 'install'>,
  isGitDir: (path: string) => boolean,
  state?: RestoreState,
): { items: PlanItem[]; problems: string[] };

/** The plan as lines of text. */
export declare function describePlan(items: readonly PlanItem[]): string[];

/** Replaces every occurrence of the step's text; throws when there is none. */
export declare function applyEdit(
  text: string,
  step: { file: string; replace: string; with: string },
): string;
