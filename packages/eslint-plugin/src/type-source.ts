import { dirname, resolve } from 'node:path';
import { findProjectTypeScript, type ProjectTypeScript } from './project-typescript.js';
import type ts from './typescript.cjs';

/**
 * Where the type-aware rules of a linted file get their types from:
 * - `typed-linting`: typescript-eslint's parser built a program (`parserServices.program`), with the project's own
 *   TypeScript 6.0: the rules use it, as they always did.
 * - `native`: no such program, and the project's own `typescript` is 7.x (typescript-eslint cannot load it), or the
 *   project has no `typescript` of its own (plain JavaScript): the plugin runs its own TypeScript 7 session.
 * - `none`: no such program in a project whose `typescript` is older than 7, where typescript-eslint's typed linting
 *   is the way to types: the type-aware rules say how to turn it on.
 */
export type TypeSource =
  | { readonly kind: 'typed-linting'; readonly program: ts.Program }
  | { readonly kind: 'native'; readonly typescript: ProjectTypeScript | undefined }
  | { readonly kind: 'none'; readonly typescript: ProjectTypeScript };

/** What typescript-eslint's parser puts in `sourceCode.parserServices` (`program` is null without typed linting). */
interface TypedParserServices {
  readonly program: ts.Program | null;
}

function typedLintingProgram(services: unknown): ts.Program | undefined {
  if (typeof services !== 'object' || services === null || !('program' in services)) return undefined;
  return (services as TypedParserServices).program ?? undefined;
}

/**
 * Chooses the {@link TypeSource} of a linted file from ESLint's parser services and the `typescript` its project
 * installs (found from the file's folder, see {@link findProjectTypeScript}). `fileName` is resolved from `cwd`.
 */
export function chooseTypeSource(parserServices: unknown, fileName: string, cwd: string): TypeSource {
  const program = typedLintingProgram(parserServices);
  if (program !== undefined) return { kind: 'typed-linting', program };
  const typescript = findProjectTypeScript(dirname(resolve(cwd, fileName)));
  if (typescript === undefined || typescript.major >= 7) return { kind: 'native', typescript };
  return { kind: 'none', typescript };
}
