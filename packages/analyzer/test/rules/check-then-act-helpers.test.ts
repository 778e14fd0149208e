import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Shapes of check-then-act that hide the write or the wait from a reader who looks for one `await` between two calls:
// the row created by a helper of the same file, an Objection `Model.query()` chain, and a check in one `.then`
// callback whose write waits in the next. From public fixes (a first login that inserted the account twice, a
// database core that opened a second connection), each rewritten in our own code, each with its fixed code beside it.
const tester = ruleTester('check-then-act', {
  prelude: `interface Row { id: string; providerId: string }
interface Builder<T> extends PromiseLike<T> {
  where(column: string | object, value?: unknown): Builder<T>;
  first(): Builder<T>;
  findOne(filter: object): Builder<T>;
  insert(row: object): Builder<T> & { onConflict(column: string): { ignore(): Promise<T>; merge(): Promise<T> } };
  insertAndFetch(row: object): Promise<T>;
}
declare class Account { static query(trx?: unknown): Builder<Row | undefined> }
declare function knex(table: string): Builder<Row | undefined>;
interface Database { close(): Promise<void> }
declare function openDatabase(url: string): Promise<Database>;
`,
});
// Untyped JavaScript cases get no prelude (a `.js` file cannot hold its declarations): what they call is unknown.
const jsTester = ruleTester('check-then-act', {});
const testerFor = (fileName: string) => (fileName.endsWith('.js') ? jsTester : tester);

describe('check-then-act: the row created through a helper of the same file', () => {
  it.each([
    [
      'an Objection lookup, then a helper of the same object that inserts (CommonJS, untyped)',
      `const { Account } = require('./models');
const accounts = {
  createAccount: async (profile) => {
    const trx = await Account.startTransaction();
    await Account.query(trx).insert({ providerId: profile.providerId, email: profile.email });
    await trx.commit();
    return profile;
  },
  resolve: async (profile) => {
    const found = await Account.query().first().where('providerId', profile.providerId);
    if (!found) return /*!*/accounts.createAccount(profile);
    return found;
  },
};
module.exports = accounts;`,
      'a.js',
    ],
    [
      'a knex lookup, then a private method that inserts the row (TypeScript class)',
      `export class Accounts {
  private async insertAccount(providerId: string): Promise<void> {
    await knex('accounts').insert({ providerId });
  }
  async resolve(providerId: string): Promise<void> {
    const found = await knex('accounts').where({ providerId }).first();
    if (found) return;
    await /*!*/this.insertAccount(providerId);
  }
}`,
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectInvalid({ code, fileName, messageId: 'keyRace' });
  });

  it.each([
    [
      'the helper inserts with onConflict().ignore() (the fix: the loser keeps the winner’s row)',
      `const { Account } = require('./models');
const accounts = {
  createAccount: async (profile) => {
    await Account.query().insert({ providerId: profile.providerId }).onConflict('providerId').ignore();
    return profile;
  },
  resolve: async (profile) => {
    const found = await Account.query().first().where('providerId', profile.providerId);
    if (!found) return accounts.createAccount(profile);
    return found;
  },
};
module.exports = accounts;`,
      'a.js',
    ],
    [
      'the private method merges on conflict (TypeScript class)',
      `export class Accounts {
  private async insertAccount(providerId: string): Promise<void> {
    await knex('accounts').insert({ providerId }).onConflict('providerId').merge();
  }
  async resolve(providerId: string): Promise<void> {
    const found = await knex('accounts').where({ providerId }).first();
    if (found) return;
    await this.insertAccount(providerId);
  }
}`,
    ],
    [
      'the helper inserts into another table (an audit row, not the account)',
      `export class Accounts {
  private async insertAudit(providerId: string): Promise<void> {
    await knex('audit_log').insert({ providerId });
  }
  async resolve(providerId: string): Promise<void> {
    const found = await knex('accounts').where({ providerId }).first();
    if (found) return;
    await this.insertAudit(providerId);
  }
}`,
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectValid({ code, fileName });
  });
});

describe('check-then-act: Objection Model.query() chains', () => {
  it.each([
    [
      'findOne, then insertAndFetch of the same key (TypeScript)',
      `export async function signUp(email: string): Promise<Row | undefined> {
  const existing = await Account.query().findOne({ email });
  if (existing) return existing;
  return /*!*/Account.query().insertAndFetch({ email });
}`,
    ],
    [
      'where().first(), then insert through a transaction’s query (CommonJS, untyped)',
      `const { Tag } = require('./models');
async function tagFor(trx, label) {
  const tag = await Tag.query().where('label', label).first();
  if (!tag) {
    await /*!*/Tag.query(trx).insert({ label });
  }
}
module.exports = { tagFor };`,
      'a.js',
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectInvalid({ code, fileName, messageId: 'keyRace' });
  });

  it.each([
    [
      'the insert ignores a conflict on the key (TypeScript)',
      `export async function signUp(email: string): Promise<void> {
  const existing = await Account.query().findOne({ email });
  if (existing) return;
  await Account.query().insert({ email }).onConflict('email').ignore();
}`,
    ],
    [
      'another model is created (CommonJS, untyped)',
      `const { Tag, Audit } = require('./models');
async function tagFor(trx, label) {
  const tag = await Tag.query().where('label', label).first();
  if (!tag) {
    await Audit.query(trx).insert({ label });
  }
}
module.exports = { tagFor };`,
      'a.js',
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectValid({ code, fileName });
  });
});

describe('check-then-act: the check in one `.then` callback, the write in the next', () => {
  it.each([
    [
      'a field checked in the first callback, set in the second (Iridium: a second connection per caller)',
      `export class Core {
  private connection: Database | undefined;
  constructor(private readonly url: string) {}
  connect(): Promise<this> {
    return Promise.resolve()
      .then(() => {
        if (this.connection) return this.connection;
        return openDatabase(this.url);
      })
      .then((database) => {
        /*!*/this.connection = database;
        return this;
      });
  }
}`,
    ],
    [
      'a module variable with function callbacks (CommonJS, untyped)',
      `const { open } = require('./driver');
let db;
function connect(url) {
  return Promise.resolve()
    .then(function () {
      if (db) return db;
      return open(url);
    })
    .then(function (opened) {
      /*!*/db = opened;
      return opened;
    });
}
module.exports = { connect };`,
      'a.js',
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectInvalid({ code, fileName, messageId: 'lazyInit' });
  });

  it.each([
    [
      'the attempt in flight claimed in the first callback (the fix)',
      `export class Core {
  private connection: Database | undefined;
  private connecting: Promise<Database> | undefined;
  constructor(private readonly url: string) {}
  connect(): Promise<this> {
    return Promise.resolve()
      .then(() => {
        if (this.connection) return this.connection;
        if (this.connecting) return this.connecting;
        return (this.connecting = openDatabase(this.url));
      })
      .then((database) => {
        this.connection = database;
        this.connecting = undefined;
        return this;
      });
  }
}`,
    ],
    [
      'the second callback checks again before it writes (CommonJS, untyped)',
      `const { open } = require('./driver');
let db;
function connect(url) {
  return Promise.resolve()
    .then(function () {
      if (db) return db;
      return open(url);
    })
    .then(function (opened) {
      if (db && db !== opened) return db;
      db = opened;
      return opened;
    });
}
module.exports = { connect };`,
      'a.js',
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectValid({ code, fileName });
  });
});

describe('check-then-act: a record read, required, then deleted after other work (spent twice)', () => {
  const grants = `interface Grant { token: string; userId: string }
declare const grants: {
  getRefreshGrant(token: string): Promise<Grant | undefined>;
  deleteRefreshGrant(grant: Grant): Promise<boolean>;
  deleteRefreshGrantByToken(token: string): Promise<Grant | undefined>;
};
declare function exchangeUpstream(grant: Grant): Promise<string>;
`;
  it.each([
    [
      'a refresh grant looked up, exchanged upstream, then deleted (mcp-server-neon: one refresh token exchanged twice)',
      `${grants}export async function refresh(token: string): Promise<string> {
  const grant = await grants.getRefreshGrant(token);
  if (!grant) throw new Error('invalid_grant');
  const access = await exchangeUpstream(grant);
  await /*!*/grants.deleteRefreshGrant(grant);
  return access;
}`,
    ],
    [
      'an invitation found, a membership created, then the invitation destroyed (CommonJS, untyped)',
      `const { Invite, Member } = require('./models');
async function accept(code, userId) {
  const invite = await Invite.findOne({ where: { code } });
  if (!invite) throw new Error('unknown invitation');
  await Member.create({ teamId: invite.teamId, userId });
  await /*!*/invite.destroy();
}
module.exports = { accept };`,
      'a.js',
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectInvalid({ code, fileName, messageId: 'keyRace' });
  });

  it.each([
    [
      'the grant deleted first, the exchange only for the call that deleted it (the fix)',
      `${grants}export async function refresh(token: string): Promise<string> {
  const grant = await grants.deleteRefreshGrantByToken(token);
  if (!grant) throw new Error('invalid_grant');
  return exchangeUpstream(grant);
}`,
    ],
    [
      'the invitation destroyed by its code before the membership is created (CommonJS, untyped)',
      `const { Invite, Member } = require('./models');
async function accept(code, teamId, userId) {
  const removed = await Invite.destroy({ where: { code } });
  if (!removed) throw new Error('unknown invitation');
  await Member.create({ teamId, userId });
}
module.exports = { accept };`,
      'a.js',
    ],
    [
      'the exchange run only through an in-flight map its callers join (mcp-server-neon fix)',
      `${grants}const refreshing = new Map<string, Promise<string>>();
export function refresh(token: string): Promise<string> {
  const running = refreshing.get(token);
  if (running) return running;
  const started = runRefresh(token).finally(() => refreshing.delete(token));
  refreshing.set(token, started);
  return started;
}
async function runRefresh(token: string): Promise<string> {
  const grant = await grants.getRefreshGrant(token);
  if (!grant) throw new Error('invalid_grant');
  const access = await exchangeUpstream(grant);
  await grants.deleteRefreshGrant(grant);
  return access;
}`,
    ],
    [
      'a find-then-create run only through a pending promise kept per key (CommonJS, untyped)',
      `const { Tag } = require('./models');
const pending = {};
function tagFor(label) {
  if (!pending[label]) pending[label] = createTag(label).finally(() => { delete pending[label]; });
  return pending[label];
}
async function createTag(label) {
  const tag = await Tag.query().where('label', label).first();
  if (!tag) await Tag.query().insert({ label });
}
module.exports = { tagFor };`,
      'a.js',
    ],
    [
      'the work between does not use the record (a star removed after an unrelated lookup: nothing is spent)',
      `${grants}declare function findUser(id: string): Promise<{ name: string }>;
export async function unstar(token: string, userId: string): Promise<void> {
  const grant = await grants.getRefreshGrant(token);
  if (grant) {
    const user = await findUser(userId);
    if (user.name !== '') await grants.deleteRefreshGrant(grant);
  }
}`,
    ],
    [
      'a delete on the path where the lookup found nothing (reuse detection revokes the family)',
      `${grants}declare const revoked: { findRevoked(token: string): Promise<Grant | undefined> };
export async function detectReuse(token: string): Promise<void> {
  let grant = await grants.getRefreshGrant(token);
  if (!grant) {
    grant = await revoked.findRevoked(token);
    if (grant) await grants.deleteRefreshGrant(grant);
  }
}`,
    ],
    [
      'a record deleted when it is missing nothing was required of it (no check of the read)',
      `${grants}export async function revoke(token: string): Promise<void> {
  const grant = await grants.getRefreshGrant(token);
  await exchangeUpstream({ token, userId: '' });
  if (grant) await grants.deleteRefreshGrant(grant);
}`,
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectValid({ code, fileName });
  });
});
