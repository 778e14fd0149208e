import {
  isNativeBinaryMissingError,
  nativeExecutablePath,
  openNativeSession,
  type NativeSession,
  type NativeSessionOptions,
} from '@awaitwise/analyzer';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativePrograms } from '../src/native-programs.js';
import { tempTypeScript7Project } from './support/temp-project.js';

// Real TypeScript 7 sessions (Go processes) over a temporary TypeScript 7 project: two tsconfigs and a folder of
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

/** NativePrograms over real sessions, with the sessions it opened (and how often each was closed) recorded. */
function recorded(): { programs: NativePrograms; sessions: NativeSession[]; closes: () => number } {
  const sessions: NativeSession[] = [];
  let closes = 0;
  const programs = new NativePrograms((options: NativeSessionOptions) => {
    const session = openNativeSession(options);
    sessions.push(session);
    const close = session.close.bind(session);
    return {
      ...session,
      close: () => {
        closes++;
        close();
      },
    };
  });
  return { programs, sessions, closes: () => closes };
}

const path = (name: string): string => join(project.dir, name);
const text = (name: keyof typeof files): string => files[name];

describe('the plugin’s TypeScript 7 sessions', () => {
  it('opens one session per tsconfig and reuses it, with one program, for every file and rule of it', () => {
    const { programs, sessions } = recorded();
    try {
      const users = programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      const teams = programs.programFor(path('api/teams.ts'), text('api/teams.ts'), project.dir);
      const usersAgain = programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      const page = programs.programFor(path('web/page.ts'), text('web/page.ts'), project.dir);
      expect(sessions).toHaveLength(2);
      expect(programs.openSessions()).toBe(2);
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
    const { programs, sessions } = recorded();
    try {
      programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      const session = sessions[0];
      const before = session?.roundTrips();
      programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      expect(session?.roundTrips()).toBe(before);
    } finally {
      programs.closeAll();
    }
  });

  it('gives TypeScript 7 the linted text when it differs from the disk, and parses exactly that text', () => {
    const { programs, sessions } = recorded();
    try {
      const saved = programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      const unsaved =
        'export async function loadUser(id: string, strict = true) { return { id, strict }; }\n';
      const edited = programs.programFor(path('api/users.ts'), unsaved, project.dir);
      expect(sessions[0]?.textOf(path('api/users.ts'))).toBe(unsaved);
      expect(edited.program).not.toBe(saved.program);
      expect(edited.sourceFile.text).toBe(unsaved);
      // Back to the saved text: sent again (the session serves the unsaved text until told otherwise).
      const reverted = programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
      expect(sessions[0]?.textOf(path('api/users.ts'))).toBe(text('api/users.ts'));
      expect(reverted.sourceFile.text).toBe(text('api/users.ts'));
    } finally {
      programs.closeAll();
    }
  });

  it('sends a file saved after its session started, which TypeScript 7 may have read before the save', () => {
    const { programs, sessions } = recorded();
    const file = path('web/page.ts');
    try {
      programs.programFor(file, text('web/page.ts'), project.dir);
      const saved = 'export const title = "saved";\n';
      writeFileSync(file, saved);
      const later = new Date(Date.now() + 2_000);
      utimesSync(file, later, later);
      const target = programs.programFor(file, saved, project.dir);
      expect(sessions[0]?.textOf(file)).toBe(saved);
      expect(target.sourceFile.text).toBe(saved);
    } finally {
      programs.closeAll();
      writeFileSync(file, text('web/page.ts'));
    }
  });

  it('checks files no tsconfig owns in one session, each in an inferred project of its own', () => {
    const { programs, sessions } = recorded();
    try {
      const one = programs.programFor(path('scripts/one.js'), text('scripts/one.js'), project.dir);
      expect(one.sourceFile.text).toBe(text('scripts/one.js'));
      const two = programs.programFor(path('scripts/two.js'), text('scripts/two.js'), project.dir);
      expect(two.sourceFile.text).toBe(text('scripts/two.js'));
      expect(two.program).not.toBe(one.program);
      expect(sessions).toHaveLength(1);
    } finally {
      programs.closeAll();
    }
  });

  it('closes every session (its Go process) in closeAll', () => {
    const { programs, closes } = recorded();
    programs.programFor(path('api/users.ts'), text('api/users.ts'), project.dir);
    programs.programFor(path('web/page.ts'), text('web/page.ts'), project.dir);
    programs.closeAll();
    expect(closes()).toBe(2);
    expect(programs.openSessions()).toBe(0);
  });

  it('reports a session that cannot start on every file, without trying again', () => {
    let attempts = 0;
    const programs = new NativePrograms((options) => {
      attempts++;
      // The real lookup, for a platform TypeScript 7 does not ship an executable for.
      return openNativeSession({ ...options, executablePath: nativeExecutablePath('aix', 'ppc64') });
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
    expect(attempts).toBe(1);
  });
});
