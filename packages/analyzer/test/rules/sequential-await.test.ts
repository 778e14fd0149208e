import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const header = `
declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare function save(item: unknown): Promise<void>;
declare function sleep(ms: number): Promise<void>;
declare const ids: string[];
declare const items: { id: string; size: number }[];
`;

const tester = ruleTester('sequential-await', { prelude: header });

describe('sequential-await: flagged', () => {
  it.each([
    [
      'for…of awaiting a call on the item',
      `export async function f() {
  for (const id of ids) {
    await save(id);
  }
}`,
      [3, 5],
    ],
    [
      'results collected with push',
      `export async function f() {
  const users = [];
  for (const id of ids) users.push(await fetchUser(id));
  return users;
}`,
      [3, 36],
    ],
    [
      'a const per iteration, then a map set',
      `export async function f() {
  const byId = new Map<string, string>();
  for (const id of ids) {
    const user = await fetchUser(id);
    byId.set(id, user.name);
  }
  return byId;
}`,
      [4, 18],
    ],
    [
      'a number total only read after the loop',
      `export async function f() {
  let total = 0;
  for (const item of items) {
    const user = await fetchUser(item.id);
    total += user.name.length;
  }
  return total;
}`,
      [4, 18],
    ],
    [
      'a counted for loop over an index',
      `export async function f() {
  for (let i = 0; i < ids.length; i++) {
    await save(ids[i]);
  }
}`,
      [3, 5],
    ],
    [
      'for…in over an object',
      `export async function f(record: Record<string, string>) {
  for (const key in record) {
    await save(record[key]);
  }
}`,
      [3, 5],
    ],
    [
      'a filter continue before the await',
      `export async function f() {
  for (const item of items) {
    if (item.size === 0) continue;
    await save(item);
  }
}`,
      [4, 5],
    ],
    [
      'destructured loop variables and a keyed collector',
      `export async function f(entries: [string, number][]) {
  const out: Record<string, string> = {};
  for (const [key] of entries) {
    out[key] = (await fetchUser(key)).name;
  }
  return out;
}`,
      [4, 17],
    ],
    [
      'a method of a class awaiting per element',
      `export class Importer {
  async importAll(users: string[]) {
    for (const user of users) {
      await save({ user });
    }
  }
}`,
      [4, 7],
    ],
    [
      'a try/catch that records the failure and goes on',
      `export async function f() {
  const failed: string[] = [];
  for (const id of ids) {
    try {
      await save(id);
    } catch {
      failed.push(id);
    }
  }
  return failed;
}`,
      [5, 7],
    ],
    [
      'an arrow function body',
      `export const f = async () => {
  for (const id of ids) await save(id);
};`,
      [2, 25],
    ],
  ])('%s', (_name, code, [line, column]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId: 'sequentialAwait' }] });
  });

  it('reports the message with the fix', () => {
    const [finding] = tester.findings(`export async function f() { for (const id of ids) await save(id); }`);
    expect(finding?.message).toContain('map(items, fn, { concurrency })');
    expect(finding?.severity).toBe('warning');
  });
});

describe('sequential-await: not flagged', () => {
  it.each([
    [
      'for await',
      `export async function f(s: AsyncIterable<string>) { for await (const x of s) await save(x); }`,
    ],
    [
      'a value carried to the next iteration (pagination token)',
      `declare function page(token?: string): Promise<{ next?: string; rows: string[] }>;
export async function f() {
  let token: string | undefined;
  for (const _ of ids) {
    const res = await page(token);
    token = res.next;
  }
}`,
    ],
    [
      'an early return decided by an awaited result',
      `export async function f() {
  for (const id of ids) {
    const user = await fetchUser(id);
    if (user.name === 'admin') return user;
  }
  return undefined;
}`,
    ],
    [
      'a break out of the loop',
      `export async function f() {
  for (const id of ids) {
    if (id === '') break;
    await save(id);
  }
}`,
    ],
    [
      'a continue decided by an awaited result',
      `export async function f() {
  for (const id of ids) {
    const user = await fetchUser(id);
    if (!user) continue;
    await save(user);
  }
}`,
    ],
    [
      'an await before a throw',
      `export async function f() {
  for (const id of ids) {
    const user = await fetchUser(id);
    if (!user.name) throw new Error('nameless ' + id);
  }
}`,
    ],
    [
      'a rate-limit sleep',
      `export async function f() {
  for (const id of ids) {
    await save(id);
    await sleep(100);
  }
}`,
    ],
    [
      'writes to one stream in order',
      `declare const out: { write(s: string): Promise<void> };
export async function f() {
  for (const id of ids) await out.write(id);
}`,
    ],
    [
      'a retry loop with an attempt counter',
      `export async function f() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try { await save(1); } catch { /* retry */ }
  }
}`,
    ],
    [
      'a while poll loop',
      `declare function ready(): Promise<boolean>;
export async function f() {
  while (!(await ready())) await sleep(50);
}`,
    ],
    [
      'migrations run one after another',
      `declare const migrations: { up(): Promise<void> }[];
export async function f() {
  for (const migration of migrations) await migration.up();
}`,
    ],
    [
      'middleware-like steps called in order',
      `declare const hooks: ((ctx: object) => Promise<void>)[];
export async function f(ctx: object) {
  for (const hook of hooks) await hook(ctx);
}`,
    ],
    [
      'a shared set read and written (dedupe across iterations)',
      `export async function f() {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    await save(id);
  }
}`,
    ],
    [
      'a running value read by the next iteration',
      `export async function f() {
  let previous = '';
  for (const id of ids) {
    await save(previous + id);
    previous = id;
  }
}`,
    ],
    [
      'a string built in order (+= on a non-number)',
      `export async function f() {
  let text = '';
  for (const id of ids) text += (await fetchUser(id)).name;
  return text;
}`,
    ],
    [
      'a cursor read with next()',
      `declare const cursor: { next(): Promise<string | null> };
export async function f() {
  for (let i = 0; i < 10; i++) await save(await cursor.next());
}`,
    ],
    [
      'batches awaited with Promise.all (deliberate batching)',
      `declare const groups: string[][];
export async function f() {
  for (const group of groups) await Promise.all(group.map((id) => save(id)));
}`,
    ],
    [
      'an await that does not depend on the item',
      `declare function flush(): Promise<void>;
export async function f() {
  for (const id of ids) {
    console.log(id);
    await flush();
  }
}`,
    ],
    [
      'a literal list of two',
      `export async function f() {
  for (const name of ['a', 'b']) await save(name);
}`,
    ],
    [
      'state on this written in the loop',
      `export class Counter {
  last = '';
  async run() {
    for (const id of ids) {
      await save(id);
      this.last = id;
    }
  }
}`,
    ],
    [
      'an async generator yielding in order',
      `export async function* f() {
  for (const id of ids) yield await fetchUser(id);
}`,
    ],
    [
      'an await in a nested callback, not in the loop',
      `export function f() {
  for (const id of ids) {
    setTimeout(async () => { await save(id); }, 0);
  }
}`,
    ],
    [
      'a transaction client shared by the iterations',
      `declare const trx: { insert(row: unknown): Promise<void> };
export async function f() {
  for (const id of ids) await trx.insert({ id });
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});
