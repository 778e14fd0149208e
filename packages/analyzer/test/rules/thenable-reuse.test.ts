import { describe, expect, it } from 'vitest';
import { RuleTester, ruleTester } from '../support/rule-tester.js';

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

describe('thenable-reuse: through properties', () => {
  it('a builder kept on an object, awaited, the object changed, awaited again', () => {
    tester.expectInvalid({
      code: `class Features {\n  constructor(public query: QueryBuilder<string>) {}\n  paginate() { this.query = this.query.where('page'); return this; }\n}\nasync function f() {\n  const features = new Features(query() as unknown as QueryBuilder<string>);\n  const all = await features.query;\n  features.paginate();\n  const page = await /*!*/features.query;\n  return { all, page };\n}`,
      messageId: 'reused',
    });
  });

  it('a builder on this, awaited twice in a method', () => {
    tester.expectInvalid({
      code: `class Repo {\n  rows = query();\n  async both() {\n    const count = (await this.rows).length;\n    return { count, rows: await /*!*/this.rows };\n  }\n}`,
      messageId: 'reused',
    });
  });

  it('a property reassigned between the two awaits is clean', () => {
    tester.expectValid(
      `class Repo {\n  rows = query();\n  async both() {\n    await this.rows;\n    this.rows = query();\n    return await this.rows;\n  }\n}`,
    );
  });
});

describe('thenable-reuse: a completion callback and an await', () => {
  const callbackHeader = `declare function update(done?: (error: Error | null, count: number) => void): QueryBuilder<number>;\ndeclare function where(build: (qb: QueryBuilder<number>) => void): QueryBuilder<number>;\n`;

  it('awaited after being given a callback', () => {
    tester.expectInvalid({
      code: `${callbackHeader}async function f() {\n  await /*!*/update((error, count) => console.log(error, count));\n}`,
      messageId: 'callbackAndAwait',
    });
  });

  it('then-ed after being given a callback', () => {
    tester.expectInvalid({
      code: `${callbackHeader}function f() {\n  /*!*/update((error) => console.log(error)).then(console.log);\n}`,
      messageId: 'callbackAndAwait',
    });
  });

  it('a builder callback (one parameter, the builder) is clean', () => {
    tester.expectValid(`${callbackHeader}async function f() {\n  await where((qb) => qb.where('x'));\n}`);
  });

  it('a callback alone (not awaited) is clean', () => {
    tester.expectValid(
      `${callbackHeader}function f() {\n  update((error, count) => console.log(error, count));\n}`,
    );
  });
});

describe('thenable-reuse: JavaScript without types', () => {
  const js = new RuleTester(tester.rule, { fileName: 'a.js' });

  it('a knex builder from require, awaited twice', () => {
    js.expectInvalid({
      code: `const knex = require('knex')({ client: 'pg' });\nasync function f() {\n  const users = knex('users').where('active', true);\n  const count = (await users).length;\n  const rows = await /*!*/users;\n  return { count, rows };\n}\nmodule.exports = f;`,
      messageId: 'reused',
    });
  });

  it('a mongoose query kept by a class from its constructor, awaited before and after paginating', () => {
    js.expectInvalid({
      code: `const mongoose = require('mongoose');\nconst Product = mongoose.model('Product', new mongoose.Schema({}));\nclass Features {\n  constructor(query) { this.query = query; }\n  paginate(size) { this.query = this.query.limit(size); return this; }\n}\nasync function list() {\n  const features = new Features(Product.find());\n  const all = await features.query;\n  features.paginate(8);\n  const page = await /*!*/features.query;\n  return { total: all.length, page };\n}\nmodule.exports = list;`,
      messageId: 'reused',
    });
  });

  it('a got request (a promise that runs once) awaited twice is clean', () => {
    js.expectValid(
      `const got = require('got');\nasync function f(url) {\n  const response = got(url);\n  await response;\n  return await response;\n}\nmodule.exports = f;`,
    );
  });

  it('an untyped value of unknown origin awaited twice is clean', () => {
    js.expectValid(
      `const db = require('./db');\nasync function f() {\n  const q = db.rows();\n  await q;\n  return await q;\n}\nmodule.exports = f;`,
    );
  });
});

describe('thenable-reuse: a builder extended and run again after it ran', () => {
  // A mutable builder (knex, mongoose, drizzle): each method changes the builder and returns it.
  const builderHeader = `class Builder<T> {
  where(_c: string): Builder<T> { return this; }
  count(): Builder<T> { return this; }
  limit(_n: number): Builder<T> { return this; }
  offset(_n: number): Builder<T> { return this; }
  clone(): Builder<T> { return this; }
  then<R>(onFulfilled: (rows: T[]) => R, onRejected?: (e: unknown) => R): Promise<R> {
    return Promise.resolve([] as T[]).then(onFulfilled, onRejected);
  }
}
class Filtered<T> {
  then<R>(onFulfilled: (rows: T[]) => R): Promise<R> { return Promise.resolve([] as T[]).then(onFulfilled); }
}
class Select<T> {
  where(_c: string): Filtered<T> { return new Filtered<T>(); }
  then<R>(onFulfilled: (rows: T[]) => R): Promise<R> { return Promise.resolve([] as T[]).then(onFulfilled); }
}
declare function table(name: string): Builder<{ id: number }>;
declare function select(name: string): Select<{ id: number }>;
`;
  const typed = new RuleTester(tester.rule, { prelude: builderHeader, suffix: '\nexport {};\n' });
  const js = new RuleTester(tester.rule, { fileName: 'a.js' });

  it.each([
    [
      'counted, then extended with a page and run again',
      `async function page(n: number) {
  const users = table('users').where('active');
  const [total] = await users.count();
  const rows = await /*!*/users.offset(n * 10).limit(10);
  return { total, rows };
}`,
    ],
    [
      'run, then counted',
      `async function list(q: Builder<string>) {
  const rows = await q;
  const counted = /*!*/q.count().then((all) => all.length);
  return { rows, counted: await counted };
}`,
    ],
    [
      'kept on the object, run and then extended',
      `class Listing {
  private readonly query = table('items').where('visible');
  async page(n: number) {
    const everything = await this.query;
    const rows = await /*!*/this.query.limit(n);
    return { count: everything.length, rows };
  }
}`,
    ],
  ])('%s', (_name, code) => {
    typed.expectInvalid({ code, messageId: 'extendedAfterRun' });
  });

  it('says which chain runs the builder again and how to copy it', () => {
    const [finding] = typed.findings(
      `async function f() {\n  const q = table('t');\n  await q.count();\n  await q.limit(5);\n}`,
    );
    expect(finding?.message).toContain('this `await` of `q.limit()` runs the same builder again');
    expect(finding?.message).toContain('`q.clone()`');
  });

  it.each([
    [
      'each query from its own copy',
      `async function page(n: number) {
  const users = table('users').where('active');
  const [total] = await users.clone().count();
  const rows = await users.offset(n * 10).limit(10);
  return { total, rows };
}`,
    ],
    [
      'an immutable builder: its methods return a new query',
      `async function f() {
  const all = select('users');
  const everyone = await all;
  const active = await all.where('active');
  return { everyone, active };
}`,
    ],
    [
      'one run on each path',
      `async function f(counting: boolean) {
  const q = table('t');
  if (counting) return await q.count();
  return await q.limit(5);
}`,
    ],
  ])('%s', (_name, code) => {
    typed.expectValid(code);
  });

  it('a knex builder built by chaining, counted and then paged, in JavaScript without types', () => {
    js.expectInvalid({
      code: `const knex = require('knex')({ client: 'pg' });
async function page(n) {
  const users = knex.table('users').where('active', true);
  const total = await users.count('id as n');
  const rows = await /*!*/users.offset(n * 10).limit(10).select();
  return { total, rows };
}
module.exports = page;`,
      messageId: 'extendedAfterRun',
    });
  });

  it('a mongoose query run and then counted, kept on the object, in JavaScript without types', () => {
    js.expectInvalid({
      code: `const mongoose = require('mongoose');
const Product = mongoose.model('Product', new mongoose.Schema({}));
class Listing {
  constructor() { this.query = Product.find(); }
  async page() {
    const products = await this.query;
    const count = await /*!*/this.query.countDocuments();
    return { products, count };
  }
}
module.exports = Listing;`,
      messageId: 'extendedAfterRun',
    });
  });

  it.each([
    [
      'queries started from the knex instance itself',
      `const knex = require('knex')({ client: 'pg' });
async function f(a, b) {
  await knex('accounts').insert(a);
  await knex('audit').insert(b);
}
module.exports = f;`,
    ],
    [
      'a mongoose model (not a query) used twice',
      `const mongoose = require('mongoose');
const User = mongoose.model('User', new mongoose.Schema({}));
async function f() {
  const users = await User.find();
  const total = await User.countDocuments();
  return { users, total };
}
module.exports = f;`,
    ],
    [
      'a knex builder copied for the count',
      `const knex = require('knex')({ client: 'pg' });
async function page(n) {
  const users = knex.table('users').where('active', true);
  const total = await users.clone().count('id as n');
  const rows = await users.offset(n * 10).limit(10);
  return { total, rows };
}
module.exports = page;`,
    ],
  ])('%s', (_name, code) => {
    js.expectValid(code);
  });
});

describe('thenable-reuse: consumed by catch, finally and the Promise combinators', () => {
  const js = new RuleTester(tester.rule, { fileName: 'a.js' });

  it('a knex builder given a then and, apart, a catch (JavaScript, require)', () => {
    js.expectInvalid({
      code: `const knex = require('knex')({ client: 'pg' });
function list(res, next) {
  const groups = knex('groups').select('id', 'name').where({ brand: 'acme' });
  groups.then((rows) => res.json(rows));
  /*!*/groups.catch(next);
}
module.exports = list;`,
      messageId: 'reused',
    });
  });

  it('one builder changed twice and both runs given to Promise.all (JavaScript, require)', () => {
    js.expectInvalid({
      code: `const knex = require('knex')({ client: 'pg' });
function seed() {
  const users = knex('users');
  return Promise.all([users.del(), /*!*/users.insert({ name: 'tobi' })]);
}
module.exports = seed;`,
      messageId: 'extendedAfterRun',
    });
  });

  it('a typed builder awaited, then given to Promise.all (TypeScript)', () => {
    tester.expectInvalid({
      code: `async function f() {
  const q = query();
  const first = await q;
  const [again] = await Promise.all([/*!*/q]);
  return { first, again };
}`,
      messageId: 'reused',
    });
  });

  it.each([
    [
      'the fix: then and catch chained on one run',
      `const knex = require('knex')({ client: 'pg' });
function list(res, next) {
  knex('groups').select('id').where({ brand: 'acme' }).then((rows) => res.json(rows)).catch(next);
}
module.exports = list;`,
    ],
    [
      'the fix: a fresh builder per statement',
      `const knex = require('knex')({ client: 'pg' });
function seed() {
  return Promise.all([knex('users').del(), knex('users').insert({ name: 'tobi' })]);
}
module.exports = seed;`,
    ],
    [
      'a native promise given a then and a catch',
      `function load(res, next) {
  const pending = fetch('https://example.com');
  pending.then((r) => res.json(r));
  pending.catch(next);
}
module.exports = load;`,
    ],
  ])('%s', (_name, code) => {
    js.expectValid(code);
  });
});

describe('thenable-reuse: a builder made once and changed by every call', () => {
  // knex, mongoose and drizzle builders are mutable: a builder kept at module scope or on an instance, then extended
  // in a function, collects every call's clauses (`Update called multiple times`, where clauses that pile up).
  const builderHeader = `class Builder<T> {
  where(_c: string): Builder<T> { return this; }
  limit(_n: number): Builder<T> { return this; }
  clone(): Builder<T> { return this; }
  then<R>(onFulfilled: (rows: T[]) => R, onRejected?: (e: unknown) => R): Promise<R> {
    return Promise.resolve([] as T[]).then(onFulfilled, onRejected);
  }
}
declare function table(name: string): Builder<{ id: number }>;
`;
  const typed = new RuleTester(tester.rule, { prelude: builderHeader, suffix: '\nexport {};\n' });
  const js = new RuleTester(tester.rule, { fileName: 'a.js' });

  it('a module-scope builder extended in a function (TypeScript)', () => {
    typed.expectInvalid({
      code: `const users = table('users');
export async function active(limit: number) {
  return await /*!*/users.where('active').limit(limit);
}`,
      messageId: 'sharedBuilder',
      message: /`users` is one lazy `Builder<\{ id: number; \}>` made once \(line \d+\)/,
    });
  });

  it('a builder kept in a class field, extended in a method (TypeScript)', () => {
    typed.expectInvalid({
      code: `export class Repo {
  private readonly items = table('items');
  async first(n: number) {
    return /*!*/this.items.limit(n);
  }
}`,
      messageId: 'sharedBuilder',
    });
  });

  it('a knex builder at module scope, inserted into and updated by two functions (CommonJS, require)', () => {
    js.expectInvalid({
      code: `const knex = require('knex')({ client: 'pg' });
const accounts = knex('accounts');
async function insertAccount(data) {
  return await /*!*/accounts.insert(data);
}
async function updateAccount(data, where) {
  return await /*!*/accounts.where(where).update(data);
}
module.exports = { insertAccount, updateAccount };`,
      messageId: 'sharedBuilder',
    });
  });

  it('a knex builder set in the constructor, filtered by each method (CommonJS, require)', () => {
    js.expectInvalid({
      code: `const knex = require('knex')({ client: 'mysql' });
class Items {
  constructor() {
    this.table = knex('items');
  }
  async byId(id) {
    return await /*!*/this.table.select().where({ id }).first();
  }
}
module.exports = new Items();`,
      messageId: 'sharedBuilder',
    });
  });

  it.each([
    [
      'the fix: a builder made per call',
      `export async function active(limit: number) {
  return await table('users').where('active').limit(limit);
}`,
    ],
    [
      'the fix: each call starts from a copy',
      `const users = table('users');
export async function active(limit: number) {
  return await users.clone().where('active').limit(limit);
}`,
    ],
    [
      'a shared query run as it is, never changed',
      `const everyone = table('users');
export async function all() {
  return await everyone;
}`,
    ],
    [
      'a builder made in the function and kept in a local',
      `export async function page(n: number) {
  const users = table('users');
  return await users.limit(n);
}`,
    ],
    [
      'a field reassigned by a method (each call starts anew)',
      `export class Listing {
  private query = table('items');
  reset() { this.query = table('items'); }
  async page(n: number) {
    return this.query.limit(n);
  }
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    typed.expectValid(code);
  });

  it.each([
    [
      'the knex instance kept at module scope (each call makes a new builder)',
      `const db = require('knex')({ client: 'pg' });
async function byId(id) {
  return await db('items').where({ id }).first();
}
module.exports = { byId };`,
    ],
    [
      'the instance kept on the object',
      `const knex = require('knex');
class Items {
  constructor(config) { this.db = knex(config); }
  async byId(id) { return await this.db('items').where({ id }).first(); }
}
module.exports = Items;`,
    ],
  ])('not reported (CommonJS): %s', (_name, code) => {
    js.expectValid(code);
  });
});
