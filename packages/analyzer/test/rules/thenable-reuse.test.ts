import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// A lazy query builder: each `then` runs the query again (like knex, drizzle or mongoose queries).
const header = `class QueryBuilder<T> {
  where(_c: string): QueryBuilder<T> { return this; }
  then<R>(onFulfilled: (rows: T[]) => R, onRejected?: (e: unknown) => R): Promise<R> {
    return Promise.resolve([] as T[]).then(onFulfilled, onRejected);
  }
}
declare function query(): QueryBuilder<{ id: number }>;
declare function fetchRows(): Promise<number[]>;
`;
const headerLines = header.split('\n').length - 1;

const tester = ruleTester('thenable-reuse', { prelude: header, suffix: '\nexport {};\n' });

describe('thenable-reuse: flagged', () => {
  it.each([
    [
      'awaited twice',
      `async function f() {\n  const q = query();\n  const a = await q;\n  const b = await q;\n  return [a, b];\n}`,
      [4, 19],
    ],
    [
      'await then .then',
      `async function f() {\n  const q = query().where('x');\n  await q;\n  q.then(console.log);\n}`,
      [4, 3],
    ],
    [
      'then twice',
      `function f() {\n  const q = query();\n  q.then(console.log);\n  q.then(console.log);\n}`,
      [4, 3],
    ],
    [
      'count then rows',
      `async function f() {\n  const q = query();\n  const total = (await q).length;\n  const rows = await q;\n  return { total, rows };\n}`,
      [4, 22],
    ],
    [
      'parameter awaited twice',
      `async function f(q: QueryBuilder<string>) {\n  await q;\n  return await q;\n}`,
      [3, 16],
    ],
    [
      'awaited in an if then after it',
      `async function f(c: boolean) {\n  const q = query();\n  if (c) await q;\n  return await q;\n}`,
      [4, 16],
    ],
    [
      'three times reports twice',
      `async function f() {\n  const q = query();\n  await q;\n  await q;\n  await q;\n}`,
      [4, 9],
      [5, 9],
    ],
    [
      'union with undefined',
      `async function f(q: QueryBuilder<number> | undefined) {\n  await q;\n  await q;\n}`,
      [3, 9],
    ],
    ['let never reassigned', `async function f() {\n  let q = query();\n  await q;\n  await q;\n}`, [4, 9]],
    [
      'parenthesised',
      `async function f() {\n  const q = query();\n  await (q);\n  await (q as QueryBuilder<{ id: number }>);\n}`,
      [4, 10],
    ],
    [
      'subclass of a builder',
      `class Users extends QueryBuilder<string> {}\nasync function f(u: Users) {\n  await u;\n  await u;\n}`,
      [4, 9],
    ],
  ] as const)('%s', (_name, code, ...expected: (readonly [number, number])[]) => {
    tester.expectInvalid({
      code,
      errors: expected.map(([line, column]) => ({ line, column, messageId: 'reused' })),
    });
  });

  it('names the type and the first line in the message', () => {
    const [finding] = tester.findings(
      `async function f() {\n  const q = query();\n  await q;\n  await q;\n}`,
    );
    expect(finding?.message).toBe(
      '`q` is a lazy `QueryBuilder<{ id: number; }>`, not a Promise: this second `await` runs its work again ' +
        `(line ${headerLines + 3} already did). Await it once and keep the result, or convert it once with \`Promise.resolve(q)\`.`,
    );
  });
});

describe('thenable-reuse: clean', () => {
  it.each([
    [
      'a real Promise awaited twice (cached)',
      `async function f() {\n  const p = fetchRows();\n  await p;\n  return await p;\n}`,
    ],
    [
      'two different builders',
      `async function f() {\n  const a = query();\n  const b = query();\n  await a;\n  await b;\n}`,
    ],
    [
      'reassigned in between',
      `async function f() {\n  let q = query();\n  await q;\n  q = query();\n  await q;\n}`,
    ],
    [
      'if / else branches',
      `async function f(c: boolean) {\n  const q = query();\n  if (c) await q;\n  else await q;\n}`,
    ],
    [
      'conditional expression branches',
      `async function f(c: boolean) {\n  const q = query();\n  return c ? await q : await q;\n}`,
    ],
    [
      'return after the first await',
      `async function f(c: boolean) {\n  const q = query();\n  if (c) {\n    await q;\n    return;\n  }\n  await q;\n}`,
    ],
    [
      'retry in catch',
      `async function f() {\n  const q = query();\n  try {\n    return await q;\n  } catch {\n    return await q;\n  }\n}`,
    ],
    [
      'switch cases',
      `async function f(k: number) {\n  const q = query();\n  switch (k) {\n    case 1: return await q;\n    default: return await q;\n  }\n}`,
    ],
    [
      'converted once to a promise',
      `async function f() {\n  const p = Promise.resolve(query());\n  await p;\n  await p;\n}`,
    ],
    ['awaited once', `async function f() {\n  const q = query();\n  return await q;\n}`],
    [
      'PromiseLike (eagerness unknown)',
      `async function f(p: PromiseLike<number>) {\n  await p;\n  await p;\n}`,
    ],
    [
      'different functions',
      `const q = query();\nasync function a() { await q; }\nasync function b() { await q; }`,
    ],
    [
      'object literal thenable',
      `async function f() {\n  const t = { then(r: (v: number) => void) { r(1); } };\n  await t;\n  await t;\n}`,
    ],
    [
      'class extending Promise',
      `class MyPromise<T> extends Promise<T> {}\nasync function f(p: MyPromise<number>) {\n  await p;\n  await p;\n}`,
    ],
  ] as const)('%s', (_name, code) => {
    tester.expectValid(code);
  });
});
