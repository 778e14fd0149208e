import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { isTestFile, isTypeTestFile } from '../../src/analysis/project/test-code.js';

describe('isTestFile', () => {
  it.each([
    'src/user.test.ts',
    'src/user.spec.jsx',
    '/work/repos/knex/test/cli/tempfiles.js',
    '/work/repos/knex/test/integration/execution/transaction.js',
    '/app/packages/kit/test/apps/basics/src/client.js',
    '/app/tests/setupTestDB.ts',
    '/app/src/__tests__/helpers/deep/seed.ts',
    '/app/spec/models/user.js',
    '/app/e2e/login.ts',
    '/app/src/__mocks__/axios.ts',
    'C:\\app\\test\\unit\\pool.js',
  ])('%s is test code', (file) => {
    expect(isTestFile(file)).toBe(true);
  });

  it.each([
    '/app/src/user.ts',
    '/app/src/testing.ts',
    '/app/src/latest/index.ts',
    '/app/contest/entry.ts',
    '/app/test-tsd/types.ts',
    // a fixtures folder holds the programs a test hands to the tool under test
    '/app/test/fixtures/project/src/index.ts',
    '/repo/packages/analyzer/test/fixtures/virtual/a.ts',
    '/repo/packages/eslint-plugin/test/__fixtures__/file.ts',
  ])('%s is not', (file) => {
    expect(isTestFile(file)).toBe(false);
  });

  it('looks below the root only: a project checked out inside a folder named test is not all tests', () => {
    expect(isTestFile('/home/me/test/shop/src/cart.ts', '/home/me/test/shop')).toBe(false);
    expect(isTestFile('/home/me/test/shop/src/cart.ts', '/home/me/test/shop/')).toBe(false);
    expect(isTestFile('/home/me/test/shop/test/cart.ts', '/home/me/test/shop')).toBe(true);
    // a file outside the root keeps its whole path
    expect(isTestFile('/elsewhere/test/cart.ts', '/home/me/shop')).toBe(true);
  });

  it('finds test folders below the last fixtures folder', () => {
    expect(isTestFile('/repo/test/fixtures/virtual/src/__tests__/seed.ts')).toBe(true);
    expect(isTestFile('/repo/test/fixtures/virtual/test/fixtures/seed.ts')).toBe(false);
  });
});

describe('isTypeTestFile: a module that runs nothing and exports nothing', () => {
  const file = (text: string, name = 'types/channel_api.ts') =>
    ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const checks = `import * as api from '../index';\ntype Options = { url: string };\nasync function testConnect() {\n  const a = await api.connect('amqp://a');\n  const b = await api.connect('amqp://b');\n  return [a, b];\n}\n`;

  it('is compiled only: imports, types and functions nobody can call', () => {
    expect(isTypeTestFile(file(checks))).toBe(true);
  });

  it('runs when a function is exported, called at the top level, or the file has other statements', () => {
    expect(isTypeTestFile(file(checks.replace('async function', 'export async function')))).toBe(false);
    expect(isTypeTestFile(file(`${checks}void testConnect();\n`))).toBe(false);
    expect(isTypeTestFile(file(`${checks}const ready = true;\n`))).toBe(false);
    expect(isTypeTestFile(file(`${checks}module.exports = testConnect;\n`, 'types/channel_api.js'))).toBe(
      false,
    );
  });

  it('is not a module with no code at all, nor a declaration file', () => {
    expect(isTypeTestFile(file(`import type { A } from './a';\ntype B = A;\n`))).toBe(false);
    expect(isTypeTestFile(file(`declare function f(): void;\n`, 'index.d.ts'))).toBe(false);
  });
});
