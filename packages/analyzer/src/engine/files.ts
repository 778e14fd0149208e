import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { glob } from 'tinyglobby';
import { isSourceFile } from './project.js';

/** Folders never searched when a directory is given (relative to that directory). */
export const defaultIgnores: readonly string[] = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/coverage/**',
  '**/.git/**',
  '**/*.min.js',
];

const sourcePattern = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** What {@link collectFiles} found. */
export interface CollectedFiles {
  /** Absolute paths of the source files to check, sorted. */
  readonly files: string[];
  /** Paths given that do not exist. */
  readonly missing: string[];
}

/** Inputs of {@link collectFiles}. */
export interface CollectFilesInput {
  readonly cwd: string;
  /** Files and folders, relative to `cwd`. */
  readonly paths: readonly string[];
  /** Folder the include/exclude globs are relative to. */
  readonly baseDir: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/**
 * Expands files and folders into the source files to check: folders are searched for TypeScript and JavaScript
 * files (skipping {@link defaultIgnores}); a file named explicitly is always taken. The config's include/exclude
 * globs, relative to its folder, then filter the list.
 */
export async function collectFiles(input: CollectFilesInput): Promise<CollectedFiles> {
  const found = new Set<string>();
  const missing: string[] = [];
  for (const path of input.paths) {
    const absolute = resolve(input.cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      missing.push(path);
      continue;
    }
    if (stats.isDirectory()) {
      // awaitwise-ignore-next-line sequential-await -- a handful of command-line paths; one glob walks the disk at a time
      const matches = await glob(sourcePattern, {
        cwd: absolute,
        absolute: true,
        ignore: [...defaultIgnores],
        dot: false,
        followSymbolicLinks: false,
      });
      for (const match of matches) if (isSourceFile(match)) found.add(resolve(match));
    } else if (stats.isFile()) {
      found.add(absolute);
    }
  }
  const included = input.include.length === 0 ? undefined : picomatch([...input.include], { dot: true });
  const excluded = input.exclude.length === 0 ? undefined : picomatch([...input.exclude], { dot: true });
  const files = [...found].filter((file) => {
    const rel = relative(input.baseDir, file).split(sep).join('/');
    if (included !== undefined && !included(rel)) return false;
    if (excluded?.(rel) === true) return false;
    return true;
  });
  files.sort();
  return { files, missing };
}
