/**
 * A session with TypeScript 7's native compiler: one Go child process (`typescript-native/unstable/sync`), the texts
 * it reads instead of the disk, and the projects opened in it.
 *
 * @module
 */
import { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { API, type Project, type Snapshot } from 'typescript-native/unstable/sync';
import ts from '../../typescript.cjs';
import { NativeBinaryMissingError, NativeEngineError } from './errors.js';

/** Options of {@link openNativeSession}. */
export interface NativeSessionOptions {
  /** The directory relative paths are resolved from (absolute). */
  readonly cwd: string;
  /** Texts that replace the disk (absolute path → text): the files to check, an editor's unsaved text. */
  readonly texts?: ReadonlyMap<string, string>;
  /**
   * The TypeScript 7 executable.
   * @default the one of `@typescript/typescript-<platform>-<arch>`, found by {@link nativeExecutablePath}
   */
  readonly executablePath?: string;
}

/** What a project is opened from: a tsconfig, or the root files and options of a program no tsconfig describes. */
export interface NativeProjectInput {
  /** Absolute path of the tsconfig, or undefined for an inferred project of `rootNames` with `options`. */
  readonly configFile: string | undefined;
  /** The root files (absolute); used when `configFile` is undefined. */
  readonly rootNames: readonly string[];
  /** TypeScript 6 compiler options; used when `configFile` is undefined. */
  readonly options: ts.CompilerOptions;
}

/** A project open in a {@link NativeSession}. */
export interface NativeProject {
  /** The session it is open in. */
  readonly session: NativeSession;
  /** The tsconfig TypeScript 7 reads: the user's, or a virtual one the session serves for an inferred project. */
  readonly configFileName: string;
  /** The TypeScript 7 project in the session's latest snapshot (it changes after {@link NativeSession.updateTexts}). */
  current(): Project;
  /** Releases the project in the Go process. Using it afterwards throws. */
  close(): void;
}

/** A long-lived TypeScript 7 process with the texts it reads. Spawned once by {@link openNativeSession}. */
export interface NativeSession {
  /** The directory relative paths are resolved from. */
  readonly cwd: string;
  /** Where TypeScript 7's default libraries are (`lib.es5.d.ts`…): the directory of its executable. */
  readonly libraryDirectory: string;
  /** The project of a tsconfig (absolute), or an inferred project for `rootNames` with `options` when none. */
  openProject(input: NativeProjectInput): NativeProject;
  /**
   * Replaces texts (an editor's unsaved text) and refreshes the snapshot; `removed` files stop being served (the disk
   * answers for them again). Program facades made before must be rebuilt.
   */
  updateTexts(texts: ReadonlyMap<string, string>, removed?: readonly string[]): void;
  /** The text the session serves for a file instead of the disk, if any. */
  textOf(path: string): string | undefined;
  /** Requests sent to the Go process so far (every call over the pipe is one round trip). */
  roundTrips(): number;
  /** The requests sent so far, by TypeScript 7 API method (`getSymbolsAtLocations`, `getPropertyOfType`…). */
  roundTripsByMethod(): ReadonlyMap<string, number>;
  /** Milliseconds spent in requests so far (sending, the Go process's work, receiving), by API method. */
  requestTimeByMethod(): ReadonlyMap<string, number>;
  /** Ends the Go process. */
  close(): void;
}

/** The npm package that brings TypeScript 7's executable for a platform, e.g. `@typescript/typescript-linux-x64`. */
export function nativePlatformPackage(
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  return `@typescript/typescript-${platform}-${arch}`;
}

/**
 * The path of TypeScript 7's executable for a platform, resolved from `typescript-native`'s own location (npm
 * installs the platform package as its optional dependency).
 *
 * @throws {NativeBinaryMissingError} when the platform package or its executable is not installed.
 */
export function nativeExecutablePath(
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  const platformPackage = nativePlatformPackage(platform, arch);
  const require = createRequire(import.meta.url);
  try {
    const fromTypeScript = createRequire(require.resolve('typescript-native/package.json'));
    const manifest = fromTypeScript.resolve(`${platformPackage}/package.json`);
    const executable = join(dirname(manifest), 'lib', platform === 'win32' ? 'tsc.exe' : 'tsc');
    // Resolving the file (not only the package) catches a package installed without its executable.
    return fromTypeScript.resolve(executable);
  } catch (error) {
    throw new NativeBinaryMissingError(platformPackage, error);
  }
}

interface ClientInternals {
  apiRequest(method: string, params?: unknown): unknown;
  apiRequestBinary(method: string, params?: unknown): unknown;
}

function isClientInternals(value: unknown): value is ClientInternals {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof ClientInternals, unknown>>;
  return typeof candidate.apiRequest === 'function' && typeof candidate.apiRequestBinary === 'function';
}

/**
 * Ends the TypeScript 7 process before its API closes the pipe. `API.close()` closes the pipe, then sends SIGTERM;
 * a process that sees the pipe close first prints "context canceled" on the stderr it shares with ours (seen about
 * once in ten closes): noise in every CLI run and ESLint process. Killed outright it prints nothing, and it holds
 * nothing to save. The child is private to the API's channel; when a later typescript-native moves it, the API's own
 * close still ends the process.
 */
function endQuietly(api: API): void {
  const client: unknown = (api as unknown as { client: unknown }).client;
  const channel: unknown =
    typeof client === 'object' && client !== null ? (client as { channel?: unknown }).channel : undefined;
  const child: unknown =
    typeof channel === 'object' && channel !== null ? (channel as { child?: unknown }).child : undefined;
  if (child instanceof ChildProcess && child.exitCode === null) child.kill('SIGKILL');
}

/**
 * Counts the requests of an API instance by wrapping its client's two request methods. The client is private in
 * TypeScript 7.0.2's typings (pinned exactly), so the shape is checked at run time and a change fails loudly.
 */
function countRequests(api: API, onRequest: (method: string, milliseconds: number) => void): void {
  const client: unknown = (api as unknown as { client: unknown }).client;
  if (!isClientInternals(client)) {
    throw new NativeEngineError(
      'typescript-native changed: its API client has no apiRequest/apiRequestBinary',
    );
  }
  const apiRequest = client.apiRequest.bind(client);
  const apiRequestBinary = client.apiRequestBinary.bind(client);
  client.apiRequest = (method, params) => {
    const start = performance.now();
    try {
      return apiRequest(method, params);
    } finally {
      onRequest(method, performance.now() - start);
    }
  };
  client.apiRequestBinary = (method, params) => {
    const start = performance.now();
    try {
      return apiRequestBinary(method, params);
    } finally {
      onRequest(method, performance.now() - start);
    }
  };
}

interface ConvertToTsConfig {
  convertToTSConfig(
    configParseResult: ts.ParsedCommandLine,
    configFileName: string,
    host: { useCaseSensitiveFileNames: boolean; getCurrentDirectory(): string },
  ): { compilerOptions?: Record<string, unknown> };
}

/**
 * TypeScript 6 compiler options as the `compilerOptions` of a tsconfig at `configFileName` (enum numbers become their
 * names, paths relative to the config). Uses TypeScript 6's own `convertToTSConfig` (present at run time, not in its
 * typings) so that every option is spelled as `tsc` reads it.
 */
export function compilerOptionsToJson(
  options: ts.CompilerOptions,
  configFileName: string,
): Record<string, unknown> {
  const converter = ts as unknown as Partial<ConvertToTsConfig>;
  if (typeof converter.convertToTSConfig !== 'function') {
    throw new NativeEngineError('typescript 6 has no convertToTSConfig: cannot describe an inferred project');
  }
  const directory = dirname(configFileName);
  const parsed: ts.ParsedCommandLine = { options, fileNames: [], errors: [] };
  const json = converter.convertToTSConfig(parsed, configFileName, {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    getCurrentDirectory: () => directory,
  });
  const compilerOptions = Object.fromEntries(
    Object.entries(json.compilerOptions ?? {}).filter((entry) => entry[1] !== undefined),
  );
  // Internal bookkeeping options of a parsed tsconfig, not options of one.
  delete compilerOptions['configFilePath'];
  delete compilerOptions['pathsBasePath'];
  return compilerOptions;
}

/** Where an inferred project's virtual tsconfig lives: beside the config its options came from, else in `cwd`. */
function inferredConfigPath(options: ts.CompilerOptions, cwd: string, serial: number): string {
  // `paths` are relative to the config that declared them (TypeScript 6 keeps that directory in `pathsBasePath`).
  const base =
    typeof options['pathsBasePath'] === 'string'
      ? options['pathsBasePath']
      : typeof options.configFilePath === 'string'
        ? dirname(options.configFilePath)
        : cwd;
  return join(base, `tsconfig.awaitwise-inferred-${serial}.json`);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * Spawns TypeScript 7's native compiler once. Its file system is the disk, with `texts` served instead of the files
 * they name; inferred projects are served as virtual tsconfigs.
 *
 * @throws {NativeBinaryMissingError} when the executable for this platform is not installed.
 */
export function openNativeSession(options: NativeSessionOptions): NativeSession {
  const cwd = resolve(options.cwd);
  const texts = new Map<string, string>();
  for (const [path, text] of options.texts ?? []) texts.set(toPosix(resolve(path)), text);
  const virtualConfigs = new Map<string, string>();
  const executable = options.executablePath ?? nativeExecutablePath();
  let requests = 0;
  const requestsByMethod = new Map<string, number>();
  const timeByMethod = new Map<string, number>();
  let closed = false;
  const api = new API({
    cwd,
    tsserverPath: executable,
    fs: {
      readFile: (path) => virtualConfigs.get(path) ?? texts.get(path),
      fileExists: (path) => (virtualConfigs.has(path) || texts.has(path) ? true : undefined),
    },
  });
  countRequests(api, (method, milliseconds) => {
    requests++;
    requestsByMethod.set(method, (requestsByMethod.get(method) ?? 0) + 1);
    timeByMethod.set(method, (timeByMethod.get(method) ?? 0) + milliseconds);
  });
  let snapshot: Snapshot | undefined;
  const open = new Set<string>();
  let serial = 0;

  const refresh = (update: () => Snapshot): Snapshot => {
    if (closed) throw new NativeEngineError('the TypeScript 7 session is closed');
    const previous = snapshot;
    snapshot = update();
    previous?.dispose();
    return snapshot;
  };

  const session: NativeSession = {
    cwd,
    libraryDirectory: toPosix(dirname(executable)),
    openProject(input) {
      let configFileName: string;
      if (input.configFile !== undefined) {
        configFileName = toPosix(resolve(cwd, input.configFile));
      } else {
        configFileName = toPosix(inferredConfigPath(input.options, cwd, ++serial));
        const compilerOptions = compilerOptionsToJson(input.options, configFileName);
        const files = input.rootNames.map((name) => {
          const path = relative(dirname(configFileName), resolve(cwd, name));
          return toPosix(path.startsWith('.') ? path : `./${path}`);
        });
        virtualConfigs.set(configFileName, JSON.stringify({ compilerOptions, files }));
      }
      const current = refresh(() => api.updateSnapshot({ openProjects: [configFileName] }));
      if (current.getProject(configFileName) === undefined) {
        throw new NativeEngineError(`TypeScript 7 did not open the project ${configFileName}`);
      }
      open.add(configFileName);
      let projectClosed = false;
      return {
        session,
        configFileName,
        current() {
          if (projectClosed || snapshot === undefined) {
            throw new NativeEngineError(`the project ${configFileName} is closed`);
          }
          const project = snapshot.getProject(configFileName);
          if (project === undefined) throw new NativeEngineError(`the project ${configFileName} is gone`);
          return project;
        },
        close() {
          if (projectClosed || closed) return;
          projectClosed = true;
          open.delete(configFileName);
          refresh(() => api.updateSnapshot({ closeProjects: [configFileName] }));
          virtualConfigs.delete(configFileName);
        },
      };
    },
    updateTexts(changed, removed = []) {
      const changedPaths: string[] = [];
      const createdPaths: string[] = [];
      const deletedPaths: string[] = [];
      for (const path of removed) {
        const key = toPosix(resolve(cwd, path));
        if (texts.delete(key) && !changed.has(path)) deletedPaths.push(key);
      }
      for (const [path, text] of changed) {
        const key = toPosix(resolve(cwd, path));
        const before = texts.get(key);
        if (before === text) continue;
        texts.set(key, text);
        // A file TypeScript 7 may have read from the disk has changed; one that exists nowhere else is created.
        (before === undefined && !existsSync(key) ? createdPaths : changedPaths).push(key);
      }
      if (changedPaths.length + createdPaths.length + deletedPaths.length === 0) return;
      refresh(() =>
        api.updateSnapshot({
          fileChanges: { changed: changedPaths, created: createdPaths, deleted: deletedPaths },
        }),
      );
    },
    textOf(path) {
      return texts.get(toPosix(resolve(cwd, path)));
    },
    roundTrips: () => requests,
    roundTripsByMethod: () => new Map(requestsByMethod),
    requestTimeByMethod: () => new Map(timeByMethod),
    close() {
      if (closed) return;
      closed = true;
      snapshot?.dispose();
      endQuietly(api);
      api.close();
    },
  };
  return session;
}
