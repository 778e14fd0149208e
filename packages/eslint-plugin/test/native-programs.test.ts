import {
  isNativeBinaryMissingError,
  nativeExecutablePath,
  NativeRun,
  type NativeBatchInput,
  type NativeBatchProgram,
} from '@awaitwise/analyzer';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativePrograms, type LintTarget } from '../src/native-programs.js';
import { tempTypeScript7Project } from '../../../test/support/temp-project.js';

// Real TypeScript 7 runs (Go processes) over a temporary TypeScript 7 project: two tsconfigs and a folder of
// JavaScript no tsconfig owns.
const files = {
  'api/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['*.ts'] }),
  'api/users.ts': 'export async function loadUser(id: string) { return { id }; }\n',
  'api/teams.ts': "import { loadUser } from './users';\nexport const owner = loadUser('1');\n",
  'web/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['*.ts'] }),
  'web/page.ts': 'export const title = "home";\n',
  'scripts/one.js': 'export const one = 1;\n',
  'scripts/two.js': 'export const two = 2;\n',
};
let project: { dir: string; cleanup: () => void };
beforeAll(() => {
  project = tempTypeScript7Project(files);
});
afterAll(() => {
  project.cleanup();
});

/** A NativeRun that counts its opens, the closes of the projects it opened, and its own closes. */
class CountedRun extends NativeRun {
  opens = 0;
  projectCloses = 0;
  closes = 0;
  override open(input: NativeBatchInput): NativeBatchProgram {
    this.opens++;
    const opened = super.open(input);
    return {
      ...opened,
      close: () => {
        this.projectCloses++;
        opened.close();
      },
    };
  }
  override close(): void {
    this.closes++;
    super.close();
  }
}

/** NativePrograms over real TypeScript 7 runs, with the runs it started. */
function recorded(): { programs: NativePrograms; runs: CountedRun[] } {
  const runs: CountedRun[] = [];
  const programs = new NativePrograms((cwd) => {
    const run = new CountedRun(cwd);
    runs.push(run);
    return run;
  });
  return { programs, runs };
}

const path = (name: string): string => join(project.dir, name);
const text = (name: keyof typeof files): string => files[name];

/** The TypeScript 7 type, as text, of the first `const` of a linted file: proof of the text TypeScript 7 checks. */
function firstConstType(target: LintTarget): string {
  const statement = target.sourceFile.statements.find(ts.isVariableStatement);
  const declaration = statement?.declarationList.declarations[0];
  if (declaration === undefined) throw new Error('no const in the file');
  const checker = target.program.getTypeChecker();
  return checker.typeToString(checker.getTypeAtLocation(declaration.name));
}

describe("the plugin's TypeScript 7 runs", () => {
  it('starts one run per tsconfig and reuses it, with one program, for every file and rule of it', () => {
    const { programs, runs } = recorded();
    try {
      const users = programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      const teams = programs.programFor(path('api/teams.ts'), text('api/teams.ts'), project.dir);
      const usersAgain = programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      const page = programs.programFor(path('web/page.ts'), text('web/page.ts'), project.dir);
      expect(runs.map((run) => run.opens)).toEqual([1, 1]);
      expect(programs.openRuns()).toBe(2);
      expect(teams.program).toBe(users.program);
      expect(usersAgain.program).toBe(users.program);
      expect(usersAgain.sourceFile).toBe(users.sourceFile);
      expect(page.program).not.toBe(users.program);
      expect(users.sourceFile.text).toBe(text('api/users.ts'));
      expect(teams.sourceFile.text).toBe(text('api/teams.ts'));
      expect(page.sourceFile.text).toBe(text('web/page.ts'));
    } finally {
      programs.closeAll();
    }
  });

  it('asks TypeScript 7 nothing when a file is linted again with the same text', () => {
    const { programs } = recorded();
    try {
      programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      programs.programFor(path('api/teams.ts'), text('api/teams.ts'), project.dir);
      const before = programs.requests();
      expect(before).toBeGreaterThan(0);
      for (const name of ['api/users.ts', 'api/teams.ts', 'api/users.ts'] as const) {
        programs.programFor(path(name), text(name), project.dir);
      }
      expect(programs.requests()).toBe(before);
    } finally {
      programs.closeAll();
    }
  });

  it('checks the linted text when it differs from the disk (an unsaved edit), and the saved text after', () => {
    const { programs, runs } = recorded();
    try {
      const saved = programs.programFor(path('web/page.ts'), text('web/page.ts'), project.dir);
      expect(firstConstType(saved)).toBe('"home"');
      const unsaved = programs.programFor(path('web/page.ts'), 'export const title = 42;\n', project.dir);
      expect(unsaved.program).not.toBe(saved.program);
      expect(unsaved.sourceFile.text).toBe('export const title = 42;\n');
      expect(firstConstType(unsaved)).toBe('42');
      // Back to the disk's text (the edit undone): TypeScript 7 was serving the edit, so it is told again.
      const reverted = programs.programFor(path('web/page.ts'), text('web/page.ts'), project.dir);
      expect(firstConstType(reverted)).toBe('"home"');
      // The tsconfig's project stayed open in TypeScript 7 across the edits: updated, not loaded again.
      expect(runs.map((run) => [run.opens, run.projectCloses])).toEqual([[3, 0]]);
    } finally {
      programs.closeAll();
    }
  });

  it('sends a file saved after its run started, which TypeScript 7 may have read before the save', () => {
    const { programs } = recorded();
    const file = path('web/page.ts');
    try {
      expect(firstConstType(programs.programFor(file, text('web/page.ts'), project.dir))).toBe('"home"');
      const saved = 'export const title = "saved";\n';
      writeFileSync(file, saved);
      const later = new Date(Date.now() + 2_000);
      utimesSync(file, later, later);
      expect(firstConstType(programs.programFor(file, saved, project.dir))).toBe('"saved"');
    } finally {
      programs.closeAll();
      writeFileSync(file, text('web/page.ts'));
    }
  });

  it('checks files no tsconfig owns in one run, each in an inferred project of its own', () => {
    const { programs, runs } = recorded();
    try {
      const one = programs.programFor(path('scripts/one.js'), text('scripts/one.js'), project.dir);
      expect(firstConstType(one)).toBe('1');
      const two = programs.programFor(path('scripts/two.js'), text('scripts/two.js'), project.dir);
      expect(firstConstType(two)).toBe('2');
      expect(two.program).not.toBe(one.program);
      expect(runs.map((run) => [run.opens, run.projectCloses])).toEqual([[2, 1]]);
    } finally {
      programs.closeAll();
    }
  });

  it('closes every run (its Go process) in closeAll', () => {
    const { programs, runs } = recorded();
    programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
    programs.programFor(path('web/page.ts'), text('web/page.ts'), project.dir);
    programs.closeAll();
    expect(runs.map((run) => run.closes)).toEqual([1, 1]);
    expect(programs.openRuns()).toBe(0);
  });

  it('checks the files of a tsconfig TypeScript 7 cannot open in an inferred project, without trying it again', () => {
    const inputs: (string | undefined)[] = [];
    // TypeScript 7's real failure on a tsconfig, and NativeRun's real fallback: the tsconfig handed on is missing.
    class FailingTsconfigRun extends CountedRun {
      override open(input: NativeBatchInput): NativeBatchProgram {
        inputs.push(input.configFile);
        const configFile = input.configFile === undefined ? undefined : path('missing/tsconfig.json');
        return super.open({ ...input, configFile });
      }
    }
    const programs = new NativePrograms((cwd) => new FailingTsconfigRun(cwd));
    try {
      const file = path('web/page.ts');
      expect(firstConstType(programs.programFor(file, text('web/page.ts'), project.dir))).toBe('"home"');
      expect(firstConstType(programs.programFor(file, 'export const title = 7;\n', project.dir))).toBe('7');
      expect(inputs).toEqual([path('web/tsconfig.json'), undefined]);
    } finally {
      programs.closeAll();
    }
  });

  it('reports a TypeScript 7 without its executable on every file of the project, trying once', () => {
    const runs: CountedRun[] = [];
    // The real executable lookup, for a platform TypeScript 7 ships no executable for.
    class UnsupportedPlatformRun extends CountedRun {
      override open(input: NativeBatchInput): NativeBatchProgram {
        this.opens++;
        nativeExecutablePath('aix', 'ppc64');
        return super.open(input);
      }
    }
    const programs = new NativePrograms((cwd) => {
      const run = new UnsupportedPlatformRun(cwd);
      runs.push(run);
      return run;
    });
    for (const name of ['api/users.ts', 'api/teams.ts'] as const) {
      let thrown: unknown;
      try {
        programs.programFor(path(name), text(name), project.dir);
      } catch (error) {
        thrown = error;
      }
      expect(isNativeBinaryMissingError(thrown)).toBe(true);
    }
    expect(runs.map((run) => run.opens)).toEqual([1]);
  });
});
