import { dirname, join, resolve } from 'node:path';
import ts from '../typescript.cjs';

/** A tsconfig that was loaded, with the files it owns (its own and, for solution configs, its references'). */
export interface LoadedProject {
  /** Absolute path of the tsconfig. */
  readonly configPath: string;
  /** Its compiler options. */
  readonly options: ts.CompilerOptions;
  /** Its own root files (absolute, normalized with forward slashes). */
  readonly fileNames: readonly string[];
  /** Projects it references, loaded. */
  readonly references: readonly LoadedProject[];
}

/** A problem met while loading a tsconfig. */
export interface ProjectProblem {
  readonly file: string;
  readonly message: string;
}

/** Options of the program made for files that no tsconfig owns (a folder of plain JavaScript, say). */
export const inferredCompilerOptions: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  strict: true,
  skipLibCheck: true,
  resolveJsonModule: true,
  noEmit: true,
};

const sourceExtensions = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** True for the file names the analyzer checks (TypeScript and JavaScript sources, not declaration files). */
export function isSourceFile(path: string): boolean {
  if (/\.d\.[cm]?ts$/.test(path) || /\.d\.[^.]+\.ts$/.test(path)) return false;
  return sourceExtensions.some((ext) => path.endsWith(ext));
}

function diagnosticText(diagnostic: ts.Diagnostic): string {
  return ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
}

/**
 * Loads tsconfig files and answers which project owns a file. Solution-style configs (`files: []` with
 * `references`) and project references are followed; each config is parsed once.
 */
export class ProjectLoader {
  private readonly projects = new Map<string, LoadedProject | undefined>();
  private readonly nearest = new Map<string, string[]>();
  private readonly owners = new Map<string, Set<string>>();
  /** Problems met while loading configs (bad JSON, missing references). */
  readonly problems: ProjectProblem[] = [];

  /** Loads a tsconfig (and its references), or returns undefined when it cannot be read. */
  load(configPath: string): LoadedProject | undefined {
    const path = resolve(configPath);
    if (this.projects.has(path)) return this.projects.get(path);
    this.projects.set(path, undefined); // guards against reference cycles
    const errors: ts.Diagnostic[] = [];
    const host: ts.ParseConfigFileHost = {
      ...ts.sys,
      useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => errors.push(diagnostic),
    };
    let parsed: ts.ParsedCommandLine | undefined;
    try {
      parsed = ts.getParsedCommandLineOfConfigFile(path, {}, host);
    } catch (error) {
      this.problems.push({ file: path, message: `cannot load this tsconfig: ${(error as Error).message}` });
      return undefined;
    }
    if (parsed === undefined) {
      const message = errors.map(diagnosticText).join('; ') || 'cannot read it';
      this.problems.push({ file: path, message });
      return undefined;
    }
    // A config whose JSON is broken still parses partially; report it and go on with what was read.
    for (const error of parsed.errors) {
      if (error.category !== ts.DiagnosticCategory.Error) continue;
      // "No inputs were found" is normal for solution configs and for folders we are not checking.
      if (error.code === 18003) continue;
      this.problems.push({ file: path, message: diagnosticText(error) });
    }
    const references: LoadedProject[] = [];
    for (const reference of parsed.projectReferences ?? []) {
      const refPath = ts.resolveProjectReferencePath(reference);
      if (!ts.sys.fileExists(refPath)) {
        this.problems.push({ file: path, message: `the referenced project ${refPath} does not exist` });
        continue;
      }
      const loaded = this.load(refPath);
      if (loaded !== undefined) references.push(loaded);
    }
    const project: LoadedProject = {
      configPath: path,
      options: parsed.options,
      fileNames: parsed.fileNames.map((name) => resolve(name)),
      references,
    };
    this.projects.set(path, project);
    return project;
  }

  /** Every project reachable from `project` (itself first, then its references depth-first). */
  *walk(project: LoadedProject, seen = new Set<string>()): Generator<LoadedProject> {
    if (seen.has(project.configPath)) return;
    seen.add(project.configPath);
    yield project;
    for (const reference of project.references) yield* this.walk(reference, seen);
  }

  /** The tsconfig.json files in `dir` and every folder above it, nearest first. */
  ancestorConfigs(dir: string): string[] {
    const cached = this.nearest.get(dir);
    if (cached !== undefined) return cached;
    const own = join(dir, 'tsconfig.json');
    const parent = dirname(dir);
    const above = parent === dir ? [] : this.ancestorConfigs(parent);
    const result = ts.sys.fileExists(own) ? [own, ...above] : above;
    this.nearest.set(dir, result);
    return result;
  }

  /** True when `project` (not its references) lists `file` among its root files. */
  owns(project: LoadedProject, file: string): boolean {
    let set = this.owners.get(project.configPath);
    if (set === undefined) this.owners.set(project.configPath, (set = new Set(project.fileNames)));
    return set.has(file);
  }

  /**
   * The project that owns `file`: within `root` (from `--project`) when given, else the nearest tsconfig above the
   * file that owns it directly or through references. Undefined when none does.
   */
  ownerOf(file: string, root: LoadedProject | undefined): LoadedProject | undefined {
    const candidates = root === undefined ? this.ancestorConfigs(dirname(file)) : [root.configPath];
    for (const configPath of candidates) {
      const project = this.load(configPath);
      if (project === undefined) continue;
      for (const member of this.walk(project)) if (this.owns(member, file)) return member;
    }
    return undefined;
  }

  /** Options for files no project owns: the nearest tsconfig's options with JavaScript allowed, else the defaults. */
  inferredOptionsFor(file: string): {
    key: string;
    options: ts.CompilerOptions;
    /** The tsconfig the options come from, when one does. */
    configPath?: string;
  } {
    for (const configPath of this.ancestorConfigs(dirname(file))) {
      const project = this.load(configPath);
      // A solution config's own options say little; skip configs without files of their own.
      if (project === undefined || project.fileNames.length === 0) continue;
      return {
        key: `inferred:${project.configPath}`,
        configPath: project.configPath,
        options: { ...project.options, allowJs: true, noEmit: true, composite: false, incremental: false },
      };
    }
    return { key: 'inferred', options: inferredCompilerOptions };
  }
}
