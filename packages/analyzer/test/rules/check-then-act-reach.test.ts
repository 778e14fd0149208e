import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Where the shared state lives and what protects it, modelled on what the state is rather than on how it is spelled:
// another module's cache is as shared as this module's own; `this` in an object literal's method is that object; a
// word like "duplicate" protects only in the code that handles the error. Shapes from public fixes (TanStack router's
// module-level entries, in-flight dedupe of per-key caches, a client that reconnects through a duplicated socket),
// rewritten in our own code.
const tester = ruleTester('check-then-act', {
  prelude: `declare function load(key: string): Promise<string>;
declare function connect(): Promise<{ close(): Promise<void> }>;
`,
});

const cacheModule = { 'src/cache.ts': 'export const profiles = new Map<string, string>();\n' };
const cacheModuleJs = { 'src/cache.js': 'exports.profiles = new Map();\n' };

describe('check-then-act: state of another module, of an object literal, with unrelated words around it', () => {
  it('reports a cache imported from another module, filled after an await (ESM)', () => {
    tester.expectInvalid({
      fileName: 'src/profile.ts',
      files: cacheModule,
      messageId: 'lazyInit',
      code: `import { profiles } from './cache.js';
export async function profile(id: string) {
  if (!profiles.has(id)) {
    /*!*/profiles.set(id, await load(id));
  }
  return profiles.get(id);
}`,
    });
  });
  it('reports a cache required from another module (CommonJS)', () => {
    tester.expectInvalid({
      fileName: 'src/profile.js',
      files: cacheModuleJs,
      prelude: '',
      messageId: 'lazyInit',
      code: `const { profiles } = require('./cache');
async function load(id) { return String(id); }
async function profile(id) {
  const hit = profiles.get(id);
  if (hit) return hit;
  const value = await load(id);
  /*!*/profiles.set(id, value);
  return value;
}
module.exports = { profile };`,
    });
  });
  it('reports a flag on a module required from another file (its state is the whole process’s)', () => {
    tester.expectInvalid({
      fileName: 'src/start.js',
      files: { 'src/shared.js': 'exports.ready = false;\n' },
      prelude: '',
      messageId: 'lazyInit',
      code: `const shared = require('./shared');
async function connect() {}
async function start() {
  if (!shared.ready) {
    await connect();
    /*!*/shared.ready = true;
  }
}
module.exports = { start };`,
    });
  });
  it('reports this.cache in an object literal method, in both spellings', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `export const sessions = {
  cache: new Map<string, string>(),
  async get(id: string) {
    if (!this.cache.has(id)) /*!*/this.cache.set(id, await load(id));
    return this.cache.get(id);
  },
};`,
    });
    tester.expectInvalid({
      fileName: 'src/sessions.js',
      prelude: '',
      messageId: 'lazyInit',
      code: `async function load(id) { return String(id); }
const sessions = {
  client: null,
  open: async function () {
    if (this.client === null) {
      /*!*/this.client = await load('client');
    }
    return this.client;
  },
};
module.exports = { sessions };`,
    });
  });
  it('reports a claim made after an await in a function that only names a duplicate (not handling one)', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `export class Link {
  private raw = { connect: () => connect() };
  private connecting: Promise<unknown> | undefined;
  private async duplicateRaw() {
    return { connect: () => connect() };
  }
  async ensure(replace: boolean) {
    if (!this.connecting) {
      // a closed socket cannot reconnect: duplicate it first
      if (replace) this.raw = await this.duplicateRaw();
      /*!*/this.connecting = this.raw.connect();
    }
    return this.connecting;
  }
}`,
    });
  });
});

describe('check-then-act: the same places, fixed', () => {
  it.each([
    [
      'an imported cache that stores the in-flight promise',
      `import { profiles } from './cache.js';
declare const pending: Map<string, Promise<string>>;
export function profile(id: string) {
  let entry = pending.get(id);
  if (!entry) {
    entry = load(id);
    pending.set(id, entry);
  }
  return entry;
}
export function known(id: string) {
  return profiles.has(id);
}`,
    ],
    [
      'an object literal method that claims before awaiting',
      `export const sessions = {
  pending: new Map<string, Promise<string>>(),
  get(id: string) {
    if (!this.pending.has(id)) this.pending.set(id, load(id));
    return this.pending.get(id);
  },
};`,
    ],
    [
      'a duplicate-key error handled where the insert runs',
      `declare const users: { findOne(q: object): Promise<unknown>; insertOne(d: object): Promise<unknown> };
export async function signUp(email: string) {
  const existing = await users.findOne({ email });
  if (existing) return existing;
  return users.insertOne({ email }).catch((error: { code?: number }) => {
    if (error.code === 11000) return users.findOne({ email });
    throw error;
  });
}`,
    ],
    [
      'a read and a create that both pass the transaction as an option (Sequelize)',
      `declare const Integration: {
  findOne(options: { where: object; transaction: unknown }): Promise<unknown>;
  create(values: object, options: { transaction: unknown }): Promise<unknown>;
};
export async function install(teamId: string, transaction: unknown) {
  const duplicate = await Integration.findOne({ where: { teamId }, transaction });
  if (duplicate) return duplicate;
  return Integration.create({ teamId }, { transaction });
}`,
    ],
    [
      'an imported type, not a value',
      `import type { Profile } from './cache.js';
declare let current: Profile | undefined;
export function show(profile: Profile) {
  current = profile;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid({ code, fileName: 'src/profile.ts', files: cacheModule });
  });
});
