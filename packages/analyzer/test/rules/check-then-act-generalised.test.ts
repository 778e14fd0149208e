import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Shapes of check-then-act learned from public fixes collected for bench/real-bugs (mustang, rsbuild, daisugi, openfga
// js-sdk, unstorage, c15t, langfuse, fluo, TypeORM users), each rewritten in our own code, each with its fix beside it.
const tester = ruleTester('check-then-act', {
  prelude: `interface Connection { send(body: string): Promise<string> }
declare function open(url: string): Promise<Connection>;
declare function fetchFiles(): Promise<Record<string, string>>;
declare function post(url: string): Promise<{ token: string; expiresIn: number }>;
type Row = { id: string; billing?: { plan?: string; providerId?: string } };
interface Records {
  findFirst(table: string, query: { where: Record<string, unknown> }): Promise<Row | null>;
  create(table: string, data: Record<string, unknown>): Promise<Row>;
}
declare const db: Records & { transaction<T>(work: (tx: Records) => Promise<T>): Promise<T> };
declare const orgs: {
  findUnique(query: { where: { id: string } }): Promise<Row | null>;
  update(query: { where: { id: string }; data: Partial<Row> }): Promise<Row>;
};
declare const provider: { checkout(id?: string): Promise<{ providerId: string }> };
declare class User { email: string }
declare const users: {
  findOne(query: { where: { email: string } }): Promise<User | null>;
  create(data: { email: string }): User;
  save(user: User): Promise<User>;
};
declare const cache: { get(key: string): Promise<string | undefined>; set(key: string, value: string): Promise<void> };
declare function compute(key: string): Promise<string>;
`,
});

describe('check-then-act: lazy initialisation in every spelling', () => {
  it.each([
    [
      '`??=` with an awaited factory (mustang: a second connection per concurrent first request)',
      `export class Session {
  private connection: Connection | null = null;
  async request(body: string) {
    /*!*/this.connection ??= await open('wss://example.test');
    return this.connection.send(body);
  }
}`,
    ],
    [
      'an entry read through a local alias of get(), stored with set() after the await (rsbuild)',
      `export function memoize(getter: (build: object, entry: string) => Promise<string>) {
  const results = new WeakMap<object, Record<string, string>>();
  return async (build: object, entry: string) => {
    const entries = results.get(build);
    if (entries?.[entry]) return entries[entry];
    const value = await getter(build, entry);
    /*!*/results.set(build, { ...(entries ?? {}), [entry]: value });
    return value;
  };
}`,
    ],
    [
      'a re-check of configuration after the await re-validates nothing (daisugi)',
      `interface Entry { create(): unknown; params: string[]; transient: boolean; instance: unknown }
export class Injector {
  readonly #entries = new Map<string, Entry>();
  async resolve(token: string): Promise<unknown> {
    const entry = this.#entries.get(token);
    if (entry === undefined) throw new Error(token);
    if (entry.instance) return entry.instance;
    await Promise.all(entry.params.map((param) => this.resolve(param)));
    const instance = entry.create();
    if (entry.transient) return instance;
    /*!*/entry.instance = instance;
    return instance;
  }
}`,
    ],
    [
      'the check calls a method that stores the value after its own await (openfga: a token exchange per caller)',
      `export class Credentials {
  private token?: string;
  private expiresAt = 0;
  async header(): Promise<string> {
    if (this.token && this.expiresAt > Date.now()) return this.token;
    return /*!*/this.exchange();
  }
  private async exchange(): Promise<string> {
    const response = await post('https://auth.example.test/token');
    this.token = response.token;
    this.expiresAt = Date.now() + response.expiresIn * 1000;
    return this.token;
  }
}`,
    ],
    [
      'the check calls a module function that sets the module singleton after its await',
      `let client: Connection | undefined;
async function connect(): Promise<Connection> {
  const connection = await open('wss://example.test');
  client = connection;
  return connection;
}
export async function getClient(): Promise<Connection> {
  if (!client) await /*!*/connect();
  return client as Connection;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'lazyInit' });
  });

  it.each([
    [
      '`??=` of the promise itself (the fix: every caller awaits the one connection)',
      `export class Session {
  private connection: Promise<Connection> | null = null;
  async request(body: string) {
    this.connection ??= open('wss://example.test');
    return (await this.connection).send(body);
  }
}`,
    ],
    [
      'the pending promise stored per entry before the getter runs (rsbuild fix)',
      `export function memoize(getter: (build: object, entry: string) => Promise<string>) {
  const results = new WeakMap<object, Map<string, Promise<string>>>();
  return (build: object, entry: string) => {
    let entries = results.get(build);
    if (!entries) {
      entries = new Map();
      results.set(build, entries);
    }
    const pending = entries.get(entry);
    if (pending) return pending;
    const promise = getter(build, entry);
    entries.set(entry, promise);
    return promise;
  };
}`,
    ],
    [
      'a re-check after the await of state that other calls change (a generation counter)',
      `let generation = 0;
let current: string | undefined;
export function reset() {
  generation++;
}
export async function refresh(load: () => Promise<string>) {
  if (current) return current;
  const mine = generation;
  const value = await load();
  if (mine !== generation) return value;
  current = value;
  return value;
}`,
    ],
    [
      'the exchange in flight stored before anything is awaited (openfga fix)',
      `export class Credentials {
  private token?: string;
  private expiresAt = 0;
  private exchanging?: Promise<string>;
  async header(): Promise<string> {
    if (this.token && this.expiresAt > Date.now()) return this.token;
    if (!this.exchanging) {
      this.exchanging = this.exchange().finally(() => {
        this.exchanging = undefined;
      });
    }
    return this.exchanging;
  }
  private async exchange(): Promise<string> {
    const response = await post('https://auth.example.test/token');
    this.token = response.token;
    this.expiresAt = Date.now() + response.expiresIn * 1000;
    return this.token;
  }
}`,
    ],
    [
      'a refresh shared through an in-flight promise (unstorage github driver: a known false alarm)',
      `export function createDriver(ttl: number) {
  let files: Record<string, string> = {};
  let lastCheck = 0;
  let syncing: Promise<Record<string, string>> | undefined;
  const sync = async () => {
    if (lastCheck + ttl > Date.now()) return;
    if (!syncing) syncing = fetchFiles();
    files = await syncing;
    lastCheck = Date.now();
    syncing = undefined;
  };
  return {
    async keys() {
      await sync();
      return Object.keys(files);
    },
  };
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('check-then-act: rows read, then written after other work', () => {
  it.each([
    [
      'a lookup outside the transaction that creates the row (c15t: duplicate consents)',
      `export async function record(subjectId: string, policyId: string) {
  const existing = await db.findFirst('consent', { where: { subjectId, policyId } });
  if (existing) return existing;
  return db.transaction(async (tx) => /*!*/tx.create('consent', { subjectId, policyId }));
}`,
    ],
    [
      'a copy of the row written back after another await (langfuse: a provider id replaced, fields clobbered)',
      `export async function checkout(orgId: string) {
  const org = await orgs.findUnique({ where: { id: orgId } });
  if (!org) throw new Error(orgId);
  const session = await provider.checkout(org.billing?.providerId);
  const billing = { ...org.billing, providerId: session.providerId };
  await /*!*/orgs.update({ where: { id: orgId }, data: { billing } });
}`,
    ],
    [
      'an entity built with create() and saved after the check (TypeORM: save is the write)',
      `export async function signUp(email: string) {
  const found = await users.findOne({ where: { email } });
  if (found) return found;
  const user = users.create({ email });
  return /*!*/users.save(user);
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'keyRace' });
  });

  it.each([
    [
      'the lookup repeated inside the transaction, the losing create handled (c15t fix)',
      `export async function record(subjectId: string, policyId: string) {
  const existing = await db.findFirst('consent', { where: { subjectId, policyId } });
  if (existing) return existing;
  return db.transaction(async (tx) => {
    const again = await tx.findFirst('consent', { where: { subjectId, policyId } });
    if (again) return again;
    try {
      return await tx.create('consent', { subjectId, policyId });
    } catch (error) {
      const winner = await tx.findFirst('consent', { where: { subjectId, policyId } });
      if (winner) return winner;
      throw error;
    }
  });
}`,
    ],
    [
      'a field of the row written without copying the row (no stale fields)',
      `export async function checkout(orgId: string) {
  const org = await orgs.findUnique({ where: { id: orgId } });
  if (!org) throw new Error(orgId);
  const session = await provider.checkout(org.billing?.providerId);
  await orgs.update({ where: { id: orgId }, data: { billing: { providerId: session.providerId } } });
}`,
    ],
    [
      'create() alone builds an entity in memory (TypeORM: not a write)',
      `export async function draft(email: string) {
  const found = await users.findOne({ where: { email } });
  if (found) return found;
  return users.create({ email });
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('check-then-act: strict', () => {
  const findOrCreate = `export async function decide(key: string) {
  return db.transaction(async (tx) => {
    return (await tx.findFirst('decision', { where: { key } })) ?? (await /*!*/tx.create('decision', { key }));
  });
}`;
  const cacheAside = `export async function remember(key: string) {
  const hit = await cache.get(key);
  if (hit !== undefined) return hit;
  const value = await compute(key);
  await /*!*/cache.set(key, value);
  return value;
}`;

  it('reports a find-or-create inside a transaction (c15t: the second insert fails on the unique key)', () => {
    tester.expectInvalid({ code: findOrCreate, options: { strict: true }, messageId: 'keyRace' });
    tester.expectValid({
      code: findOrCreate.replace(
        "(await /*!*/tx.create('decision', { key }))",
        "(await tx.create('decision', { key }).catch(() => tx.findFirst('decision', { where: { key } })))",
      ),
      options: { strict: true },
    });
  });

  it('reports a cache-aside fill (fluo: every concurrent miss runs the loader)', () => {
    tester.expectValid(cacheAside.replace('/*!*/', ''));
    tester.expectInvalid({ code: cacheAside, options: { strict: true }, messageId: 'keyRace' });
  });
});
