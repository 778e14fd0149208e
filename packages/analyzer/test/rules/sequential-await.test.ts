import { beforeAll, describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const header = `
declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare function save(item: unknown): Promise<void>;
declare function sleep(ms: number): Promise<void>;
declare const ids: string[];
declare const items: { id: string; size: number }[];
declare function loadOrders(id: string): Promise<{ rows: string[] }>;
declare function prompt(question: string): Promise<string>;
declare const pool: { connect(): Promise<{ query(sql: string): Promise<void> }> };
declare const db: { transaction<T>(work: (t: { insert(row: unknown): Promise<void> }) => Promise<T>): Promise<T> };
declare const repo: { create(row: unknown): Promise<object>; update(row: unknown): Promise<object> };
`;

const tester = ruleTester('sequential-await', { prelude: header });

// The first case builds the type checker's libraries: on a loaded machine that alone can take most of a test's time.
beforeAll(() => {
  tester.expectValid('export {};');
}, 120_000);

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

describe('sequential-await: loop-carried state that the awaits do not read', () => {
  it.each([
    [
      'a text rewritten after each independent lookup (the lookups can run together)',
      `export async function f(markdown: string) {
  for (const id of ids) {
    const user = /*!*/await fetchUser(id);
    if (user) markdown = markdown.replace(id, user.name);
  }
  return markdown;
}`,
    ],
    [
      'a string built in order (map keeps the order of the results)',
      `export async function f() {
  let text = '';
  for (const id of ids) text += (/*!*/await fetchUser(id)).name;
  return text;
}`,
    ],
    [
      'the last result kept',
      `export async function f() {
  let last;
  for (const id of ids) last = /*!*/await fetchUser(id);
  return last;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'sequentialAwait' });
  });
});

describe('sequential-await: loops of every kind', () => {
  it.each([
    [
      'while over an index',
      `export async function f() {
  let i = 0;
  while (i < ids.length) {
    /*!*/await save(ids[i]);
    i++;
  }
}`,
    ],
    [
      'do…while over an index',
      `export async function f() {
  const names: string[] = [];
  let i = 0;
  do {
    const user = /*!*/await fetchUser(ids[i]!);
    names.push(user.name);
    i += 1;
  } while (i < ids.length);
}`,
    ],
    [
      'a reduce chain that awaits the previous step, then works on its item',
      `export async function f() {
  await ids.reduce(async (previous, id) => {
    await previous;
    /*!*/await save(id);
  }, Promise.resolve());
}`,
    ],
    [
      'a reduce chain that collects the results',
      `export async function f() {
  return ids.reduce(async (previous, id) => {
    const names = await previous;
    names.push((/*!*/await fetchUser(id)).name);
    return names;
  }, Promise.resolve([] as string[]));
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'sequentialAwait' });
  });

  it.each([
    [
      'a while loop draining a queue',
      `export async function f(queue: string[]) {
  while (queue.length > 0) {
    const id = queue.shift()!;
    await save(id);
  }
}`,
    ],
    [
      'a while over an index whose awaits read what the previous iteration wrote',
      `export async function f() {
  let i = 0;
  let previous = '';
  while (i < ids.length) {
    await save(previous + ids[i]);
    previous = ids[i]!;
    i++;
  }
}`,
    ],
    [
      'a while loop whose counter is not stepped last',
      `export async function f() {
  let i = 0;
  while (i < ids.length) {
    i++;
    await save(ids[i]);
  }
}`,
    ],
    [
      'a reduce chain whose work uses the previous result',
      `export async function f() {
  await ids.reduce(async (previous, id) => {
    const version = await previous;
    await save({ id, version });
    return version + 1;
  }, Promise.resolve(0));
}`,
    ],
    [
      'a reduce that is not a chain of promises',
      `export async function f() {
  return ids.reduce((total, id) => total + id.length, 0);
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('sequential-await: straight-line independent awaits', () => {
  it.each([
    [
      'two lookups by the same id, returned together',
      `export async function f(id: string) {
  const user = await fetchUser(id);
  const orders = /*!*/await loadOrders(id);
  return { user, orders };
}`,
    ],
    [
      'destructuring and property access',
      `export async function f(a: string, b: string) {
  const { name } = await fetchUser(a);
  const rows = (/*!*/await loadOrders(b)).rows;
  console.log(name, rows.length);
}`,
    ],
    [
      'three lookups in a row',
      `export async function f(id: string) {
  const user = await fetchUser(id);
  const orders = /*!*/await loadOrders(id);
  const friend = /*!*/await fetchUser(id + '-friend');
  return [user, orders, friend];
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'independentAwaits' });
  });

  it('names the first await and its result in the message', () => {
    const [finding] = tester.findings(
      `export async function f(id: string) {\n  const user = await fetchUser(id);\n  const orders = await loadOrders(id);\n  return { user, orders };\n}`,
    );
    expect(finding?.message).toMatch(
      /waits for the one on line \d+ although it does not use its result \(`user`\)/,
    );
  });

  it.each([
    [
      'the second uses the first',
      `export async function f(id: string) {
  const user = await fetchUser(id);
  const orders = await loadOrders(user.id);
  return { user, orders };
}`,
    ],
    [
      'the results are never used together',
      `export async function f(a: string, b: string) {
  const user = await fetchUser(a);
  console.log(user.name);
  const orders = await loadOrders(b);
  return orders;
}`,
    ],
    [
      'one resource changed in order (create, then update)',
      `export async function f(row: object) {
  const created = await repo.create(row);
  const updated = await repo.update(row);
  return { created, updated };
}`,
    ],
    [
      'a lookup, then a write that must not happen if the lookup fails',
      `declare const accounts: { create(row: object): Promise<{ id: string }> };
export async function f(id: string) {
  const user = await fetchUser(id);
  const account = await accounts.create({ owner: id });
  return { user, account };
}`,
    ],
    [
      'questions asked in order',
      `export async function f() {
  const name = await prompt('name?');
  const email = await prompt('email?');
  return { name, email };
}`,
    ],
    [
      'promises already running, awaited in turn',
      `export async function f(a: Promise<string>, b: Promise<string>) {
  const first = await a;
  const second = await b;
  return first + second;
}`,
    ],
    [
      'dynamic imports',
      `export async function f() {
  const a = await import('node:fs');
  const b = await import('node:path');
  return [a, b];
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('sequential-await: order is the point', () => {
  it.each([
    [
      'queries on one connection',
      `export async function f() {
  const client = await pool.connect();
  for (const id of ids) await client.query(id);
}`,
    ],
    [
      'inserts in one transaction, whatever its parameter is called',
      `export async function f() {
  await db.transaction(async (t) => {
    for (const id of ids) await t.insert({ id });
  });
}`,
    ],
    [
      'promises already running, awaited one by one',
      `export async function f(pending: Record<string, Promise<string>>) {
  const out: Record<string, string> = {};
  for (const key of Object.keys(pending)) out[key] = await pending[key]!;
  return out;
}`,
    ],
    [
      "a method of the object itself (it shares the object's connection)",
      `export class Runner {
  private busy = false;
  constructor(private readonly connection: { query(sql: string): Promise<string[]> }) {}
  async queryArray(queries: string[]) {
    this.busy = true;
    try { return await this.connection.query(queries.join(';')); } finally { this.busy = false; }
  }
  async run(queries: string[]) {
    const results = [];
    for (const query of queries) results.push(await this.queryArray([query]));
    return results;
  }
}`,
    ],
    [
      'rows written in one Sequelize transaction (passed as an option)',
      `declare const Group: { findOrCreate(options: object): Promise<[object, boolean]> };
export async function f(transaction: object) {
  for (const id of ids) await Group.findOrCreate({ where: { id }, transaction });
}`,
    ],
    [
      'commands queued on one multi, handed to a helper',
      `declare const client: { multi(): { exec(): Promise<void> } };
declare function addJob(queue: { exec(): Promise<void> }, id: string): Promise<void>;
export async function f() {
  const multi = client.multi();
  for (const id of ids) await addJob(multi, id);
}`,
    ],
    [
      'a shell command helper run per folder',
      `declare function spawnCommand(command: string, options: { cwd: string }): Promise<string>;
export async function f(folders: string[]) {
  for (const cwd of folders) await spawnCommand('npm install', { cwd });
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });

  it('tests, benchmarks and scripts are left alone by default', () => {
    const code = `export async function f() { for (const id of ids) await save(id); }`;
    tester.expectValid({ code, fileName: 'queue.test.ts' });
    tester.expectValid({ code, fileName: 'bench/rounds.ts' });
    tester.expectValid({ code, fileName: 'scripts/generate.ts' });
  });

  it('with strict, tests are checked too', () => {
    tester.expectInvalid({
      code: `export async function f() { for (const id of ids) /*!*/await save(id); }`,
      fileName: 'queue.test.ts',
      options: { strict: true },
      messageId: 'sequentialAwait',
    });
  });

  it('rejects an unknown option', () => {
    expect(() => tester.run('', { options: { loops: true } })).toThrow(
      new TypeError('Unknown option `loops` of rule `sequential-await`; known options: `strict`.'),
    );
  });
});

describe('sequential-await: straight-line shapes from real fixes', () => {
  const sqlHeader = `declare const db: { $queryRaw<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T> };
declare const tx: { <T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T> };
declare function getClient(): Promise<{ remove(keys: string[]): Promise<void> }>;
declare function listKeys(base: string): Promise<string[]>;
declare function without(keys: string[], dropped: Set<string>): string[];
`;
  it.each([
    [
      'results joined only through values derived from each (two feeds, then their items)',
      `export async function f(reader: { parse(url: string): Promise<{ items: string[] }> }) {
  const zh = await reader.parse('https://example.test/zh.xml');
  const en = /*!*/await reader.parse('https://example.test/en.xml');
  const zhItems = zh.items;
  const enItems = en.items;
  return zhItems.map((item, index) => item + (enItems[index] ?? ''));
}`,
    ],
    [
      'synchronous statements between the two awaits (filtering the first result)',
      `export async function f(id: string, dropped: Set<string>) {
  let keys = (await loadOrders(id)).rows;
  keys = without(keys, dropped);
  const extra = /*!*/await loadOrders(id + '-pending');
  return [...keys, ...extra.rows];
}`,
    ],
    [
      'two read-only raw SQL queries as tagged templates',
      `export async function f(workspace: string, page: number) {
  const total = (await db.$queryRaw<{ count: bigint }[]>\`SELECT COUNT(*) AS count FROM events WHERE ws = \${workspace}\`)[0]?.count;
  const rows = /*!*/await db.$queryRaw<{ id: string }[]>\`SELECT id FROM events WHERE ws = \${workspace} OFFSET \${page}\`;
  return { total, rows };
}`,
    ],
    [
      'a result assigned to a variable declared earlier',
      `export async function f(a: string, b: string) {
  let user;
  user = await fetchUser(a);
  const orders = /*!*/await loadOrders(b);
  return { user, orders };
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code: sqlHeader + code, messageId: 'independentAwaits' });
  });

  it.each([
    [
      'an exit between them: the second runs only when the first succeeded',
      `export async function f(a: string, b: string) {
  const user = await fetchUser(a);
  if (!user.name) throw new Error('no such user');
  const orders = await loadOrders(b);
  return { user, orders };
}`,
    ],
    [
      'a check on the first result between them (it throws when the user may not read)',
      `declare function authorize(user: { id: string }, action: string, target: unknown): void;
export async function f(viewer: { id: string }, id: string) {
  const user = await fetchUser(id);
  authorize(viewer, 'read', user);
  const orders = await loadOrders(id);
  return { user, orders };
}`,
    ],
    [
      'a statement between them writes what the second reads',
      `export async function f(query: { id: string }) {
  const user = await fetchUser(query.id);
  query.id = user.id + '-orders';
  const orders = await loadOrders(query.id);
  return { user, orders };
}`,
    ],
    [
      'SQL that writes, then a read',
      `export async function f(id: string) {
  const inserted = await db.$queryRaw<unknown[]>\`INSERT INTO seen (id) VALUES (\${id}) RETURNING id\`;
  const rows = await db.$queryRaw<unknown[]>\`SELECT id FROM seen\`;
  return { inserted, rows };
}`,
    ],
    [
      'statements of one transaction',
      `export async function f(id: string) {
  const a = await tx<unknown[]>\`SELECT * FROM a WHERE id = \${id}\`;
  const b = await tx<unknown[]>\`SELECT * FROM b WHERE id = \${id}\`;
  return { a, b };
}`,
    ],
    [
      'another await between them',
      `export async function f(a: string, b: string) {
  const user = await fetchUser(a);
  await sleep(10);
  const orders = await loadOrders(b);
  return { user, orders };
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(sqlHeader + code);
  });

  it('a client getter next to a lookup is reported only with strict (the client is usually cached)', () => {
    const code = `${sqlHeader}export async function f(base: string) {
  const client = await getClient();
  const keys = /*!*/await listKeys(base);
  await client.remove(keys);
}`;
    tester.expectValid(code);
    tester.expectInvalid({ code, options: { strict: true }, messageId: 'independentAwaits' });
  });
});

describe('sequential-await: loops whose order is the point (whole-repository reviews)', () => {
  it.each([
    [
      'a memo filled per item (`??=`): whether the request runs depends on earlier items',
      `declare const memo: Record<string, string>;
declare function lookup(name: string): Promise<string>;
export async function f(names: string[]) {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = (memo[name] ??= await lookup(name));
  return out;
}`,
    ],
    [
      "the collection's own functions run as steps (`await stops[key]()`)",
      `export async function f(stops: Record<string, () => Promise<void>>) {
  for (const key in stops) await stops[key]!();
}`,
    ],
    [
      'the streams of one result set, read while it is held open',
      `declare function readLob(stream: unknown): Promise<string>;
declare function closeResultSet(): Promise<void>;
export async function f(lobs: { row: number; stream: unknown }[], rows: string[]) {
  try {
    for (const lob of lobs) rows[lob.row] = await readLob(lob.stream);
  } catch (error) {
    await closeResultSet();
    throw error;
  }
}`,
    ],
    [
      'a report printed per item',
      `export async function f() {
  for (const id of ids) {
    const user = await fetchUser(id);
    console.log(user.name);
  }
}`,
    ],
    [
      'a report printed per item through a helper',
      `function print(message: string) {
  process.stdout.write(message + '\\n');
}
export async function f() {
  for (const id of ids) {
    const user = await fetchUser(id);
    print(user.name);
  }
}`,
    ],
    [
      'promises already running, resolved by a helper that awaits what it is given',
      `async function settle(value: unknown): Promise<unknown> {
  if (value instanceof Promise) return await value;
  return value;
}
export async function f(input: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[key] = await settle(value);
  return out;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });

  it('a body that decides on state earlier items wrote, after its wait, is reported (the waits can overlap)', () => {
    const code = `export async function f(mounts: { base: string }[]) {
  let masked: string[] = [];
  const all: string[] = [];
  for (const mount of mounts) {
    const keys = /*!*/await loadOrders(mount.base);
    for (const key of keys.rows) if (!masked.some((m) => key.startsWith(m))) all.push(key);
    masked = [mount.base, ...masked];
  }
  return all;
}`;
    tester.expectInvalid({ code, messageId: 'sequentialAwait' });
  });

  it('a helper that starts work (not only awaits its parameter) is still reported', () => {
    tester.expectInvalid({
      code: `async function load(id: string) {
  return await fetchUser(id);
}
export async function f() {
  const out = [];
  for (const id of ids) out.push(/*!*/await load(id));
  return out;
}`,
      messageId: 'sequentialAwait',
    });
  });
});

describe('sequential-await: methods of the object itself that only read its state', () => {
  const storeHeader = `declare const keys: string[];
interface Store { get(key: string): Promise<string | undefined> }
`;
  it.each([
    [
      'for…of over keys awaiting a method that reads a store and fills a cache keyed by its input',
      `export class CachedStore {
  private readonly cache = new Map<string, string | undefined>();
  constructor(private readonly inner: Store) {}
  async get(key: string) {
    if (this.cache.has(key)) return this.cache.get(key);
    const value = await this.inner.get(key);
    this.cache.set(key, value);
    return value;
  }
  async valuesOf(wanted: string[]) {
    const values = [];
    for (const key of wanted) values.push(/*!*/await this.get(key));
    return values;
  }
}`,
      'sequentialAwait',
    ],
    [
      'a counted for loop over a function-valued field that reads through another own method',
      `export class Profiles {
  constructor(private readonly http: { get(url: string): Promise<object> }) {}
  private url(id: string) { return '/profiles/' + id; }
  load = async (id: string) => this.http.get(this.url(id));
  async all(ids: string[]) {
    const out: object[] = [];
    for (let i = 0; i < ids.length; i++) out[i] = /*!*/await this.load(ids[i]!);
    return out;
  }
}`,
      'sequentialAwait',
    ],
    [
      'two reads of the object itself in straight-line code, one kept on a field, weighed together in a condition',
      `export class StoredIndex {
  private version = 0;
  private root: number | undefined;
  constructor(private readonly store: Store, private readonly expected: number) {}
  private async read(key: string) { return this.store.get(key); }
  async open() {
    this.version = Number(await this.read('version')) || this.version;
    const root = /*!*/await this.read('root');
    if (this.version === this.expected && root !== undefined) this.root = Number(root);
    return this;
  }
}`,
      'independentAwaits',
    ],
  ])('%s', (_name, code, messageId) => {
    tester.expectInvalid({ code: storeHeader + code, messageId });
  });

  it('finds pages requested in turn by a while loop over the page number, in untyped JavaScript', () => {
    const code = `class Client {
  constructor(http) { this.http = http; }
  request(url, page) { return this.http.get(url, { params: { page } }); }
  async listAll(url) {
    let page = 1;
    let response = await this.request(url, page);
    let entries = response.items;
    const lastPage = response.pages;
    while (page < lastPage) {
      page++;
      response = /*!*/await this.request(url, page);
      entries = [...entries, ...response.items];
    }
    return entries;
  }
}
module.exports = Client;`;
    tester.expectInvalid({ code, fileName: 'client.js', prelude: '', messageId: 'sequentialAwait' });
  });

  it.each([
    [
      'a method that moves a cursor kept on the object',
      `export class Feed {
  private cursor = '';
  constructor(private readonly http: { get(url: string): Promise<{ next: string }> }) {}
  async next(topic: string) {
    const page = await this.http.get(topic + this.cursor);
    this.cursor = page.next;
    return page;
  }
  async read(topics: string[]) {
    const pages = [];
    for (const topic of topics) pages.push(await this.next(topic));
    return pages;
  }
}`,
    ],
    [
      'a method that counts on the object through another of its methods',
      `export class Sender {
  private sent = 0;
  constructor(private readonly http: { post(url: string, body: string): Promise<void> }) {}
  private count() { this.sent++; }
  async deliver(body: string) { this.count(); await this.http.post('/messages', body); }
  async deliverAll(bodies: string[]) {
    for (const body of bodies) await this.deliver(body);
  }
}`,
    ],
    [
      'a method that fills one shared cache entry, not one per input',
      `export class Settings {
  private readonly cache = new Map<string, string | undefined>();
  constructor(private readonly store: Store) {}
  async read(key: string) {
    const value = await this.store.get(key);
    this.cache.set('last', value);
    return value;
  }
  async all() {
    const values = [];
    for (const key of keys) values.push(await this.read(key));
    return values;
  }
}`,
    ],
    [
      'a method the class inherits (its body cannot be read)',
      `declare class Base { get(key: string): Promise<string> }
export class Derived extends Base {
  async all() {
    const values = [];
    for (const key of keys) values.push(await this.get(key));
    return values;
  }
}`,
    ],
    [
      'a while loop whose bound comes from each response',
      `export class Pager {
  constructor(private readonly http: { get(url: string, page: number): Promise<{ items: string[]; pages: number }> }) {}
  async all(url: string) {
    let page = 1;
    let response = await this.http.get(url, page);
    let lastPage = response.pages;
    const items = [...response.items];
    while (page < lastPage) {
      page++;
      response = await this.http.get(url, page);
      lastPage = response.pages;
      items.push(...response.items);
    }
    return items;
  }
}`,
    ],
    [
      'straight-line reads of the object itself where the second follows a write to its state',
      `export class Session {
  private token = '';
  constructor(private readonly store: Store) {}
  private async login(user: string) { this.token = (await this.store.get(user)) ?? ''; return this.token; }
  private async profile(user: string) { return this.store.get(user + this.token); }
  async open(user: string) {
    const token = await this.login(user);
    const profile = await this.profile(user);
    return { token, profile };
  }
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid({ code: storeHeader + code });
  });
});

describe('sequential-await: the second await in the branch of an if that follows the first', () => {
  it.each([
    [
      'a let assigned in a nested if, both results returned after the enclosing if',
      `export async function f(release: { stable: string; preview?: string } | undefined) {
  let stable: string[] = [];
  let preview: string[] = [];
  if (release) {
    stable = (await loadOrders(release.stable)).rows;
    if (release.preview) {
      preview = (/*!*/await loadOrders(release.preview)).rows;
    }
  }
  return { stable, preview };
}`,
    ],
    [
      'an if without braces',
      `export async function f(id: string, withOrders: boolean) {
  let orders;
  const user = await fetchUser(id);
  if (withOrders) orders = /*!*/await loadOrders(id);
  return { user, orders };
}`,
    ],
    [
      'synchronous statements before the await in the branch',
      `export async function f(id: string, extra: string | undefined) {
  const user = await fetchUser(id);
  let more;
  if (extra) {
    const key = extra.trim();
    more = /*!*/await loadOrders(key);
  }
  return [user.name, more];
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'independentAwaits' });
  });

  it.each([
    [
      'the condition reads the first result',
      `export async function f(id: string) {
  let orders;
  const user = await fetchUser(id);
  if (user.name) orders = await loadOrders(id);
  return { user, orders };
}`,
    ],
    [
      'the branch awaits work that uses the first result',
      `export async function f(id: string, withOrders: boolean) {
  let orders;
  const user = await fetchUser(id);
  if (withOrders) {
    orders = await loadOrders(user.id);
  }
  return { user, orders };
}`,
    ],
    [
      'the first await is a gate that throws to deny: the second waits for its verdict',
      `declare function authorizeCreate(id: string): Promise<{ collection: string }>;
export async function f(id: string, attachmentId: string | undefined) {
  const { collection } = await authorizeCreate(id);
  let orders;
  if (attachmentId) orders = await loadOrders(attachmentId);
  return { collection, orders };
}`,
    ],
    [
      'the results are never used together',
      `export async function f(id: string, withOrders: boolean) {
  const user = await fetchUser(id);
  if (withOrders) {
    const orders = await loadOrders(id);
    return orders;
  }
  return user;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('sequential-await: a module that runs nothing (type-level checks compiled by tsc --noEmit)', () => {
  const bare = ruleTester('sequential-await', { prelude: '' });
  const checks = (exported: string) =>
    `interface Client {\n  connect(url: string): Promise<{ close(): Promise<void> }>;\n}\n${exported}async function checkConnect(client: Client) {\n  const a = await client.connect('amqp://a');\n  const b = /*!*/await client.connect('amqp://b');\n  return [a, b];\n}\n`;

  it('reports the waits of a function the module exports', () => {
    bare.expectInvalid({
      code: checks('export '),
      messageId: 'independentAwaits',
      fileName: 'types/channel_api.ts',
    });
  });

  it('leaves a module of functions nobody can call: it is compiled, never run', () => {
    bare.expectValid({ code: checks('').replace('/*!*/', ''), fileName: 'types/channel_api.ts' });
  });
});

describe('sequential-await: code that runs once per process (strict only)', () => {
  const bare = ruleTester('sequential-await', { prelude: '' });
  const builder = `interface Context {\n  rebuild(): Promise<void>;\n  dispose(): Promise<void>;\n}\ndeclare const bundler: { context(options: { entry: string }): Promise<Context> };\n`;
  const buildScript = (call: string, marker = '') =>
    `${builder}async function main() {\n  const node = await bundler.context({ entry: 'src/node.ts' });\n  const web = ${marker}await bundler.context({ entry: 'src/web.ts' });\n  await Promise.all([node.rebuild(), web.rebuild()]);\n  await Promise.all([node.dispose(), web.dispose()]);\n}\n${call}\n`;

  it('leaves the waits of a build script whose main() only the module calls, at its top level', () => {
    bare.expectValid({
      code: buildScript('main().catch((error) => {\n  console.error(error);\n  process.exit(1);\n});'),
    });
    bare.expectValid({ code: buildScript('await main();') });
  });

  it('reports them with strict', () => {
    bare.expectInvalid({
      code: buildScript('void main();', '/*!*/'),
      options: { strict: true },
      messageId: 'independentAwaits',
    });
  });

  it('leaves an async IIFE at the top level of a CommonJS start-up script', () => {
    bare.expectValid({
      code: `const loader = require('./loader');\n(async () => {\n  const settings = await loader.read('settings.json');\n  const users = await loader.read('users.json');\n  console.log(settings, users);\n})();\n`,
      fileName: 'start.js',
    });
  });

  it('reports the same function when it is exported, handed over, or called per request', () => {
    bare.expectInvalid({
      code: buildScript('', '/*!*/').replace('async function main', 'export async function main'),
      messageId: 'independentAwaits',
    });
    bare.expectInvalid({
      code: `${buildScript('', '/*!*/')}declare const app: { get(path: string, handler: () => Promise<void>): void };\napp.get('/build', main);\n`,
      messageId: 'independentAwaits',
    });
    bare.expectInvalid({
      code: `${buildScript('', '/*!*/')}export async function handle() {\n  await main();\n}\n`,
      messageId: 'independentAwaits',
    });
  });

  it('leaves Promise.all([await …]) in run-once code to strict, and reports it in a function called per request', () => {
    const code = (exported: string, marker: string) =>
      `declare function sign(payload: object): Promise<string>;\n${exported}async function tokens() {\n  return Promise.all([await sign({ a: 1 }), ${marker}await sign({ b: 2 })]);\n}\n${exported === '' ? 'tokens().then(console.log);\n' : ''}`;
    bare.expectValid({ code: code('', '') });
    bare.expectInvalid({ code: code('', '/*!*/'), options: { strict: true }, messageId: 'awaitInsideAll' });
    bare.expectInvalid({ code: code('export ', '/*!*/'), messageId: 'awaitInsideAll' });
  });
});

describe('sequential-await: a loop judged by the waits up to its first independent one', () => {
  it.each([
    [
      'a download per item, then an await that adds it to a shelf of the loop (TypeScript, method)',
      `interface Shelf { add(name: string, data: ArrayBuffer): Promise<void> }
declare const http: { get(url: string): Promise<{ data: ArrayBuffer }> };
export class Artifacts {
  async collect(list: { name: string; url: string }[], shelf: Shelf) {
    for (const artifact of list) {
      const response = await http.get(artifact.url);
      await shelf.add(artifact.name, response.data);
    }
  }
}`,
      [6, 24],
    ],
    [
      'a lookup per id, then an awaited cache write (JavaScript, a closure and a counted loop)',
      `const cache = new Map();
async function store(key, value) { cache.set(key, value); }
export async function warm(keys) {
  for (let i = 0; i < keys.length; i++) {
    const user = await fetchUser(keys[i]);
    await store(keys[i], user);
  }
}`,
      [5, 18],
    ],
  ])('%s', (name, code, [line, column]) => {
    const spelling = name.includes('(JavaScript') ? { fileName: 'module.js', prelude: '' } : {};
    tester.expectInvalid({ code, ...spelling, errors: [{ line, column, messageId: 'sequentialAwait' }] });
  });

  it.each([
    [
      'the fix: downloads together, then added in order',
      `interface Shelf { add(name: string, data: ArrayBuffer): Promise<void> }
declare const http: { get(url: string): Promise<{ data: ArrayBuffer }> };
export async function collect(list: { name: string; url: string }[], shelf: Shelf) {
  const responses = await Promise.all(list.map((artifact) => http.get(artifact.url)));
  for (const [index, artifact] of list.entries()) {
    await shelf.add(artifact.name, (responses[index] as { data: ArrayBuffer }).data);
  }
}`,
    ],
    [
      'the first wait reads what the previous iteration stored (a read-through cache)',
      `declare const store: { get(key: string): Promise<string | undefined>; set(key: string, value: string): Promise<void> };
export async function fill(keys: string[]) {
  for (const key of keys) {
    const known = await store.get(key);
    if (known === undefined) await store.set(key, 'x');
  }
}`,
    ],
    [
      'the first wait reads a cursor the previous iteration moved',
      `declare function page(after: string | undefined): Promise<{ next: string; rows: string[] }>;
export async function all(ids: string[]) {
  let after: string | undefined;
  const rows: string[] = [];
  for (const id of ids) {
    const result = await page(after ?? id);
    after = result.next;
    rows.push(...result.rows);
  }
  return rows;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('sequential-await: a promise or lazy query the iteration builds, awaited in it', () => {
  it.each([
    [
      'a query builder extended per item, then awaited (TypeScript)',
      `interface Query extends PromiseLike<{ id: number } | undefined> {
  where(column: string, value: unknown): Query;
  first(): Query;
}
declare const db: { songs(): Query };
export async function match(titles: string[]) {
  const found: number[] = [];
  for (const title of titles) {
    let query = db.songs().where('title', title);
    query = query.first();
    const row = await query;
    if (row) found.push(row.id);
  }
  return found;
}`,
      [11, 17],
    ],
    [
      'a request started into a variable, then awaited (JavaScript, while over an index)',
      `export async function load(urls) {
  const bodies = [];
  let i = 0;
  while (i < urls.length) {
    const pending = fetch(urls[i]);
    bodies.push(await pending);
    i++;
  }
  return bodies;
}`,
      [6, 17],
    ],
  ])('%s', (name, code, [line, column]) => {
    const spelling = name.includes('(JavaScript') ? { fileName: 'module.js', prelude: '' } : {};
    tester.expectInvalid({ code, ...spelling, errors: [{ line, column, messageId: 'sequentialAwait' }] });
  });

  it.each([
    [
      'the fix: every query started, then awaited together',
      `interface Query extends PromiseLike<{ id: number } | undefined> {
  where(column: string, value: unknown): Query;
  first(): Query;
}
declare const db: { songs(): Query };
export async function match(titles: string[]) {
  const rows = await Promise.all(titles.map((title) => db.songs().where('title', title).first()));
  return rows.flatMap((row) => (row ? [row.id] : []));
}`,
    ],
    [
      'a promise started before the loop, read back from a map in it',
      `export async function settle(pending: Map<string, Promise<string>>, keys: string[]) {
  const out: string[] = [];
  for (const key of keys) {
    const running = pending.get(key);
    if (running) out.push(await running);
  }
  return out;
}`,
    ],
    [
      'a step stored first whose function writes what the next step reads (a shared counter, awaitwise core cooperative.ts)',
      `export async function eachSliced<T>(items: T[], fn: (item: T, index: number) => Promise<void>) {
  let index = 0;
  const step = (item: T): Promise<void> =>
    fn(item, index).then(() => {
      index++;
    });
  for (const item of items) {
    const pending = step(item);
    await pending;
  }
  return index;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('sequential-await: an if/else that awaits into one variable in every branch', () => {
  it.each([
    [
      'the branches pick the search, then an independent lookup, both returned (TypeScript)',
      `declare function search(q: string): Promise<string[]>;
declare function listAll(): Promise<string[]>;
declare function owner(id: string): Promise<{ name: string }>;
export async function page(id: string, q: string | undefined) {
  let jobs: string[];
  if (q) {
    jobs = await search(q);
  } else {
    jobs = await listAll();
  }
  const pipeline = await owner(id);
  return { jobs, pipeline };
}`,
      [11, 20],
    ],
    [
      'an independent lookup first, then else-if branches (JavaScript)',
      `export async function view(id, mode) {
  const user = await fetchUser(id);
  let orders;
  if (mode === 'recent') orders = await loadOrders('recent');
  else if (mode === 'all') orders = await loadOrders('all');
  else orders = await loadOrders('open');
  return [user, orders];
}`,
      [4, 35],
    ],
  ])('%s', (name, code, [line, column]) => {
    const spelling = name.includes('(JavaScript') ? { fileName: 'module.js', prelude: '' } : {};
    tester.expectInvalid({ code, ...spelling, errors: [{ line, column, messageId: 'independentAwaits' }] });
  });

  it.each([
    [
      'the fix: the branch and the lookup started together',
      `declare function search(q: string): Promise<string[]>;
declare function listAll(): Promise<string[]>;
declare function owner(id: string): Promise<{ name: string }>;
export async function page(id: string, q: string | undefined) {
  const [jobs, pipeline] = await Promise.all([q ? search(q) : listAll(), owner(id)]);
  return { jobs, pipeline };
}`,
    ],
    [
      'the branch taken depends on the first result',
      `export async function view(id: string) {
  const user = await fetchUser(id);
  let orders;
  if (user.name) orders = await loadOrders(user.id);
  else orders = await loadOrders('guest');
  return [user, orders];
}`,
    ],
    [
      'no else: when no branch runs nothing is awaited',
      `declare function search(q: string): Promise<string[]>;
declare function owner(id: string): Promise<{ name: string }>;
export async function page(id: string, q: string | undefined) {
  let jobs: string[] = [];
  if (q) jobs = await search(q);
  const pipeline = await owner(id);
  return { jobs, pipeline };
}`,
    ],
    [
      'one branch uses the result of the other lookup',
      `declare function search(q: string): Promise<string[]>;
declare function owner(id: string): Promise<{ name: string }>;
export async function page(id: string, q: string | undefined) {
  const pipeline = await owner(id);
  let jobs: string[];
  if (q) jobs = await search(q);
  else jobs = await search(pipeline.name);
  return { jobs, pipeline };
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('sequential-await: an exit behind a guard the types say never holds', () => {
  it.each([
    [
      'a page per index, `if (!found) return` on an array (counted for)',
      `declare function getPage(url: string): Promise<{ body: string }>;
declare function codesIn(html: string): string[];
export async function allCodes(pages: number) {
  let codes: string[] = [];
  for (let page = 0; page < pages; page++) {
    const response = await getPage('/rooms?page=' + page);
    const found = codesIn(response.body);
    if (!found) return codes;
    codes = codes.concat(found);
  }
  return codes;
}`,
      [6, 22],
    ],
    [
      'a record per key, `if (!meta) break` on an object the program parsed (for…of, a class method)',
      `declare function readRaw(key: string): Promise<string>;
declare function parseMeta(raw: string): { size: number };
export class Sizes {
  async total(keys: string[]) {
    let sum = 0;
    for (const key of keys) {
      const raw = await readRaw(key);
      const meta = parseMeta(raw);
      if (!meta) break;
      sum += meta.size;
    }
    return sum;
  }
}`,
      [7, 19],
    ],
  ])('%s', (_name, code, [line, column]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId: 'sequentialAwait' }] });
  });

  it.each([
    [
      'the guard may hold: the value may be missing',
      `declare function getPage(url: string): Promise<{ body: string }>;
declare function codesIn(html: string): string[] | undefined;
export async function allCodes(pages: number) {
  let codes: string[] = [];
  for (let page = 0; page < pages; page++) {
    const response = await getPage('/rooms?page=' + page);
    const found = codesIn(response.body);
    if (!found) return codes;
    codes = codes.concat(found);
  }
  return codes;
}`,
    ],
    [
      'the guard is on what an await returned: its type may promise more than the response gives',
      `declare function readMeta(key: string): Promise<{ size: number }>;
export async function total(keys: string[]) {
  let sum = 0;
  for (const key of keys) {
    const meta = await readMeta(key);
    if (!meta) break;
    sum += meta.size;
  }
  return sum;
}`,
    ],
    [
      'the guard is on a value read by index: without noUncheckedIndexedAccess its type hides a missing key',
      `declare const handlers: Record<string, { queue(): Promise<void> }>;
export async function dispatch(names: string[]) {
  for (const name of names) {
    const handler = handlers[name];
    if (!handler) throw new Error('no handler ' + name);
    await handler.queue();
  }
}`,
    ],
    [
      'the guard may hold: an empty page ends the loop',
      `declare function getPage(url: string): Promise<{ body: string }>;
declare function codesIn(html: string): string[];
export async function allCodes(pages: number) {
  let codes: string[] = [];
  for (let page = 0; page < pages; page++) {
    const response = await getPage('/rooms?page=' + page);
    const found = codesIn(response.body);
    if (found.length === 0) return codes;
    codes = codes.concat(found);
  }
  return codes;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});
