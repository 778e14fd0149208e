import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const header = `interface User { id: string; email: string; balance: number }
declare const db: {
  user: {
    findUnique(q: { where: Partial<User> }): Promise<User | null>;
    findFirst(q: { where: Partial<User> }): Promise<User | null>;
    create(q: { data: Partial<User> }): Promise<User>;
    update(q: { where: Partial<User>; data: Partial<User> }): Promise<User>;
    upsert(q: { where: Partial<User>; create: Partial<User>; update: Partial<User> }): Promise<User>;
  };
  $transaction<T>(fn: (tx: typeof db) => Promise<T>): Promise<T>;
};
declare const Users: {
  findOne(filter: Partial<User>): Promise<User | null>;
  insertOne(doc: Partial<User>): Promise<void>;
  exists(filter: Partial<User>): Promise<boolean>;
  countDocuments(filter: Partial<User>): Promise<number>;
};
declare const redis: { get(key: string): Promise<string | null>; set(key: string, value: string): Promise<void> };
declare function compute(key: string): Promise<string>;
`;
const tester = ruleTester('check-then-act', { prelude: header });
const rule = tester.rule;

describe('check-then-act: read then write on the same key', () => {
  it.each([
    [
      'findUnique then create under an if on the result',
      `export async function signUp(email: string) {
  const existing = await db.user.findUnique({ where: { email } });
  if (!existing) {
    await db.user.create({ data: { email } });
  }
}`,
      [4, 11],
    ],
    [
      'findOne, an early return, then insertOne',
      `export async function register(input: { email: string }) {
  const user = await Users.findOne({ email: input.email });
  if (user) return user;
  await Users.insertOne({ email: input.email });
  return undefined;
}`,
      [4, 9],
    ],
    [
      'exists in the condition itself',
      `export async function add(email: string) {
  if (!(await Users.exists({ email }))) {
    await Users.insertOne({ email });
  }
}`,
      [3, 11],
    ],
    [
      'a count check then an insert',
      `export async function addOnce(email: string) {
  const n = await Users.countDocuments({ email });
  if (n === 0) await Users.insertOne({ email });
}`,
      [3, 22],
    ],
    [
      'a lost update: read a balance, write it back',
      `export async function withdraw(id: string, amount: number) {
  const account = await db.user.findUnique({ where: { id } });
  await db.user.update({ where: { id }, data: { balance: (account?.balance ?? 0) - amount } });
}`,
      [3, 9],
    ],
    [
      'a redis counter read then written from the value',
      `export async function hit(key: string) {
  const count = await redis.get(key);
  await redis.set(key, String(Number(count) + 1));
}`,
      [3, 9],
    ],
    [
      'a counter read through a conversion and a default, incremented in a local, written back',
      `export async function countView(id: string) {
  const current = Number((await redis.get(\`views:\${id}\`)) ?? '0');
  const next = current + 1;
  await redis.set(\`views:\${id}\`, String(next));
  return next;
}`,
      [4, 9],
    ],
    [
      'a JSON value parsed, a field computed in two steps, written back',
      `export async function bump(key: string) {
  const stats = JSON.parse((await redis.get(key)) || '{}') as { n: number };
  const n = stats.n * 2;
  const doubled = n + 1;
  await redis.set(key, JSON.stringify({ n: doubled }));
}`,
      [5, 9],
    ],
    [
      'an insert of a local object that carries the key',
      `declare const orders: {
  findByKey(key: string): Promise<{ id: string } | undefined>;
  insert(order: { id: string; key: string }): Promise<void>;
};
export async function place(key: string) {
  const existing = await orders.findByKey(key);
  if (existing !== undefined) return existing;
  const order = { id: String(Math.random()), key };
  await orders.insert(order);
  return order;
}`,
      [9, 9],
    ],
    [
      'a mongoose counter read then written with findByIdAndUpdate',
      `declare const Posts: {
  findById(id: string): Promise<{ likeCount: number }>;
  findByIdAndUpdate(id: string, update: { likeCount: number }): Promise<unknown>;
};
export async function like(id: string) {
  const post = await Posts.findById(id);
  return Posts.findByIdAndUpdate(id, { likeCount: post.likeCount + 1 });
}`,
      [7, 10],
    ],
    [
      'a throw guard then create',
      `export async function claim(email: string) {
  const taken = await db.user.findFirst({ where: { email } });
  if (taken) throw new Error('taken');
  return db.user.create({ data: { email } });
}`,
      [4, 10],
    ],
  ])('%s', (_name, code, [line, column]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId: 'keyRace' }] });
  });

  it('names the read, the write and the key', () => {
    const [finding] = tester.findings(`export async function f(email: string) {
  if (!(await db.user.findUnique({ where: { email } }))) await db.user.create({ data: { email } });
}`);
    expect(finding?.message).toMatch(
      /^`findUnique` checks `email`, then `create` writes it after an `await`/,
    );
    expect(finding?.message).toContain('KeyedMutex');
  });
});

describe('check-then-act: shared state across an await', () => {
  it.each([
    [
      'a compound update of a module variable with an await in it',
      `let total = 0;
export async function add(key: string) {
  total += (await compute(key)).length;
}`,
      [3, 3],
    ],
    [
      'this field = this field + await',
      `export class Stats {
  count = 0;
  async bump(key: string) {
    this.count = this.count + (await compute(key)).length;
  }
}`,
      [4, 5],
    ],
    [
      'a snapshot written back after an await',
      `export class Wallet {
  balance = 0;
  async pay(key: string) {
    const before = this.balance;
    const price = (await compute(key)).length;
    this.balance = before - price;
  }
}`,
      [6, 5],
    ],
    [
      'a module object property',
      `const state = { version: 0 };
export async function next() {
  state.version += Number(await compute('v'));
}`,
      [3, 3],
    ],
  ])('%s', (_name, code, [line, column]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId: 'staleWrite' }] });
  });
});

describe('check-then-act: not flagged', () => {
  it.each([
    [
      'a duplicate-key catch (unique constraint)',
      `export async function signUp(email: string) {
  const existing = await Users.findOne({ email });
  if (existing) return;
  try {
    await Users.insertOne({ email });
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return;
    throw error;
  }
}`,
    ],
    [
      'upsert (atomic)',
      `export async function touch(email: string) {
  await db.user.findUnique({ where: { email } });
  await db.user.upsert({ where: { email }, create: { email }, update: {} });
}`,
    ],
    [
      'an update after an existence and ownership check (no duplicate, no stale value)',
      `export async function rename(id: string, email: string) {
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new Error('not found');
  await db.user.update({ where: { id }, data: { email } });
}`,
    ],
    [
      'an update whose value only depends on a flag read first (no arithmetic on the read)',
      `export async function setEmail(id: string, email: string) {
  const user = await db.user.findUnique({ where: { id } });
  await db.user.update({ where: { id }, data: { email: user?.email === email ? email : email.toLowerCase() } });
}`,
    ],
    [
      'a child created from its parent (no check)',
      `export async function addChild(id: string) {
  const parent = await db.user.findUnique({ where: { id } });
  await db.user.create({ data: { id, email: parent?.email ?? '' } });
}`,
    ],
    [
      'a transaction client passed in by the caller',
      `interface TransactionClient { user: typeof db.user }
export async function move(tx: TransactionClient, id: string) {
  const last = await tx.user.findFirst({ where: { id } });
  await tx.user.update({ where: { id }, data: { balance: (last?.balance ?? 0) + 1 } });
}`,
    ],
    [
      'a write on another key',
      `export async function audit(email: string, id: string) {
  const user = await db.user.findUnique({ where: { email } });
  if (user) await db.user.create({ data: { id } });
}`,
    ],
    [
      'a write that does not depend on the read',
      `export async function f(email: string) {
  await db.user.findUnique({ where: { email } });
  await db.user.create({ data: { email } });
}`,
    ],
    [
      'a cache-aside get/set (duplicate work, not a wrong result)',
      `export async function cached(key: string) {
  const hit = await redis.get(key);
  if (hit !== null) return hit;
  const value = await compute(key);
  await redis.set(key, value);
  return value;
}`,
    ],
    [
      'a value read through a conversion and written back unchanged (no arithmetic)',
      `export async function keep(key: string) {
  const current = Number((await redis.get(key)) ?? '0');
  await redis.set(key, String(current));
}`,
    ],
    [
      'a computed local written to another key',
      `export async function copy(key: string, other: string) {
  const current = Number((await redis.get(key)) ?? '0');
  const next = current + 1;
  await redis.set(other, String(next));
}`,
    ],
    [
      'a computed local that does not come from the read',
      `export async function stamp(key: string) {
  const current = Number((await redis.get(key)) ?? '0');
  const at = Date.now() + 1;
  if (current > 0) await redis.set(key, String(at));
}`,
    ],
    [
      'a read and write on different collections',
      `declare const Audit: { insertOne(doc: Partial<User>): Promise<void> };
export async function f(email: string) {
  const user = await Users.findOne({ email });
  if (!user) await Audit.insertOne({ email });
}`,
    ],
    [
      'a local variable updated across an await (require-atomic-updates false alarm)',
      `export async function sum(keys: string[]) {
  let total = 0;
  for (const key of keys) total += (await compute(key)).length;
  return total;
}`,
    ],
    [
      'shared state re-read after the await',
      `export class Wallet {
  balance = 0;
  async pay(key: string) {
    const price = (await compute(key)).length;
    this.balance = this.balance - price;
  }
}`,
    ],
    [
      'a lazy init that claims the slot before awaiting',
      `export class Client {
  private conn: Promise<string> | undefined;
  async connection() {
    if (!this.conn) this.conn = compute('connect');
    return this.conn;
  }
}`,
    ],
    [
      'a lazy init re-checked after the await',
      `export class Client {
  private conn: string | undefined;
  async connection() {
    if (!this.conn) {
      const conn = await compute('connect');
      if (this.conn) return this.conn;
      this.conn = conn;
    }
    return this.conn;
  }
}`,
    ],
    [
      'a shadowing parameter named like the module variable',
      `let total = 0;
export async function add(total: number, key: string) {
  total += (await compute(key)).length;
  return total;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

const lazyClient = `export class Client {
  private conn: string | undefined;
  async connection() {
    if (!this.conn) {
      this.conn = await compute('connect');
    }
    return this.conn;
  }
}`;

describe('check-then-act: the lazyInit option', () => {
  it('is on by default and can be turned off', () => {
    tester.expectInvalid({ code: lazyClient, errors: [{ line: 5, column: 7, messageId: 'lazyInit' }] });
    tester.expectValid({ code: lazyClient, options: { lazyInit: false } });
  });

  it('rejects bad options with a TypeError naming them', () => {
    expect(() => rule.validateOptions?.({ lazyInit: 'yes' })).toThrow(
      new TypeError('Expected `lazyInit` to be a boolean, got `"yes"` (string).'),
    );
    expect(() => rule.validateOptions?.({ lazy: true })).toThrow(/Unknown option `lazy` of check-then-act/);
    expect(rule.validateOptions?.({})).toEqual({ lazyInit: true, strict: false });
  });
});
