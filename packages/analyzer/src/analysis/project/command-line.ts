/**
 * Whether a file is a command-line program rather than code that serves others (a server, a library). Internal to
 * the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { findDescendant } from '../syntax/walk.js';

/**
 * A command-line program by where it lives or how it starts: a file in a `scripts`/`script`/`bin` folder (or one
 * level below it: `scripts/release/x.mjs`, not the project's own location) or with a `#!` line. It serves its one
 * user, and its inputs are the developer's own files. Database seeds count too (a file in a `seeds`/`seeders` folder
 * at any depth, or named `seed.ts`, `role-seed.service.ts`, `users.seeder.js`…): they run once, when a developer or a
 * deploy step seeds the database, never two at a time.
 *
 * @example
 * ```ts
 * if (isCommandLineScript(context.sourceFile)) return; // a release script may fan out over its own list
 * ```
 */
export function isCommandLineScript(sourceFile: ts.SourceFile): boolean {
  return (
    /[\\/](scripts?|bin)[\\/](?:[^\\/]+[\\/])?[^\\/]+$/.test(sourceFile.fileName) ||
    /[\\/](seeds|seeders)[\\/]/.test(sourceFile.fileName) ||
    /(^|[\\/.-])seed(er)?s?[.-][^\\/]*$/.test(sourceFile.fileName) ||
    hasShebang(sourceFile)
  );
}

/**
 * Whether the file starts with a `#!` line. ESLint hands parsers the text with that line turned into a comment
 * (`#!/usr/bin/env node` becomes `///usr/bin/env node`), so that spelling counts too: the ESLint plugin and the CLI
 * must agree.
 *
 * @example
 * ```ts
 * if (hasShebang(context.sourceFile)) return; // run as a command
 * ```
 */
export function hasShebang(sourceFile: ts.SourceFile): boolean {
  return sourceFile.text.startsWith('#!') || /^\/\/\/(?:usr\/)?(?:local\/)?bin\/\S/.test(sourceFile.text);
}

/**
 * Whether the file reads `process.argv`. Weaker evidence of a command-line program than
 * {@link isCommandLineScript}: servers read their flags too.
 *
 * @example
 * ```ts
 * const script = isCommandLineScript(sourceFile) || readsProcessArgv(sourceFile);
 * ```
 */
export function readsProcessArgv(sourceFile: ts.SourceFile): boolean {
  return (
    findDescendant(
      sourceFile,
      (node) =>
        ts.isPropertyAccessExpression(node) &&
        node.name.text === 'argv' &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'process',
    ) !== undefined
  );
}
