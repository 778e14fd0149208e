import { describe, expect, it } from 'vitest';
import { typeErrors } from '../../src/testing.js';
import { ruleTester } from '../support/rule-tester.js';

const prelude = `
declare function load(id?: number): Promise<number>;
declare function fallback(): Promise<number>;
declare const cached: Promise<number> | undefined;
interface Query extends PromiseLike<number[]> { where(column: string): Query }
declare const query: Query;
`;

const tester = ruleTester('return-await-in-try', { prelude });

/** Cases: code with markers, the message id, and the code after `--fix`. */
const invalid: { name: string; code: string; messageId: string; fixed: string }[] = [
  {
    name: 'return of a call inside try with catch',
    code: `export async function a(): Promise<number> {\n  try { return /*!*/load(); } catch { return 0; }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await load();`,
  },
  {
    name: 'try with only finally (finally runs before the work is done)',
    code: `export async function b(): Promise<number> {\n  try { return /*!*/load(); } finally { console.log('done'); }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await load();`,
  },
  {
    name: 'inside catch when a finally follows',
    code: `export async function c(): Promise<number> {\n  try { return await load(); } catch { return /*!*/fallback(); } finally { console.log('x'); }\n}\n`,
    messageId: 'returnInCatch',
    fixed: `return await fallback();`,
  },
  {
    name: 'nested in an if inside try',
    code: `export async function d(flag: boolean): Promise<number> {\n  try {\n    if (flag) {\n      return /*!*/load(1);\n    }\n    return 2;\n  } catch { return 0; }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await load(1);`,
  },
  {
    name: 'a logical expression is parenthesized by the fix',
    code: `export async function e(): Promise<number> {\n  try { return /*!*/cached || load(); } catch { return 0; }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await (cached || load());`,
  },
  {
    name: 'a conditional expression is parenthesized by the fix',
    code: `export async function f(flag: boolean): Promise<number> {\n  try { return /*!*/flag ? load() : fallback(); } catch { return 0; }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await (flag ? load() : fallback());`,
  },
  {
    name: 'an as-expression is parenthesized by the fix',
    code: `export async function g(value: unknown): Promise<number> {\n  try { return /*!*/value as Promise<number>; } catch { return 0; }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await (value as Promise<number>);`,
  },
  {
    name: 'an async method',
    code: `export class Repo {\n  async find(): Promise<number> {\n    try { return /*!*/load(); } catch { return -1; }\n  }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await load();`,
  },
  {
    name: 'an async arrow function',
    code: `export const h = async (): Promise<number> => {\n  try { return /*!*/load(); } catch { return 0; }\n};\n`,
    messageId: 'returnInTry',
    fixed: `return await load();`,
  },
  {
    name: 'a thenable query builder',
    code: `export async function i(): Promise<number[]> {\n  try { return /*!*/query.where('id'); } catch { return []; }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await query.where('id');`,
  },
  {
    name: 'a promise-or-undefined union',
    code: `export async function j(): Promise<number | undefined> {\n  try { return /*!*/cached; } catch { return undefined; }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await cached;`,
  },
  {
    name: 'the catch rethrows, but only under a condition the return is not under',
    code: `export async function l(full: boolean, other: boolean): Promise<number> {
  try {
    if (other) return /*!*/load(1);
    return await load(2);
  } catch (err) {
    if (full) throw err;
    return 0;
  }
}
`,
    messageId: 'returnInTry',
    fixed: `return await load(1);`,
  },
  {
    name: 'the catch rethrows after handling (the log is skipped)',
    code: `export async function m(): Promise<number> {
  try { return /*!*/load(); } catch (err) { console.error(err); throw err; }
}
`,
    messageId: 'returnInTry',
    fixed: `return await load();`,
  },
  {
    name: 'the catch only rethrows, but a finally follows',
    code: `export async function n(): Promise<number> {
  try { return /*!*/load(); } catch (err) { throw err; } finally { console.log('x'); }
}
`,
    messageId: 'returnInTry',
    fixed: `return await load();`,
  },
  {
    name: 'inside a loop inside try',
    code: `export async function k(ids: number[]): Promise<number> {\n  try {\n    for (const id of ids) if (id > 0) return /*!*/load(id);\n    return 0;\n  } catch { return -1; }\n}\n`,
    messageId: 'returnInTry',
    fixed: `return await load(id);`,
  },
];

describe('return-await-in-try: flagged, with a safe fix', () => {
  for (const { name, code, messageId, fixed } of invalid) {
    it(name, () => {
      const { findings, code: plain } = tester.flags(code, messageId);
      const original = /return \/\*!\*\/[^;]*;/.exec(code)![0].replace('/*!*/', '');
      expect(findings[0]!.fixed).toBe(plain.replace(original, fixed));
    });
  }

  it('every fixed case still compiles', () => {
    const run = tester.run(invalid.map((c) => c.code).join(''));
    expect(run.findings).toHaveLength(invalid.length);
    expect(run.output).not.toBe(run.code);
    expect(typeErrors(prelude + run.output)).toEqual([]);
  });

  it('the message names what the rejection skips', () => {
    const [withCatch] = tester.findings(invalid[0]!.code);
    expect(withCatch!.message).toContain('skips the `catch`');
    const [onlyFinally] = tester.findings(invalid[1]!.code);
    expect(onlyFinally!.message).toContain('`finally`, which runs before the work is done');
  });
});

describe('return-await-in-try: not flagged', () => {
  const clean: Record<string, string> = {
    'already awaited': `export async function a(): Promise<number> { try { return await load(); } catch { return 0; } }`,
    'awaited in parentheses': `export async function a(): Promise<number> { try { return (await load()); } catch { return 0; } }`,
    'a non-promise return in try': `export async function b(): Promise<number> { try { return 1; } catch { return 0; } }`,
    'try with only finally returning a non-promise': `export async function c(): Promise<number> { try { return 1; } finally { console.log('x'); } }`,
    'a promise returned outside any try': `export async function d(): Promise<number> { return load(); }`,
    'a non-async function (it cannot await)': `export function e(): Promise<number> { try { return load(); } catch { return Promise.resolve(0); } }`,
    'in a nested non-async callback inside try': `export async function f(ids: number[]): Promise<void> { try { ids.map((id) => { return load(id); }); } catch { /* */ } }`,
    'in a nested async function whose own body has no try': `export async function g(): Promise<void> { try { const run = async () => { return load(); }; await run(); } catch { /* */ } }`,
    'in catch without finally': `export async function h(): Promise<number> { try { return await load(); } catch { return fallback(); } }`,
    'in the finally block itself': `export async function i(): Promise<number> { try { await load(); } finally { return fallback(); } }`,
    'an any-typed value': `export async function j(value: any): Promise<number> { try { return value; } catch { return 0; } }`,
    'a promise already awaited before the return': `export async function l(): Promise<number> {\n  const done = load();\n  try { await done; return done; } finally { console.log('x'); }\n}`,
    'the catch only rethrows': `export async function m(): Promise<number> { try { return load(); } catch (err) { throw err; } }`,
    'the catch rethrows under a condition the return sits under': `export async function n(full: boolean): Promise<number> {
  try {
    if (full) {
      return load(1);
    }
    return await load(2);
  } catch (err) {
    if ((err as { code?: string }).code !== 'E404' || full) throw err;
    return fallback();
  }
}`,
    'an async generator (its return is awaited)': `export async function* k(): AsyncGenerator<number, number> { try { yield 1; return load(); } catch { return 0; } }`,
  };
  for (const [name, code] of Object.entries(clean)) {
    it(name, () => {
      tester.expectValid(`${code}\n`);
    });
  }
});
