import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeCheckerStats } from '../../../src/engine/native/checker.js';
import { NativeBinaryMissingError, isNativeBinaryMissingError } from '../../../src/engine/native/errors.js';
import { createNativeProgram } from '../../../src/engine/native/program.js';
import {
  compilerOptionsToJson,
  nativeExecutablePath,
  nativePlatformPackage,
  openNativeSession,
  type NativeSession,
} from '../../../src/engine/native/session.js';
import { testCompilerOptions } from '../../../src/testing.js';
import { tempProject } from '../../../../../test/support/temp-project.js';

// The rule tests' options; the temporary project below has no node_modules, so no `@types/node` either.
const options: ts.CompilerOptions = { ...testCompilerOptions, types: [] };

function callOf(file: ts.SourceFile): ts.CallExpression {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found === undefined && ts.isCallExpression(node)) found = node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (found === undefined) throw new Error('no call');
  return found;
}

describe('the executable of TypeScript 7', () => {
  it('is found in the platform package npm installed', () => {
    expect(nativeExecutablePath()).toContain(nativePlatformPackage());
  });

  it('missing for a platform is a typed error naming the package and what to do', () => {
    let caught: unknown;
    try {
      nativeExecutablePath('plan9', 'mips');
    } catch (error) {
      caught = error;
    }
    expect(isNativeBinaryMissingError(caught)).toBe(true);
    const error = caught as NativeBinaryMissingError;
    expect(error.code).toBe('AWAITWISE_NATIVE_BINARY_MISSING');
    expect(error.platformPackage).toBe('@typescript/typescript-plan9-mips');
    expect(error.message).toContain('@typescript/typescript-plan9-mips');
    expect(error.message).toContain('--engine ts6');
  });
});

describe('compilerOptionsToJson', () => {
  it('spells TypeScript 6 options as a tsconfig does, with the values TypeScript 6 implies from them', () => {
    expect(compilerOptionsToJson(options, '/project/tsconfig.json')).toEqual({
      target: 'es2022',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      // Implied by `module: nodenext` in TypeScript 6: said explicitly, TypeScript 7 reads the files as 6 does.
      moduleDetection: 'force',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowJs: true,
      checkJs: false,
      jsx: 'react-jsx',
      lib: ['es2023', 'dom', 'esnext.disposable'],
      types: [],
    });
  });
});

describe('a native session', () => {
  let session: NativeSession;
  let project: ReturnType<typeof tempProject>;
  let file: string;

  beforeAll(() => {
    project = tempProject({ 'src/a.ts': 'export async function f(): Promise<number> { return 1; }\nf();\n' });
    file = join(project.dir, 'src/a.ts');
    session = openNativeSession({ cwd: project.dir });
  });
  afterAll(() => {
    session.close();
    project.cleanup();
  });

  it('opens an inferred project for root files and options, and answers type questions', () => {
    const opened = session.openProject({ configFile: undefined, rootNames: [file], options });
    try {
      const program = createNativeProgram(opened, { rootNames: [file], options, texts: new Map() });
      const sourceFile = program.getSourceFile(file);
      if (sourceFile === undefined) throw new Error('lost the file');
      const checker = program.getTypeChecker();
      const type = checker.getTypeAtLocation(callOf(sourceFile));
      expect(type.getSymbol()?.name).toBe('Promise');
      expect(nativeCheckerStats(checker)?.prefetchedFiles).toBe(1);
    } finally {
      opened.close();
    }
  });

  it('answers from the texts it is given instead of the disk, and from new texts after updateTexts', () => {
    const opened = session.openProject({ configFile: undefined, rootNames: [file], options });
    try {
      const typeOfCall = (text: string): string | undefined => {
        session.updateTexts(new Map([[file, text]]));
        const program = createNativeProgram(opened, {
          rootNames: [file],
          options,
          texts: new Map([[file, text]]),
        });
        const sourceFile = program.getSourceFile(file);
        if (sourceFile === undefined) throw new Error('lost the file');
        const checker = program.getTypeChecker();
        return checker.typeToString(checker.getTypeAtLocation(callOf(sourceFile)));
      };
      expect(typeOfCall('export function f(): string { return ""; }\nf();\n')).toBe('string');
      expect(typeOfCall('export function f(): number { return 1; }\nf();\n')).toBe('number');
    } finally {
      opened.close();
    }
  });

  it('counts its round trips, by method', () => {
    const before = session.roundTrips();
    const snapshotsBefore = session.roundTripsByMethod().get('updateSnapshot') ?? 0;
    const opened = session.openProject({ configFile: undefined, rootNames: [file], options });
    opened.close();
    // Each of the two snapshots (open, close) is one updateSnapshot and one release of the snapshot before it.
    expect(session.roundTrips()).toBe(before + 4);
    expect(session.roundTripsByMethod().get('updateSnapshot')).toBe(snapshotsBefore + 2);
  });
});
