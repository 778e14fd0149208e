import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// How a find-then-create reaches its store, modelled on what the store is rather than on how the call is spelled:
// an entity built from a model and saved is a create on that model (Mongoose `new User(…).save()`, Sequelize
// `build(…).save()`, TypeORM's `User.create(…).save()`), and a store handed out by a call with the same arguments is
// one store (`db.collection('users')`, `dataSource.getRepository(User)`). Shapes from public fixes (duplicate
// sign-ups on a first OAuth login, duplicate users from a repository's check-then-insert, fixed with an atomic
// `findOneAndUpdate` and `$setOnInsert`, or with the duplicate-key error caught), rewritten in our own code.
const tester = ruleTester('check-then-act', {
  prelude: `interface UserFields { email: string; name?: string; providerId?: string }
declare class User {
  constructor(fields: UserFields);
  save(options?: { session?: unknown }): Promise<User>;
  static findOne(filter: object): Promise<User | null>;
  static findOneAndUpdate(filter: object, update: object, options: object): Promise<User>;
  static build(fields: UserFields): User;
  static create(fields: UserFields): User;
}
declare class AuditEntry {
  constructor(fields: { email: string });
  save(): Promise<AuditEntry>;
}
interface Collection<T> {
  findOne(filter: object): Promise<T | null>;
  insertOne(doc: T): Promise<{ insertedId: string }>;
  findOneAndUpdate(filter: object, update: object, options: object): Promise<T | null>;
}
declare const db: { collection<T = UserFields>(name: string): Collection<T> };
declare function sendWelcome(email: string): Promise<void>;
`,
});

describe('check-then-act: an entity built from a model, then saved', () => {
  it.each([
    [
      'new Model(fields) saved after the model’s own lookup (Mongoose sign-up)',
      `export async function signUp(email: string, name: string) {
  const existing = await User.findOne({ email });
  if (existing) throw new Error('taken');
  const user = new User({ email, name });
  await /*!*/user.save();
  return user;
}`,
    ],
    [
      'the lookup by a field of the profile, the entity built from that field (first OAuth login)',
      `export async function fromProvider(profile: { id: string; email: string }) {
  const user = await User.findOne({ providerId: profile.id });
  if (!user) {
    const created = new User({ providerId: profile.id, email: profile.email });
    await sendWelcome(profile.email);
    return /*!*/created.save();
  }
  return user;
}`,
    ],
    [
      'build(fields).save() and create(fields).save() in one expression',
      `export async function register(email: string) {
  if (await User.findOne({ email })) return undefined;
  return /*!*/User.build({ email }).save();
}
export async function enrol(email: string) {
  const found = await User.findOne({ email });
  return found ?? /*!*/User.create({ email }).save();
}`,
    ],
  ])('reports %s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'keyRace' });
  });

  it('reports the CommonJS spelling with no types (a model required from another file)', () => {
    tester.expectInvalid({
      fileName: 'src/accounts.js',
      prelude: '',
      messageId: 'keyRace',
      code: `const Account = require('./models/account');
async function signUp(req, res) {
  const existing = await Account.findOne({ email: req.body.email });
  if (existing) return res.status(409).end();
  const account = new Account({ email: req.body.email, password: req.body.password });
  await /*!*/account.save();
  return res.status(201).json(account);
}
module.exports = { signUp };`,
    });
  });

  it.each([
    [
      'the atomic upsert that fixed it ($setOnInsert)',
      `export async function signUp(email: string, name: string) {
  return User.findOneAndUpdate({ email }, { $setOnInsert: { email, name } }, { upsert: true, new: true });
}`,
    ],
    [
      'an entity of another model saved after the lookup (an audit entry, not the row checked)',
      `export async function signIn(email: string) {
  const user = await User.findOne({ email });
  if (!user) throw new Error('unknown');
  await new AuditEntry({ email }).save();
  return user;
}`,
    ],
    [
      'the duplicate-key error of the save handled (the loser reads the winner)',
      `export async function signUp(email: string) {
  const existing = await User.findOne({ email });
  if (existing) return existing;
  try {
    return await new User({ email }).save();
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return User.findOne({ email });
    throw error;
  }
}`,
    ],
    [
      'an entity loaded, changed and saved (an update of the row read, not a create)',
      `export async function rename(email: string, name: string) {
  const user = await User.findOne({ email });
  if (!user) throw new Error('unknown');
  await sendWelcome(email);
  return user.save();
}`,
    ],
  ])('leaves alone %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('check-then-act: a store handed out by a call', () => {
  it.each([
    [
      'db.collection(name) spelled out at the read and at the insert (MongoDB driver)',
      `export async function createUser(user: UserFields) {
  const existing = await db.collection('users').findOne({ email: user.email });
  if (existing) throw new Error('User already exists');
  return /*!*/db.collection('users').insertOne(user);
}`,
    ],
    [
      'a repository fetched from the data source at both calls (TypeORM)',
      `declare const dataSource: {
  getRepository<T>(entity: new (...args: never[]) => T): {
    findOneBy(where: object): Promise<T | null>;
    insert(row: object): Promise<void>;
  };
};
export async function addMember(teamId: string, userId: string) {
  const member = await dataSource.getRepository(User).findOneBy({ teamId, userId });
  if (member) return;
  await sendWelcome(userId);
  await /*!*/dataSource.getRepository(User).insert({ teamId, userId });
}`,
    ],
  ])('reports %s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'keyRace' });
  });

  it('reports the CommonJS spelling (client.db().collection(name), untyped)', () => {
    tester.expectInvalid({
      fileName: 'src/invites.js',
      prelude: '',
      messageId: 'keyRace',
      code: `const { client } = require('./mongo');
async function invite(code, email) {
  const open = await client.db().collection('invites').findOne({ code });
  if (!open) {
    await /*!*/client.db().collection('invites').insertOne({ code, email });
  }
}
module.exports = { invite };`,
    });
  });

  it.each([
    [
      'two different collections (the lookup in one, the insert in another)',
      `export async function createUser(user: UserFields) {
  const banned = await db.collection('banned').findOne({ email: user.email });
  if (banned) throw new Error('banned');
  return db.collection('users').insertOne(user);
}`,
    ],
    [
      'the atomic findOneAndUpdate that fixed it',
      `export async function createUser(user: UserFields) {
  return db.collection('users').findOneAndUpdate(
    { email: user.email },
    { $setOnInsert: user },
    { upsert: true, returnDocument: 'after' },
  );
}`,
    ],
    [
      'a store handed out per call with a value that changes (a new collection object per request id)',
      `declare function scoped(id: string): Collection<UserFields>;
export async function createUser(user: UserFields) {
  const existing = await scoped(crypto.randomUUID()).findOne({ email: user.email });
  if (existing) throw new Error('exists');
  return scoped(crypto.randomUUID()).insertOne(user);
}`,
    ],
  ])('leaves alone %s', (_name, code) => {
    tester.expectValid(code);
  });
});
