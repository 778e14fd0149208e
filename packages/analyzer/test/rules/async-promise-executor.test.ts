import { describe, expect, it } from 'vitest';
import { typeErrors } from '../../src/testing.js';
import { ruleTester } from '../support/rule-tester.js';

const tester = ruleTester('async-promise-executor', {
  prelude: `declare function load(): Promise<number>;\ndeclare const rows: AsyncIterable<number>;\n`,
  suffix: '\n',
  files: {
    'my-promise.ts':
      'export class Promise<T> { constructor(readonly run: (done: (v: T) => void) => unknown) {} }\n',
  },
});

const asyncExecutor =
  'This Promise executor is async: an error thrown after its first `await` is an unhandled rejection and the ' +
  'promise never settles. Write an async function instead of wrapping it in `new Promise`.';

describe('async-promise-executor: flagged, no fix when the executor awaits', () => {
  const cases: Record<string, string> = {
    'an async arrow': `export const a = new Promise<number>(/*!*/async (resolve) => resolve(await load()));`,
    'an async function expression': `export const b = new Promise<number>(/*!*/async function (resolve) { resolve(await load()); });`,
    'a parenthesized executor': `export const c = new Promise<number>((/*!*/async (resolve) => resolve(await load())));`,
    'globalThis.Promise': `export const d = new globalThis.Promise<number>(/*!*/async (resolve) => resolve(await load()));`,
    'a parenthesized constructor': `export const e = new (Promise)<number>(/*!*/async (resolve) => resolve(await load()));`,
    'for await counts as await': `export const f = new Promise<void>(/*!*/async (resolve) => { for await (const row of rows) console.log(row); resolve(); });`,
    'an await before the try that settles': `export const g = new Promise<number>(/*!*/async (resolve, reject) => { const n = await load(); try { resolve(n + (await load())); } catch (e) { reject(e); } });`,
    'a try whose catch rethrows': `export const g2 = new Promise<number>(/*!*/async (resolve, reject) => { try { resolve(await load()); } catch (e) { reject(e); throw e; } });`,
    'a statement after the try that is not a settle': `export const g4 = new Promise<number>(/*!*/async (resolve) => { try { await load(); } catch { resolve(0); } console.log(await load()); resolve(1); });`,
    'a try whose catch does not settle': `export const g3 = new Promise<number>(/*!*/async (resolve) => { try { resolve(await load()); } catch (e) { console.error(e); } });`,
    'a Promise declared only in a sibling scope': `function other() { class Promise {} return Promise; }\nexport const h = [other, new Promise<number>(/*!*/async (resolve) => resolve(await load()))];`,
  };
  for (const [name, code] of Object.entries(cases)) {
    it(name, () => {
      tester.expectInvalid({
        code,
        errors: [{ messageId: 'asyncExecutor', message: asyncExecutor, fixed: null, suggestions: [] }],
      });
    });
  }
});

describe('async-promise-executor: flagged, with a fix when the executor never awaits', () => {
  const cases: { name: string; code: string; fixed: string }[] = [
    {
      name: 'an async arrow without await',
      code: `export const a = new Promise<number>(/*!*/async (resolve) => resolve(1));`,
      fixed: `export const a = new Promise<number>((resolve) => resolve(1));`,
    },
    {
      name: 'an async function expression without await',
      code: `export const b = new Promise<void>(/*!*/async function (resolve) { setTimeout(resolve, 1); });`,
      fixed: `export const b = new Promise<void>(function (resolve) { setTimeout(resolve, 1); });`,
    },
    {
      name: 'an await only inside a nested function does not count',
      code: `export const c = new Promise<number>(/*!*/async (resolve) => { setTimeout(async () => resolve(await load()), 1); });`,
      fixed: `export const c = new Promise<number>((resolve) => { setTimeout(async () => resolve(await load()), 1); });`,
    },
  ];
  for (const { name, code, fixed } of cases) {
    it(name, () => {
      tester.expectInvalid({ code, errors: [{ messageId: 'asyncExecutorNoAwait', fixed }], output: fixed });
    });
  }

  it('the fixed code compiles', () => {
    const run = tester.run(cases.map((c) => c.code).join('\n'));
    expect(run.output).toBe(cases.map((c) => c.fixed).join('\n'));
    expect(typeErrors(tester.prelude + run.output)).toEqual([]);
  });
});

describe('async-promise-executor: not flagged', () => {
  const clean: Record<string, string> = {
    'a synchronous executor': `export const a = new Promise<number>((resolve) => resolve(1));`,
    'a local class named Promise': `class Promise<T> { constructor(readonly run: (done: (value: T) => void) => unknown) {} }\nexport const b = new Promise<number>(async (done) => done(await load()));`,
    'a local variable named Promise': `const Promise = class<T> { constructor(readonly run: (done: (v: T) => void) => unknown) {} };\nexport const c = new Promise<number>(async (done) => done(await load()));`,
    'a hoisted var named Promise in the function': `export function d() {\n  if (Math.random() > 2) { var Promise = class { constructor(readonly run: () => unknown) {} }; }\n  return new Promise!(async () => await load());\n}`,
    'an imported Promise': `import { Promise } from './my-promise.js';\nexport const e = new Promise<number>(async (done) => done(await load()));`,
    'a parameter named Promise': `export function f(Promise: new (run: () => unknown) => object) { return new Promise(async () => await load()); }`,
    'a shadowed globalThis': `const globalThis = { Promise: class { constructor(readonly run: () => unknown) {} } };\nexport const g = new globalThis.Promise(async () => await load());`,
    'another library Promise': `declare const lib: { Promise: new (run: () => unknown) => object };\nexport const h = new lib.Promise(async () => await load());`,
    'Promise.resolve of an async function (not an executor)': `export const i = Promise.resolve(async () => await load());`,
    'an async function that is not the first argument': `declare class Task { constructor(name: string, run: () => Promise<void>); }\nexport const j = new Task('x', async () => { await load(); });`,
    'the whole executor in a try whose catch settles (roundabout, but every error settles the promise)': `export const l = new Promise<number>(async (resolve, reject) => { try { resolve(await load()); } catch (e) { reject(e); } });`,
    'a catch that logs, then the one resolve after the try': `export const n = new Promise<number>(async (resolve) => { try { await load(); } catch (e) { console.error(e); } resolve(1); });`,
    'a catch that resolves with a fallback': `export const m = new Promise<number>(async (resolve) => { try { resolve(await load()); } catch { resolve(0); } });`,
    'an executor given by reference': `const start = async (resolve: (n: number) => void) => resolve(await load());\nexport const k = new Promise<number>((resolve) => void start(resolve));`,
  };
  for (const [name, code] of Object.entries(clean)) {
    it(name, () => {
      tester.expectValid(code);
    });
  }
});
