// The `.gitignore` files of a repository, as git reads them: each applies to its own folder and below, patterns
// relative to that folder, a deeper file's `!pattern` re-including what a shallower one ignored. Matching is done by
// the `ignore` package (the implementation ESLint and Prettier use for their ignore files).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** One `.gitignore`: the folder it applies to and its patterns. */
interface IgnoreFile {
  readonly dir: string;
  readonly path: string;
  readonly matcher: Ignore;
}

/** Answers "is this file ignored by git?" for the files below one folder. */
export interface GitignoreMatcher {
  /** The `.gitignore` (relative path for the user) and its pattern that ignores `file`, or undefined. */
  match(file: string): string | undefined;
}

/** The top of the git work tree holding `dir` (a folder with `.git`), or undefined outside a repository. */
function workTreeRoot(dir: string): string | undefined {
  for (let current = resolve(dir); ;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function readIgnoreFile(path: string): IgnoreFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return { dir: dirname(path), path, matcher: ignore().add(text) };
}

/**
 * Builds the matcher for the files below `root`: the `.gitignore` files found below it (`found`, absolute paths),
 * and those of its parent folders up to the top of the git work tree (none outside a repository: a folder without
 * `.git` above it only reads its own).
 *
 * @param reportFrom Folder the `.gitignore` paths in answers are relative to.
 */
export function gitignoreMatcher(
  root: string,
  found: readonly string[],
  reportFrom: string,
): GitignoreMatcher {
  const files = new Map<string, IgnoreFile>();
  const add = (path: string): void => {
    const file = readIgnoreFile(path);
    if (file !== undefined) files.set(file.dir, file);
  };
  const top = workTreeRoot(root);
  if (top !== undefined) {
    for (
      let dir = dirname(resolve(root));
      dir.length >= top.length && dir !== dirname(dir);
      dir = dirname(dir)
    ) {
      const path = join(dir, '.gitignore');
      if (existsSync(path)) add(path);
      if (dir === top) break;
    }
  }
  // A folder the user named although git ignores it (`awaitwise check node_modules/lib`) is the user's choice: the
  // `.gitignore` files above it do not apply, the ones inside it still do.
  // (A child path is tested: a pattern for folders only, `dist/`, matches the folder's contents, not a bare name.)
  if (files.size > 0 && matchIn(files, join(resolve(root), 'file'), top) !== undefined) files.clear();
  for (const path of found) add(path);
  return {
    match(file) {
      const verdict = matchIn(files, file, top);
      if (verdict === undefined) return undefined;
      return `${relative(reportFrom, verdict.file.path).split(sep).join('/')}: ${verdict.pattern}`;
    },
  };
}

/**
 * The `.gitignore` (of `files`, by folder) and pattern that ignore `path`, or undefined. From the path's folder up:
 * the deepest `.gitignore` that has a say (ignores or re-includes) decides. A folder ignored by a shallower file stays
 * ignored (git does not look inside it), which `test()` checks through the parent folders of the relative path.
 */
function matchIn(
  files: ReadonlyMap<string, IgnoreFile>,
  path: string,
  top: string | undefined,
): { file: IgnoreFile; pattern: string } | undefined {
  const chain: IgnoreFile[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const ignoreFile = files.get(dir);
    if (ignoreFile !== undefined) chain.push(ignoreFile);
    if (dir === dirname(dir) || (top !== undefined && dir === top)) break;
  }
  let verdict: { file: IgnoreFile; pattern: string } | undefined;
  for (const ignoreFile of chain.reverse()) {
    const rel = relative(ignoreFile.dir, path).split(sep).join('/');
    const result = ignoreFile.matcher.test(rel);
    if (result.ignored) verdict = { file: ignoreFile, pattern: result.rule?.pattern ?? rel };
    else if (result.unignored) verdict = undefined;
  }
  return verdict;
}
