/**
 * Express detection for `express-async-route`: which major version a file runs against, and whether a program
 * installs `express-async-errors`.
 *
 * @packageDocumentation
 */
import ts from '../../typescript.cjs';
import { findDescendant } from '../syntax/walk.js';
import type { FileReader } from '../../rule.js';

/**
 * The Express major version that code in `directory` runs against: the dependency range of the nearest
 * `package.json` that declares `express`, else the version of the nearest installed `node_modules/express`.
 * Undefined when neither is found or the range says nothing about the major (`*`, `latest`).
 *
 * @example
 * ```ts
 * expressMajor('/app/src', context.files) // 4 for "express": "^4.21.0"
 * ```
 */
export function expressMajor(directory: string, files: FileReader): number | undefined {
  const declared = declaredRange(directory, files, 'express');
  if (declared !== undefined) {
    const major = majorOfRange(declared);
    if (major !== undefined) return major;
  }
  const installed = walkUp(directory, (dir) => {
    const text = files.readFile(joinPath(dir, 'node_modules/express/package.json'));
    if (text === undefined) return undefined;
    const version = versionOf(text);
    return version === undefined ? undefined : { range: version };
  });
  return installed === undefined ? undefined : majorOfRange(installed.range);
}

/**
 * The range of the nearest `package.json` (from `directory` up) that declares the package `name` in its dependencies,
 * dev, peer or optional dependencies; undefined when none does.
 *
 * @example
 * ```ts
 * declaredRange('/app/source', context.files, 'electron') // '^29.0.1'
 * ```
 */
export function declaredRange(directory: string, files: FileReader, name: string): string | undefined {
  return walkUp(directory, (dir) => {
    const text = files.readFile(joinPath(dir, 'package.json'));
    return text === undefined ? undefined : dependencyRange(text, name);
  });
}

/**
 * The major version a semver range pins: `^4.18.2` → 4, `~5.0.0` → 5, `4.x` → 4, `>=4 <5` → 4, `5.0.0-beta.1` → 5.
 * Undefined for ranges that allow several majors (`*`, `latest`, `>=4`, `4 || 5`).
 *
 * @example
 * ```ts
 * majorOfRange('^4.21.0') // 4
 * ```
 */
export function majorOfRange(range: string): number | undefined {
  let text = range.trim();
  const alias = /^npm:express@(.*)$/.exec(text);
  if (alias?.[1] !== undefined) text = alias[1];
  text = text.replace(/^workspace:/, '');
  if (text.includes('||')) return undefined;
  const bounded = /^>=?\s*v?(\d+)[^<]*<\s*v?(\d+)(?:\.0)*(?:\.0)?\s*$/.exec(text);
  if (bounded?.[1] !== undefined && bounded[2] !== undefined) {
    const low = Number(bounded[1]);
    return Number(bounded[2]) === low + 1 ? low : undefined;
  }
  const pinned = /^(?:[\^~=v]|~>)?\s*v?(\d+)(?:[.\s\-+xX*]|$)/.exec(text);
  return pinned?.[1] === undefined ? undefined : Number(pinned[1]);
}

function dependencyRange(packageJson: string, name: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(packageJson);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
    const deps = (parsed as Record<string, unknown>)[field];
    if (typeof deps !== 'object' || deps === null) continue;
    const range = (deps as Record<string, unknown>)[name];
    if (typeof range === 'string') return range;
  }
  return undefined;
}

function versionOf(packageJson: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(packageJson);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const version = (parsed as Record<string, unknown>)['version'];
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

function walkUp<T>(directory: string, probe: (dir: string) => T | undefined): T | undefined {
  let dir = directory;
  for (;;) {
    const found = probe(dir);
    if (found !== undefined) return found;
    const parent = parentDirectory(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function parentDirectory(dir: string): string {
  const trimmed = dir.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return dir;
  return cut === 0 ? '/' : trimmed.slice(0, cut);
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

const expressByProgram = new WeakMap<ts.Program, boolean>();

/**
 * Whether any file of the program mentions the `express` module (an import, a require, a type import). Rules skip
 * programs without Express at once. Computed once per program.
 *
 * @example
 * ```ts
 * if (!programUsesExpress(context.program)) return {};
 * ```
 */
export function programUsesExpress(program: ts.Program): boolean {
  const cached = expressByProgram.get(program);
  if (cached !== undefined) return cached;
  const uses = program
    .getSourceFiles()
    .some(
      (file) =>
        !file.isDeclarationFile &&
        !program.isSourceFileFromExternalLibrary(file) &&
        /['"]express(?:\/[\w-]+)?['"]/.test(file.text),
    );
  expressByProgram.set(program, uses);
  return uses;
}

const asyncErrorsByProgram = new WeakMap<ts.Program, boolean>();

/**
 * Whether any file of the program imports or requires `express-async-errors`, which patches Express 4 to forward
 * rejections to `next`. Computed once per program.
 *
 * @example
 * ```ts
 * if (importsExpressAsyncErrors(context.program)) return {};
 * ```
 */
export function importsExpressAsyncErrors(program: ts.Program): boolean {
  const cached = asyncErrorsByProgram.get(program);
  if (cached !== undefined) return cached;
  const found = program
    .getSourceFiles()
    .some(
      (file) =>
        !file.isDeclarationFile &&
        !program.isSourceFileFromExternalLibrary(file) &&
        file.text.includes('express-async-errors') &&
        findDescendant(file, isAsyncErrorsImport) !== undefined,
    );
  asyncErrorsByProgram.set(program, found);
  return found;
}

function isAsyncErrorsImport(node: ts.Node): boolean {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
    return (
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text === 'express-async-errors'
    );
  }
  if (!ts.isCallExpression(node)) return false;
  const isLoader =
    (ts.isIdentifier(node.expression) && node.expression.text === 'require') ||
    node.expression.kind === ts.SyntaxKind.ImportKeyword;
  const argument = node.arguments[0];
  return (
    isLoader &&
    argument !== undefined &&
    ts.isStringLiteral(argument) &&
    argument.text === 'express-async-errors'
  );
}
