import { beforeAll, describe, it } from 'vitest';
import { ruleTester, type InvalidCase } from '../support/rule-tester.js';

// Shapes read in public fixes that parallelised awaits: awaits side by side in one expression, deletes of a store
// keyed by the item in a loop, and straight-line pairs whose results go to separate places.

const header = `
declare function getRows(sheet: string, key?: string): Promise<string[]>;
declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare function loadOrders(id: string): Promise<{ rows: string[] }>;
declare function render(a: unknown, b: unknown): string;
declare const repo: { create(row: unknown): Promise<{ id: string }>; count(): Promise<number> };
`;

const tester = ruleTester('sequential-await', { prelude: header });
const bare = ruleTester('sequential-await', { prelude: '' });

/**
 * A shape reported with `strict` only (measured on real applications: mostly cheap or cached reads): the default
 * leaves the code alone, `strict` reports it at the marker.
 */
function expectStrictOnly(run: typeof tester, testCase: InvalidCase): void {
  const { messageId: _messageId, message: _message, ...settings } = testCase;
  run.expectValid({ ...settings, code: testCase.code.replaceAll('/*!*/', '') });
  run.expectInvalid({ ...testCase, options: { strict: true } });
}

beforeAll(() => {
  tester.expectValid('export {};');
}, 120_000);

describe('sequential-await: awaits side by side in one expression', () => {
  it('reports with strict only: the properties of an object literal, each awaiting its own request (TypeScript)', () => {
    expectStrictOnly(tester, {
      code: `export async function initialProps(server: boolean) {
  return {
    server,
    players: await getRows('players', 'name'),
    matches: /*!*/await getRows('matches'),
    flags: /*!*/await getRows('flags', 'name'),
  };
}`,
      messageId: 'awaitsInOneExpression',
      message: /same object literal/,
    });
  });

  it('reports with strict only: the arguments of a call (CommonJS, untyped client)', () => {
    expectStrictOnly(bare, {
      code: `async function page(client, id) {
  return renderPage(await client.get('/users/' + id), /*!*/await client.get('/orders/' + id));
}
function renderPage(user, orders) {
  return { user, orders };
}
module.exports = { page };`,
      fileName: 'page.js',
      messageId: 'awaitsInOneExpression',
      message: /same argument list/,
    });
  });

  it('reports with strict only: the elements of an array literal and a property read off an awaited value', () => {
    expectStrictOnly(tester, {
      code: `export async function pair(id: string) {
  return [(await fetchUser(id)).name, (/*!*/await loadOrders(id)).rows];
}`,
      messageId: 'awaitsInOneExpression',
      message: /same array literal/,
    });
  });

  it.each([
    [
      'promises started first and awaited in the literal (they already run together)',
      `export async function props() {
  const players = getRows('players');
  const matches = getRows('matches');
  return { players: await players, matches: await matches };
}`,
    ],
    [
      'a write, then a read of the same store (the count must include the new row)',
      `export async function add(row: unknown) {
  return { created: await repo.create(row), total: await repo.count() };
}`,
    ],
    [
      'one await in the literal',
      `export async function one(id: string) {
  return render(await fetchUser(id), 'x');
}`,
    ],
    [
      'the list given to Promise.all (reported by its own message)',
      `export async function both(id: string) {
  return Promise.all([await fetchUser(id)]);
}`,
    ],
    [
      'awaits of helpers that only compute',
      `async function double(n: number) { return n * 2; }
export async function sums() {
  return { a: await double(1), b: await double(2) };
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    tester.expectValid(code);
  });

  it('leaves run-once start-up code to strict', () => {
    const code = (marker: string) =>
      `declare function load(name: string): Promise<string>;\nasync function main() {\n  console.log({ a: await load('a'), b: ${marker}await load('b') });\n}\nmain();\n`;
    bare.expectValid({ code: code('') });
    bare.expectInvalid({
      code: code('/*!*/'),
      options: { strict: true },
      messageId: 'awaitsInOneExpression',
    });
  });
});

describe('sequential-await: a store written per item, never read in the loop', () => {
  it('reports deleting each stale entry in turn (Cache API, TypeScript)', () => {
    tester.expectInvalid({
      code: `const prefix = 'app-';
export async function removeStale(keep: Set<string>) {
  const names = await caches.keys();
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    if (!keep.has(name)) /*!*/await caches.delete(name);
  }
}`,
      messageId: 'sequentialAwait',
    });
  });

  it('reports setting a key computed from each item (CommonJS, untyped client)', () => {
    bare.expectInvalid({
      code: `async function warm(redis, users) {
  for (const user of users) {
    /*!*/await redis.set('user:' + user.id, JSON.stringify(user));
  }
}
module.exports = { warm };`,
      fileName: 'warm.js',
      messageId: 'sequentialAwait',
    });
  });

  it.each([
    [
      'the loop reads the store it writes (an earlier entry may be met again)',
      `declare const store: { get(key: string): Promise<string | undefined>; delete(key: string): Promise<void> };
export async function prune(keys: string[]) {
  for (const key of keys) {
    if ((await store.get(key)) === 'stale') await store.delete(key);
  }
}`,
    ],
    [
      'a key that is not the item: every iteration writes the same entry',
      `declare const store: { set(key: string, value: string): Promise<void> };
export async function last(values: string[]) {
  for (const value of values) {
    await store.set('latest', value);
  }
}`,
    ],
    [
      'jobs added to a queue, in order',
      `declare const queue: { add(name: string, data: unknown): Promise<void> };
export async function enqueue(ids: string[]) {
  for (const id of ids) {
    await queue.add('job', { id });
  }
}`,
    ],
    [
      'a Map written per item without awaiting (in-memory state the next iteration sees)',
      `declare function load(id: string): Promise<string>;
export async function fill(ids: string[], cache: Map<string, string>) {
  for (const id of ids) {
    cache.set(id, await load(cache.get('last') ?? id));
  }
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('sequential-await: adjacent results that go to separate places', () => {
  it('reports with strict only: two lookups whose results are sent apart (TypeScript)', () => {
    expectStrictOnly(tester, {
      code: `declare const res: { header(name: string, value: string): void; json(body: unknown): void };
export async function page(id: string) {
  const user = await fetchUser(id);
  const orders = /*!*/await loadOrders(id);
  res.header('x-user', user.name);
  res.json(orders.rows);
}`,
      messageId: 'independentAwaits',
    });
  });

  it('reports with strict only: two requests chained with then, each shown in its own element (CommonJS)', () => {
    expectStrictOnly(bare, {
      code: `async function refresh(http, panels) {
  const stats = await http.get('/stats').then((res) => res.data);
  const alerts = /*!*/await http.get('/alerts').then((res) => res.data);
  panels.stats.textContent = String(stats.total);
  panels.alerts.textContent = String(alerts.length);
}
module.exports = { refresh };`,
      fileName: 'refresh.js',
      messageId: 'independentAwaits',
    });
  });

  it('reports with strict only: a result logged and the other returned', () => {
    expectStrictOnly(tester, {
      code: `export async function f(a: string, b: string) {
  const user = await fetchUser(a);
  const orders = /*!*/await loadOrders(b);
  console.log(user.name);
  return orders;
}`,
      messageId: 'independentAwaits',
    });
  });

  it.each([
    [
      'the first result is never used afterwards (an await kept for its effect)',
      `export async function touch(id: string) {
  const user = await fetchUser(id);
  const orders = await loadOrders(id);
  return orders.rows;
}`,
    ],
    [
      'the second uses the first',
      `export async function chain(id: string) {
  const user = await fetchUser(id);
  const orders = await loadOrders(user.id);
  console.log(user.name);
  return orders.rows;
}`,
    ],
    [
      'a write, then a read of its own store, sent apart',
      `export async function add(row: unknown, log: (n: unknown) => void) {
  const created = await repo.create(row);
  const total = await repo.count();
  log(created.id);
  return total;
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    tester.expectValid(code);
  });
});
