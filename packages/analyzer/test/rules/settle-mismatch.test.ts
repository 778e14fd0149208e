import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const tester = ruleTester('settle-mismatch', {
  prelude: 'declare const ps: Promise<number>[];\ndeclare function work(n: number): Promise<number>;\n',
  suffix: '\nexport {};\n',
});

describe('settle-mismatch: flagged', () => {
  it.each([
    [
      'only .value read in a map',
      `async function f() {\n  const results = await Promise.allSettled(ps);\n  return results.map((r) => (r as PromiseFulfilledResult<number>).value);\n}`,
      [2, 25, 'unreadRejections'],
    ],
    [
      'for-of reading only value',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  for (const r of rs) console.log((r as any).value);\n}`,
      [2, 20, 'unreadRejections'],
    ],
    [
      'then callback reading only length',
      `Promise.allSettled(ps).then((rs) => console.log(rs.length));`,
      [1, 1, 'unreadRejections'],
    ],
    [
      'destructured elements only .value',
      `async function f() {\n  const [a, b] = await Promise.allSettled([work(1), work(2)]);\n  return [(a as any).value, (b as any).value];\n}`,
      [2, 24, 'unreadRejections'],
    ],
    [
      'element destructured for value only',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  rs.forEach(({ value }: any) => console.log(value));\n}`,
      [2, 20, 'unreadRejections'],
    ],
    [
      'Promise.all with every element catching',
      `async function f() {\n  await Promise.all([work(1).catch(() => undefined), work(2).catch(() => null)]);\n}`,
      [2, 9, 'allCaught'],
    ],
    [
      'Promise.all over map whose callback catches',
      `async function f(ids: number[]) {\n  await Promise.all(ids.map((id) => work(id).catch(() => null)));\n}`,
      [2, 9, 'allCaught'],
    ],
    [
      'Promise.all over map whose callback catches with an empty handler that says nothing',
      `async function f(ids: number[]) {\n  await Promise.all(ids.map((id) => work(id).catch(() => {})));\n}`,
      [2, 9, 'allCaught'],
    ],
    [
      'Promise.all with then(_, handler) elements',
      `Promise.all([work(1).then(String, () => ''), work(2).then(String, () => '')]);`,
      [1, 1, 'allCaught'],
    ],
    [
      'Promise.all with a block-bodied map callback returning a catch',
      `async function f(ids: number[]) {\n  await Promise.all(ids.map(async (id) => { return work(id).catch(noop); }));\n}\nfunction noop() {}`,
      [2, 9, 'allCaught'],
    ],
    [
      'index access reading value',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  return (rs[0] as any).value;\n}`,
      [2, 20, 'unreadRejections'],
    ],
    [
      'fulfilled results filtered out, then only .value read',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  return rs.filter((r) => r.status === 'fulfilled').map((r) => r.value);\n}`,
      [2, 20, 'unreadRejections'],
    ],
    [
      'a type-predicate filter in a block body',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  const ok = rs.filter((r): r is PromiseFulfilledResult<number> => {\n    return r.status === 'fulfilled';\n  });\n  return ok.map((r) => r.value);\n}`,
      [2, 20, 'unreadRejections'],
    ],
    [
      'a loop keeping the fulfilled values, no else',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  const out: number[] = [];\n  for (const r of rs) if (r.status === 'fulfilled') out.push(r.value);\n  return out;\n}`,
      [2, 20, 'unreadRejections'],
    ],
    [
      'a loop skipping the rejected ones with continue',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  let sum = 0;\n  for (const r of rs) {\n    if (r.status !== 'fulfilled') continue;\n    sum += r.value;\n  }\n  return sum;\n}`,
      [2, 20, 'unreadRejections'],
    ],
    [
      'a map turning rejections into null',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  return rs.map((r) => (r.status === 'fulfilled' ? r.value : null));\n}`,
      [2, 20, 'unreadRejections'],
    ],
    [
      'the fulfilled ones kept in a copy, then only their values read',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  const ok = rs.filter((r) => r.status === 'fulfilled');\n  return ok.map((r) => r.value);\n}`,
      [2, 20, 'unreadRejections'],
    ],
    [
      'discarded results with reportDiscarded',
      `async function f() {\n  await Promise.allSettled(ps);\n}`,
      [2, 9, 'discardedResults'],
      { reportDiscarded: true },
    ],
  ] as const)('%s', (_name, code, [line, column, messageId], options?: Record<string, unknown>) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId }], ...(options ? { options } : {}) });
  });
});

describe('settle-mismatch: clean', () => {
  it.each([
    [
      'status checked in filter',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  return rs.filter((r) => r.status === 'rejected');\n}`,
    ],
    [
      'reason read in a loop',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  for (const r of rs) if (r.status === 'rejected') console.error(r.reason);\n}`,
    ],
    [
      'results passed on',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  report(rs);\n}\ndeclare function report(x: unknown): void;`,
    ],
    ['results returned', `async function f() {\n  const rs = await Promise.allSettled(ps);\n  return rs;\n}`],
    [
      'discarded results by default (deliberate wait)',
      `async function f() {\n  await Promise.allSettled(ps);\n}`,
    ],
    [
      'element destructured with status',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  rs.forEach(({ status }) => console.log(status));\n}`,
    ],
    ['Promise.all with one element not catching', `Promise.all([work(1).catch(() => 0), work(2)]);`],
    [
      'Promise.all whose catch rethrows',
      `Promise.all([work(1).catch((e) => { throw e; }), work(2).catch((e) => { throw e; })]);`,
    ],
    [
      'caught values used as sentinels (optional lookups)',
      `async function f(ids: number[]) {\n  const found = await Promise.all(ids.map((id) => work(id).catch(() => undefined)));\n  return found.filter((x) => x !== undefined);\n}`,
    ],
    [
      'a hand-written allSettled keeps the reason',
      `Promise.all(ps.map((p) => p.then((value) => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason }))));`,
    ],
    [
      'catch handlers that log the error',
      `Promise.all([work(1).catch((e) => console.error(e)), work(2).catch((e) => console.error(e))]);`,
    ],
    ['Promise.all with a single caught element', `Promise.all([work(1).catch(() => 0)]);`],
    [
      'empty catch handlers that say why the failures are ignored',
      `async function f(ids: number[]) {\n  await Promise.all(ids.map((id) => work(id).catch(() => {\n    // killing the pooled connections: errors are expected\n  })));\n}`,
    ],
    [
      'Promise.all over map that does not catch',
      `async function f(ids: number[]) {\n  return Promise.all(ids.map((id) => work(id)));\n}`,
    ],
    [
      'a shadowing allSettled that is not Promise',
      `const P = { allSettled: (x: unknown) => x };\nconst r = P.allSettled(ps);`,
    ],
    [
      'fulfilled kept, and the rejected ones counted from the same results',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  const failed = rs.filter((r) => r.status === 'rejected').length;\n  if (failed > 0) console.warn(failed);\n  return rs.filter((r) => r.status === 'fulfilled').map((r) => r.value);\n}`,
    ],
    [
      'a loop with an else for the rejected ones',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  let failed = 0;\n  for (const r of rs) {\n    if (r.status === 'fulfilled') console.log(r.value);\n    else failed++;\n  }\n  return failed;\n}`,
    ],
    [
      'a loop that handles the rejected ones after the fulfilled branch exits',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  let failed = 0;\n  for (const r of rs) {\n    if (r.status === 'fulfilled') continue;\n    failed++;\n  }\n  return failed;\n}`,
    ],
    [
      'every result checked for success',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  if (!rs.every((r) => r.status === 'fulfilled')) throw new Error('some failed');\n}`,
    ],
    [
      'a map that keeps a marker for the rejected ones',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  return rs.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'));\n}`,
    ],
    [
      'a continue that counts the failure first',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  let failed = 0;\n  for (const r of rs) {\n    if (r.status !== 'fulfilled') {\n      failed++;\n      continue;\n    }\n    console.log(r.value);\n  }\n  return failed;\n}`,
    ],
    [
      'the fulfilled ones counted and returned (the caller sees how many failed)',
      `async function f() {\n  const rs = await Promise.allSettled(ps);\n  return rs.filter((r) => r.status === 'fulfilled').length;\n}`,
    ],
    [
      'whichever of two different lookups works (a literal list)',
      `async function f(host: string) {\n  const [v4, v6] = await Promise.allSettled([work(4), work(6)]);\n  return [...(v4.status === 'fulfilled' ? [v4.value] : []), ...(v6.status === 'fulfilled' ? [v6.value] : [])];\n}`,
    ],
    [
      'then callback reading status',
      `Promise.allSettled(ps).then((rs) => rs.some((r) => r.status === 'rejected'));`,
    ],
  ] as const)('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('settle-mismatch: options', () => {
  it('rejects a non-boolean reportDiscarded', () => {
    expect(() => tester.run('', { options: { reportDiscarded: 'yes' } })).toThrow(
      new TypeError(
        'Expected `reportDiscarded` of rule `settle-mismatch` to be a boolean, got `"yes"` (string)',
      ),
    );
  });
});
