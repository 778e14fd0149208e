import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectTypeScript } from '../src/project-typescript.js';
import { chooseTypeSource } from '../src/type-source.js';
import { tempProjectsRemovedAfterEach, tempTypeScript7Project } from '../../../test/support/temp-project.js';

const folder = tempProjectsRemovedAfterEach();
const typeScript7Folder = tempProjectsRemovedAfterEach(tempTypeScript7Project);
const manifest = (fields: object): string => JSON.stringify({ name: 'app', ...fields });
const typescriptAt = (version: string): string => JSON.stringify({ name: 'typescript', version });

describe('the project typescript', () => {
  it('is the installed copy a package.json on the way up asks for, with its major version', () => {
    const dir = folder({
      'package.json': manifest({ devDependencies: { typescript: '~6.0.3' } }),
      'node_modules/typescript/package.json': typescriptAt('6.0.3'),
      'src/deep/a.ts': '',
    });
    expect(findProjectTypeScript(join(dir, 'src/deep'))).toEqual({
      version: '6.0.3',
      major: 6,
      packageDir: join(dir, 'node_modules/typescript'),
    });
  });

  it('is TypeScript 7 in a project linked to the installed typescript@7.0.2', () => {
    const dir = typeScript7Folder({ 'src/a.ts': '' });
    expect(findProjectTypeScript(join(dir, 'src'))).toMatchObject({ version: '7.0.2', major: 7 });
  });

  it("counts a workspace package's declaration when the copy is hoisted to the root", () => {
    const dir = folder({
      'package.json': manifest({ workspaces: ['packages/*'] }),
      'node_modules/typescript/package.json': typescriptAt('7.0.2'),
      'packages/web/package.json': manifest({ dependencies: { typescript: '^7.0.2' } }),
      'packages/web/src/a.ts': '',
    });
    expect(findProjectTypeScript(join(dir, 'packages/web/src'))?.major).toBe(7);
  });

  it('is none when the installed copy came in for another package (this plugin brings TypeScript 6.0)', () => {
    const dir = folder({
      'package.json': manifest({ devDependencies: { eslint: '^10.0.0' } }),
      'node_modules/typescript/package.json': typescriptAt('6.0.3'),
      'src/a.js': '',
    });
    expect(findProjectTypeScript(join(dir, 'src'))).toBeUndefined();
  });

  it('is none when no copy is installed', () => {
    const dir = folder({
      'package.json': manifest({ devDependencies: { typescript: '^7.0.2' } }),
      'a.js': '',
    });
    expect(findProjectTypeScript(dir)).toBeUndefined();
  });
});

describe('the type source of a linted file', () => {
  const ts6 = {
    'package.json': manifest({ devDependencies: { typescript: '~6.0.3' } }),
    'node_modules/typescript/package.json': typescriptAt('6.0.3'),
  };

  it("is typescript-eslint's program when typed linting made one, whatever the project's typescript", () => {
    const dir = folder({ 'src/a.ts': '', 'package.json': manifest({}) });
    const program = { getSourceFile: () => undefined };
    expect(chooseTypeSource({ program }, 'src/a.ts', dir)).toEqual({ kind: 'typed-linting', program });
  });

  it('is none in a TypeScript 6 project without typed linting (no program, or a null one)', () => {
    const dir = folder({ ...ts6, 'src/a.ts': '' });
    for (const services of [undefined, {}, { program: null }]) {
      expect(chooseTypeSource(services, 'src/a.ts', dir)).toMatchObject({
        kind: 'none',
        typescript: { version: '6.0.3' },
      });
    }
  });

  it("is the plugin's TypeScript 7 session in a TypeScript 7 project", () => {
    const dir = typeScript7Folder({ 'src/a.ts': '' });
    expect(chooseTypeSource({ program: null }, join(dir, 'src/a.ts'), '/')).toMatchObject({
      kind: 'native',
      typescript: { major: 7 },
    });
  });

  it("is the plugin's TypeScript 7 session in a project with no typescript of its own", () => {
    const dir = folder({ 'package.json': manifest({}), 'src/a.js': '' });
    expect(chooseTypeSource(undefined, 'src/a.js', dir)).toEqual({ kind: 'native', typescript: undefined });
  });
});
