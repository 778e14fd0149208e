import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Check-then-act through the program's own functions in other files: the check and the create are made by helpers
// (a data module's `userExists` and `addUser`, a repository object's methods, a synchronous SQLite store) whose names
// say nothing the rule could match, known instead by what their bodies do (function summaries,
// `analysis/project/function-summaries.ts`). The most frequent shape the check-then-act fixes read last session could
// not model; each case here is our own code, with the fixed form and the nearest correct code beside it.
const tester = ruleTester('check-then-act', {});

/** A data module in TypeScript whose functions run SQL through a plain `query()` helper. */
const usersModule = (insert: string): string => `import { query } from './db.js';
export async function userExists(email: string): Promise<boolean> {
  const result = await query('SELECT id FROM users WHERE email = $1', [email]);
  return result.rows.length > 0;
}
export async function addUser(email: string, name: string): Promise<void> {
  ${insert}
}
`;
const dbModule = `export async function query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> {
  void text;
  void values;
  return { rows: [] };
}
`;
const plainInsert = "await query('INSERT INTO users (email, name) VALUES ($1, $2)', [email, name]);";

/** A repository object (JavaScript, untyped) whose methods use a model held in `this.model`. */
const repositoryModule = `const { Account } = require('./models');
class AccountRepository {
  constructor() {
    this.model = Account;
  }
  async byProvider(providerId) {
    return this.model.findOne({ providerId });
  }
  async register(profile) {
    return this.model.create({ providerId: profile.providerId, email: profile.email });
  }
}
module.exports = { accounts: new AccountRepository() };
`;

/** A synchronous SQLite store (better-sqlite3 style prepared statements) in an object literal. */
const sqliteStore = `const { db } = require('./connection');
const logins = {
  find: (login) => db.prepare('SELECT id FROM logins WHERE login = ?').get(login),
  add: (login, secret) => db.prepare('INSERT INTO logins (login, secret) VALUES (?, ?)').run(login, secret),
};
module.exports = { logins };
`;

describe('check-then-act: a check and a create through helpers in another file', () => {
  it('reports userExists() then addUser() imported from a data module (TypeScript)', () => {
    tester.expectInvalid({
      code: `import { addUser, userExists } from './users.js';
export async function signUp(email: string, name: string, notify: (to: string) => Promise<void>): Promise<void> {
  if (await userExists(email)) throw new Error('taken');
  await notify(email);
  await /*!*/addUser(email, name);
}`,
      files: { 'users.ts': usersModule(plainInsert), 'db.ts': dbModule },
      messageId: 'keyRace',
      message: /^`userExists` checks `email`, then `addUser` writes it/,
    });
  });

  it('reports a repository object’s find, then its create, keyed through an object argument (JavaScript)', () => {
    tester.expectInvalid({
      code: `const { accounts } = require('./repository');
async function resolve(profile) {
  const found = await accounts.byProvider(profile.providerId);
  if (found) return found;
  return /*!*/accounts.register(profile);
}
module.exports = { resolve };`,
      fileName: 'a.js',
      files: { 'repository.js': repositoryModule, 'models.js': 'module.exports = { Account: {} };' },
      messageId: 'keyRace',
    });
  });

  it('reports a synchronous store lookup, an await, then the store’s insert (JavaScript, prepared statements)', () => {
    tester.expectInvalid({
      code: `const { logins } = require('./store');
const { hash } = require('./hash');
async function enrol(login, secret) {
  const existing = logins.find(login);
  if (existing) return existing;
  const digest = await hash(secret);
  return /*!*/logins.add(login, digest);
}
module.exports = { enrol };`,
      fileName: 'a.js',
      files: {
        'store.js': sqliteStore,
        'connection.js': 'module.exports = { db: {} };',
        'hash.js': 'module.exports = { hash: async (text) => text };',
      },
      messageId: 'keyRace',
    });
  });
});

describe('check-then-act: a helper that reads the row back after creating it', () => {
  it('reports the create all the same (the read after the insert checks nothing)', () => {
    tester.expectInvalid({
      code: `import { addUser, userExists } from './users.js';
export async function signUp(email: string, name: string): Promise<void> {
  if (await userExists(email)) throw new Error('taken');
  await /*!*/addUser(email, name);
}`,
      files: {
        'users.ts': usersModule(`${plainInsert}
  await query('SELECT id FROM users WHERE email = $1', [email]);`),
        'db.ts': dbModule,
      },
      messageId: 'keyRace',
    });
  });
});

describe('check-then-act: the create on the path where the helper found nothing', () => {
  it('reports the `??` spelling: the helper’s find, else the helper’s create (TypeScript)', () => {
    tester.expectInvalid({
      code: `import { addUser, userExists } from './users.js';
export async function ensure(email: string, name: string): Promise<unknown> {
  return (await userExists(email)) || (await /*!*/addUser(email, name));
}`,
      files: { 'users.ts': usersModule(plainInsert), 'db.ts': dbModule },
      messageId: 'keyRace',
    });
  });

  it('leaves alone a permission helper that reads the same table, the create running where it passed', () => {
    tester.expectValid({
      code: `import { addUser, userExists } from './users.js';
export async function invite(inviter: string, email: string, name: string): Promise<void> {
  // the inviter must be a member: a create where the check found the row fills no gap
  if (!(await userExists(inviter))) throw new Error('forbidden');
  await addUser(inviter, name);
}`,
      files: { 'users.ts': usersModule(plainInsert), 'db.ts': dbModule },
    });
  });
});

describe('check-then-act: helpers in another file that settle the race, or do not race', () => {
  it.each([
    [
      'the helper inserts with ON CONFLICT DO NOTHING (the fix)',
      "await query('INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING', [email, name]);",
    ],
    [
      'the helper catches the unique-constraint error of its insert (the fix)',
      `try {
    ${plainInsert}
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
  }`,
    ],
    [
      'the helper writes another table (nothing checked is created)',
      "await query('INSERT INTO audit_log (email, name) VALUES ($1, $2)', [email, name]);",
    ],
  ])('leaves alone userExists() then addUser() when %s', (_name, insert) => {
    tester.expectValid({
      code: `import { addUser, userExists } from './users.js';
export async function signUp(email: string, name: string): Promise<void> {
  if (await userExists(email)) throw new Error('taken');
  await addUser(email, name);
}`,
      files: { 'users.ts': usersModule(insert), 'db.ts': dbModule },
    });
  });

  it('leaves alone a helper that looks the row up again before it creates it (find-or-create)', () => {
    tester.expectValid({
      code: `import { addUser, userExists } from './users.js';
export async function signUp(email: string, name: string): Promise<void> {
  if (await userExists(email)) throw new Error('taken');
  await addUser(email, name);
}`,
      files: {
        'users.ts': usersModule(`const found = await query('SELECT id FROM users WHERE email = $1', [email]);
  if (found.rows.length > 0) return;
  ${plainInsert}`),
        'db.ts': dbModule,
      },
    });
  });

  it('leaves alone a create of another key than the one checked', () => {
    tester.expectValid({
      code: `import { addUser, userExists } from './users.js';
export async function invite(email: string, friend: string, name: string): Promise<void> {
  if (!(await userExists(email))) throw new Error('unknown inviter');
  await addUser(friend, name);
}`,
      files: { 'users.ts': usersModule(plainInsert), 'db.ts': dbModule },
    });
  });

  it('leaves alone a synchronous lookup and insert with no await between (one turn of the event loop)', () => {
    tester.expectValid({
      code: `const { logins } = require('./store');
async function enrol(login, secret) {
  const existing = logins.find(login);
  if (existing) return existing;
  const row = logins.add(login, secret);
  await Promise.resolve();
  return row;
}
module.exports = { enrol };`,
      fileName: 'a.js',
      files: { 'store.js': sqliteStore, 'connection.js': 'module.exports = { db: {} };' },
    });
  });

  describe('a helper named as a creation whose body only sets a map entry', () => {
    /** An in-memory stand-in for a database: `insert` is `Map#set` inside, a creation to its callers. */
    const memoryDb = `const orders = new Map<string, { id: string; key: string }>();
export const db = {
  orders: {
    async findByKey(key: string): Promise<{ id: string; key: string } | undefined> {
      return [...orders.values()].find((order) => order.key === key);
    },
    async insert(order: { id: string; key: string }): Promise<void> {
      orders.set(order.id, order);
    },
  },
};
`;
    it('reports findByKey(), an await, then insert() of the same key', () => {
      tester.expectInvalid({
        code: `import { db } from './db.js';
export async function place(key: string, reserve: () => Promise<void>): Promise<void> {
  const existing = await db.orders.findByKey(key);
  if (existing !== undefined) return;
  await reserve();
  await /*!*/db.orders.insert({ id: String(Math.random()), key });
}`,
        files: { 'db.ts': memoryDb },
        messageId: 'keyRace',
        message: /^`findByKey` checks `key`, then `insert` writes it/,
      });
    });

    it('stays silent when the insert is made under a lock of the key', () => {
      tester.expectValid({
        code: `import { db } from './db.js';
import { KeyedMutex } from '@awaitwise/core';
const placing = new KeyedMutex<string>();
export async function place(key: string, reserve: () => Promise<void>): Promise<void> {
  await placing.run(key, async () => {
    const existing = await db.orders.findByKey(key);
    if (existing !== undefined) return;
    await reserve();
    await db.orders.insert({ id: String(Math.random()), key });
  });
}`,
        files: { 'db.ts': memoryDb },
      });
    });
  });
});
