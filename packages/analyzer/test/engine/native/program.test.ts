import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeProgram } from '../../../src/engine/native/program.js';
import { openNativeSession, type NativeSession } from '../../../src/engine/native/session.js';
import { testCompilerOptions } from '../../../src/testing.js';
import { tempProject } from '../../../../../test/support/temp-project.js';

// The testing programs' options, with the ES2023 library alone and no `@types` (so that the libraries are few).
const options: ts.CompilerOptions = { ...testCompilerOptions, lib: ['lib.es2023.d.ts'], types: [] };

describe('the TypeScript 6 parse of declaration files on the native engine', () => {
  let session: NativeSession;
  let project: ReturnType<typeof tempProject>;

  beforeAll(() => {
    project = tempProject({
      'a/main.ts': "import type { Shape } from '../shapes';\nexport const a: Shape = { side: 1 };\n",
      'b/main.ts': "import type { Shape } from '../shapes';\nexport const b: Shape = { side: 2 };\n",
      'shapes.d.ts': 'export interface Shape {\n  side: number;\n}\n',
    });
    session = openNativeSession({ cwd: project.dir });
  });
  afterAll(() => {
    session.close();
    project.cleanup();
  });

  /** The program of one root file, in a project of its own (as each tsconfig of a folder is). */
  function programOf(root: string, programOptions: ts.CompilerOptions) {
    const rootName = join(project.dir, root);
    const opened = session.openProject({
      configFile: undefined,
      rootNames: [rootName],
      options: programOptions,
    });
    return {
      program: createNativeProgram(opened, {
        rootNames: [rootName],
        options: programOptions,
        texts: new Map(),
      }),
      close: () => {
        opened.close();
      },
    };
  }

  // As the ts6 engine does: a folder with many tsconfigs (148 programs in TanStack Query) would otherwise parse
  // TypeScript's libraries again in every program that maps a declaration back to them.
  it('is shared between programs for TypeScript’s libraries, per language version, and not for other files', () => {
    const first = programOf('a/main.ts', options);
    const second = programOf('b/main.ts', options);
    const olderTarget = programOf('b/main.ts', { ...options, target: ts.ScriptTarget.ES2020 });
    try {
      const es5 = join(dirname(ts.getDefaultLibFilePath(options)), 'lib.es5.d.ts');
      const library = first.program.getSourceFile(es5);
      expect(library?.fileName).toBe(es5);
      expect(library?.statements.length).toBeGreaterThan(100);
      expect(second.program.getSourceFile(es5)).toBe(library);
      const olderLibrary = olderTarget.program.getSourceFile(es5);
      expect(olderLibrary?.languageVersion).toBe(ts.ScriptTarget.ES2020);
      expect(olderLibrary).not.toBe(library);

      const shapes = join(project.dir, 'shapes.d.ts');
      const ownDeclarations = first.program.getSourceFile(shapes);
      expect(ownDeclarations?.statements.length).toBe(1);
      expect(second.program.getSourceFile(shapes)).not.toBe(ownDeclarations);
    } finally {
      first.close();
      second.close();
      olderTarget.close();
    }
  });
});
