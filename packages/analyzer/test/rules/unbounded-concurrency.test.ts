import { describe, expect, it } from 'vitest';
import { typeErrors } from '../../src/testing.js';
import { ruleTester } from '../support/rule-tester.js';

// unbounded-concurrency with `{ strict: true }`: every fan-out over a collection of unknown size. How the rule tells
// an evidently unbounded origin from a bounded one is in unbounded-concurrency.origins.test.ts.

const header = `declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare function parse(text: string): number;
declare const ids: string[];
`;

const strict = ruleTester('unbounded-concurrency', { prelude: header, options: { strict: true } });

describe('unbounded-concurrency (strict): flagged', () => {
  it.each([
    [
      'Promise.all over an async map',
      `export const f = () => Promise.all(ids.map(async (id) => fetchUser(id)));`,
      24,
    ],
    [
      'a map returning the promise',
      `export const f = () => Promise.all(ids.map((id) => fetchUser(id)));`,
      24,
    ],
    ['a function reference', `export const f = () => Promise.all(ids.map(fetchUser));`, 24],
    ['allSettled', `export const f = () => Promise.allSettled(ids.map((id) => fetchUser(id)));`, 24],
    ['race', `export const f = () => Promise.race(ids.map((id) => fetchUser(id)));`, 24],
    ['any', `export const f = () => Promise.any(ids.map((id) => fetchUser(id)));`, 24],
    [
      'Array.from with a mapper',
      `export const f = (s: Set<string>) => Promise.all(Array.from(s, (id) => fetchUser(id)));`,
      38,
    ],
    [
      'promises pushed in a loop',
      `export async function f() {
  const pending: Promise<unknown>[] = [];
  for (const id of ids) pending.push(fetchUser(id));
  await Promise.all(pending);
}`,
      9,
    ],
    [
      'a mapped array kept in a const first',
      `export async function f(rows: { id: string }[]) {
  const tasks = rows.map(async (row) => {
    const user = await fetchUser(row.id);
    return user.name;
  });
  return Promise.all(tasks);
}`,
      10,
    ],
    [
      'the map of an argument of unknown size',
      `export async function notify(emails: readonly string[], send: (to: string) => Promise<void>) {
  await Promise.all(emails.map((to) => send(to)));
}`,
      9,
    ],
    [
      'an open-ended slice',
      `export const f = () => Promise.all(ids.slice(1).map((id) => fetchUser(id)));`,
      24,
    ],
    [
      'a spread of Object.keys',
      `export const f = (o: Record<string, string>) => Promise.all(Object.keys(o).map((k) => fetchUser(o[k] ?? k)));`,
      [1, 49],
    ],
    [
      'a constant array that is filled in a loop',
      `const found: string[] = [];
for (const id of ids) found.push(id);
export const f = () => Promise.all(found.map((id) => fetchUser(id)));`,
      [3, 24],
    ],
    [
      'the keys of a constant object that gets keys added',
      `const registry: Record<string, string> = {};
export function register(key: string, value: string) {
  registry[key] = value;
}
export const f = () => Promise.all(Object.keys(registry).map((k) => fetchUser(k)));`,
      [5, 24],
    ],
    [
      'a let array (reassignable)',
      `let regions = ['eu', 'us'];
export function setRegions(next: string[]) {
  regions = next;
}
export const f = () => Promise.all(regions.map((r) => fetchUser(r)));`,
      [5, 24],
    ],
    [
      'the values of an object parameter',
      `export const f = (byId: Record<string, string>) => Promise.all(Object.values(byId).map((v) => fetchUser(v)));`,
      [1, 52],
    ],
  ])('%s', (_name, code, position) => {
    const [line, column] = Array.isArray(position)
      ? position
      : [code.split('\n').findIndex((l) => l.includes('Promise.')) + 1, position];
    strict.expectInvalid({ code, errors: [{ line, column, messageId: 'unbounded' }] });
  });

  it('suggests map() with a concurrency bound, and the result compiles', () => {
    const code = `export async function names() {
  const users = await Promise.all(ids.map((id) => fetchUser(id)));
  return users.map((u) => u.name);
}
`;
    const [finding] = strict.findings(code);
    expect(finding?.message).toContain('`Promise.all`');
    expect(finding?.message).toContain('map(items, fn, { concurrency: 8 })');
    const fixed = finding?.suggestions[0];
    expect(fixed).toBe(`import { map } from '@awaitwise/core';
${header}export async function names() {
  const users = await map(ids, (id) => fetchUser(id), { concurrency: 8 });
  return users.map((u) => u.name);
}
`);
    expect(typeErrors(fixed ?? '')).toEqual([]);
  });

  it('suggests mapSettled() for allSettled and adds the import after the existing ones', () => {
    const code = `import { setTimeout as wait } from 'node:timers/promises';
${header}export const f = () => Promise.allSettled(ids.map(async (id) => { await wait(1); return fetchUser(id); }));
`;
    const [finding] = strict.findings(code, { prelude: '' });
    const fixed = finding?.suggestions[0];
    expect(fixed).toBe(`import { setTimeout as wait } from 'node:timers/promises';
import { mapSettled } from '@awaitwise/core';
${header}export const f = () => mapSettled(ids, async (id) => { await wait(1); return fetchUser(id); }, { concurrency: 8 });
`);
    expect(typeErrors(fixed ?? '')).toEqual([]);
  });

  it('offers no rewrite when the callback uses the array argument or `map` is taken', () => {
    strict.expectInvalid({
      code: `export const f = () => /*!*/Promise.all(ids.map((id, i, all) => fetchUser(id + i + all.length)));`,
      errors: [{ messageId: 'unbounded', fixed: null, suggestions: [] }],
    });
    strict.expectInvalid({
      code: `const map = 1;\nexport const f = () => /*!*/Promise.all(ids.map((id) => fetchUser(id + map)));`,
      errors: [{ messageId: 'unbounded', fixed: null, suggestions: [] }],
    });
  });
});

describe('unbounded-concurrency (strict): not flagged', () => {
  it.each([
    ['a literal array', `export const f = () => Promise.all([fetchUser('a'), fetchUser('b')]);`],
    [
      'a literal array mapped',
      `export const f = () => Promise.all(['a', 'b', 'c'].map((id) => fetchUser(id)));`,
    ],
    ['a short slice', `export const f = () => Promise.all(ids.slice(0, 5).map((id) => fetchUser(id)));`],
    ['a tuple', `export const f = (pair: [string, string]) => Promise.all(pair.map((id) => fetchUser(id)));`],
    ['a synchronous map (no promise)', `export const f = () => Promise.all(ids.map((id) => parse(id)));`],
    [
      'an async callback with no I/O',
      `export const f = () => Promise.all(ids.map(async (id) => parse(id)));`,
    ],
    [
      'a limiter inside the callback (p-limit)',
      `import pLimit from 'p-limit';
const limit = pLimit(4);
export const f = () => Promise.all(ids.map((id) => limit(() => fetchUser(id))));`,
    ],
    [
      'closing every connection at once (teardown)',
      `declare const pools: { close(): Promise<void> }[];
export const f = () => Promise.all(pools.map((p) => p.close()));`,
    ],
    [
      'fan-out to the cluster nodes the configuration lists (their size is in the source, not in a name)',
      `const nodes: { ping(): Promise<string> }[] = [{ ping: async () => 'a' }, { ping: async () => 'b' }];
export const f = () => Promise.all(nodes.map((n) => n.ping()));`,
    ],
    [
      'a batch inside a loop over chunks',
      `declare function chunks<T>(items: T[], size: number): T[][];
export async function f() {
  for (const batch of chunks(ids, 10)) await Promise.all(batch.map((id) => fetchUser(id)));
}`,
    ],
    [
      'promises pushed in a loop of three',
      `export async function f() {
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < 3; i++) pending.push(fetchUser(String(i)));
  await Promise.all(pending);
}`,
    ],
    [
      'a shadowed Promise-like object',
      `const Promise2 = { all: (x: unknown) => x };
export const f = () => Promise2.all(ids.map((id) => fetchUser(id)));`,
    ],
    [
      'Array.from with a literal length',
      `export const f = () => Promise.all(Array.from({ length: 4 }, (_, i) => fetchUser(String(i))));`,
    ],
    [
      'a module constant array',
      `const SOURCES = ['google', 'github', 'twitter'] as const;
export const f = () => Promise.all(SOURCES.map((p) => fetchUser(p)));`,
    ],
    [
      'a filtered constant array',
      `const SOURCES = ['google', 'github', 'twitter'];
export const f = (on: (p: string) => boolean) =>
  Promise.all(SOURCES.filter(on).map((p) => fetchUser(p)));`,
    ],
    [
      'the keys of a constant object',
      `const revocation = { google: { url: 'a' }, github: { url: 'b' } };
export const f = () => Promise.all(Object.keys(revocation).map((p) => fetchUser(p)));`,
    ],
    [
      'the entries of a constant object declared with satisfies',
      `const revocation = { google: 'a', github: 'b' } satisfies Record<string, string>;
export const f = () => Promise.all(Object.entries(revocation).map(([k, v]) => fetchUser(k + v)));`,
    ],
    [
      'the values of an enum',
      `enum Role { Admin = 'admin', Member = 'member', Viewer = 'viewer' }
export const f = () => Promise.all(Object.values(Role).map((r) => fetchUser(r)));`,
    ],
    [
      'an array property of a constant object',
      `const config = { regions: ['eu', 'us', 'ap'] };
export const f = () => Promise.all(config.regions.map((r) => fetchUser(r)));`,
    ],
    [
      'Promise.resolve wrappers only',
      `export const f = () => Promise.all(ids.map((id) => Promise.resolve(id)));`,
    ],
  ])('%s', (_name, code) => {
    strict.expectValid(code);
  });
});
