import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Shapes of check-then-act learned from a fresh batch of public fixes (joist-orm, graphql-amqp-subscriptions,
// backstage-plugins, kiel-live, bls), each rewritten in our own code in several spellings, each with its fix beside it:
// the wait is a `.then(…)` callback instead of an `await`; the only shared wait is one among work of the call's own;
// an existence check of a named resource before its creation; state kept on a module constant a call built.
const tester = ruleTester('check-then-act', {
  prelude: `interface Connection { send(body: string): Promise<string> }
declare function connect(): Promise<Connection>;
declare function populate(id: string): Promise<string[]>;
declare function bind(key: string): Promise<() => Promise<void>>;
declare function migrate(connection: Connection): Promise<void>;
declare function ref<T>(value: T): { value: T };
declare function reactive<T extends object>(value: T): T;
declare const schema: {
  hasTable(name: string): Promise<boolean>;
  createTable(name: string, build: (table: unknown) => void): Promise<void>;
  createTableIfNotExists(name: string, build: (table: unknown) => void): Promise<void>;
};
declare const storage: {
  bucketExists(name: string): Promise<boolean>;
  createBucket(name: string): Promise<void>;
};
declare const acl: {
  hasRole(user: string, role: string): Promise<boolean>;
  createGrant(user: string, role: string): Promise<void>;
};
`,
});
// Untyped JavaScript cases get no prelude (a `.js` file cannot hold its declarations): what they call is unknown.
const jsTester = ruleTester('check-then-act', {});
const testerFor = (fileName: string) => (fileName.endsWith('.js') ? jsTester : tester);

describe('check-then-act: the mark set in a `.then(…)` callback', () => {
  it.each([
    [
      'a field checked, the flag set in the callback of the load (joist: every load() meanwhile populates again)',
      `export class Derived {
  private loaded = false;
  constructor(private readonly id: string) {}
  load(): Promise<string[]> {
    if (!this.loaded) {
      return populate(this.id).then((rows) => {
        /*!*/this.loaded = true;
        return rows;
      });
    }
    return Promise.resolve([]);
  }
}`,
    ],
    [
      'an entry read through a local alias, written in the callback (graphql-amqp: two first subscribers both bind)',
      `export class Topics {
  private readonly byKey: Record<string, number[]> = {};
  subscribe(key: string, id: number): Promise<number> {
    const subscribers = this.byKey[key];
    if (subscribers && subscribers.length > 0) {
      this.byKey[key] = [...subscribers, id];
      return Promise.resolve(id);
    }
    return bind(key).then(() => {
      /*!*/this.byKey[key] = [...(this.byKey[key] ?? []), id];
      return id;
    });
  }
}`,
    ],
    [
      'a module variable set in a `.then` of an untyped CommonJS module',
      `let client;
function getClient() {
  if (client) return Promise.resolve(client);
  return connect().then((created) => {
    /*!*/client = created;
    return created;
  });
}
module.exports = { getClient };`,
      'a.js',
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectInvalid({ code, fileName, messageId: 'lazyInit' });
  });

  it.each([
    [
      'the continued promise stored in a field (joist fix: every call returns the one load)',
      `export class Derived {
  private loaded = false;
  private loading: Promise<string[]> | undefined;
  constructor(private readonly id: string) {}
  load(): Promise<string[]> {
    if (!this.loaded) {
      return (this.loading ??= populate(this.id).then((rows) => {
        this.loaded = true;
        return rows;
      }));
    }
    return Promise.resolve([]);
  }
}`,
    ],
    [
      'the entry claimed before the bind (graphql-amqp fix)',
      `export class Topics {
  private readonly byKey: Record<string, number[]> = {};
  private readonly disposers: Record<string, () => Promise<void>> = {};
  subscribe(key: string, id: number): Promise<number> {
    const subscribers = this.byKey[key];
    if (subscribers && subscribers.length > 0) {
      this.byKey[key] = [...subscribers, id];
      return Promise.resolve(id);
    }
    this.byKey[key] = [id];
    return bind(key).then((dispose) => {
      this.disposers[key] = dispose;
      return id;
    });
  }
}`,
    ],
    [
      'a pending promise kept in a module variable (CommonJS)',
      `let client;
let pending;
function getClient() {
  if (client) return Promise.resolve(client);
  pending = pending || connect().then((created) => {
    client = created;
    return created;
  });
  return pending;
}
module.exports = { getClient };`,
      'a.js',
    ],
    [
      'the continued promise kept in a local, then stored in a field that later callers return (bullmq)',
      `export class LazyClient {
  private raw: Connection | undefined;
  private materializing: Promise<Connection> | undefined;
  materialize(): Promise<Connection> {
    if (this.raw) return Promise.resolve(this.raw);
    if (this.materializing) return this.materializing;
    const materializing = connect()
      .then((raw) => {
        this.raw = raw;
        return raw;
      })
      .finally(() => {
        this.materializing = undefined;
      });
    this.materializing = materializing;
    return materializing;
  }
}`,
    ],
    [
      'an in-flight entry stored after the continued promise is built (a statement after `.then(…)` does not wait)',
      `const inflight = new Map<string, Promise<string[]>>();
export function rows(id: string): Promise<string[]> {
  const running = inflight.get(id);
  if (running) return running;
  const promise = populate(id).finally(() => inflight.delete(id));
  inflight.set(id, promise);
  return promise;
}`,
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectValid({ code, fileName });
  });
});

describe('check-then-act: one shared wait among work of the call’s own', () => {
  it.each([
    [
      'a module import awaited, then a client opened and migrated (backstage-plugins: a migration per plugin)',
      `let store: Connection | undefined;
export const factory = {
  async create(): Promise<Connection> {
    if (store) return store;
    await import('node:path');
    const connection = await connect();
    await migrate(connection);
    /*!*/store = connection;
    return store;
  },
};`,
    ],
    [
      'a shared start-up promise awaited, then a connection of the call’s own',
      `export class Pool {
  private connection: Connection | undefined;
  private readonly started: Promise<void> = Promise.resolve();
  async get(): Promise<Connection> {
    if (!this.connection) {
      await this.started;
      /*!*/this.connection = await connect();
    }
    return this.connection;
  }
}`,
    ],
    [
      'the same in untyped CommonJS',
      `let db;
async function open() {
  if (db) return db;
  await import('node:path');
  /*!*/db = await connect();
  return db;
}
module.exports = { open };`,
      'a.js',
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectInvalid({ code, fileName, messageId: 'lazyInit' });
  });

  it.each([
    [
      'only the shared start-up promise awaited (every caller joins it)',
      `export class Pool {
  private ready = false;
  private readonly started: Promise<void> = Promise.resolve();
  async get(): Promise<void> {
    if (!this.ready) {
      await this.started;
      this.ready = true;
    }
  }
}`,
    ],
    [
      'the promise of the whole initialisation stored before anything is awaited (backstage-plugins fix)',
      `let store: Promise<Connection> | undefined;
export const factory = {
  async create(): Promise<Connection> {
    if (!store) {
      store = (async () => {
        await import('node:path');
        const connection = await connect();
        await migrate(connection);
        return connection;
      })();
    }
    return store;
  },
};`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('check-then-act: a named resource checked, then created', () => {
  it.each([
    [
      'a table created when hasTable said no (backstage-plugins: "table already exists" on first start)',
      `const NOTES = 'notes';
export async function migrateNotes() {
  const present = await schema.hasTable(NOTES);
  if (!present) {
    await /*!*/schema.createTable(NOTES, () => undefined);
  }
}`,
    ],
    [
      'a bucket created after an exiting existence check',
      `export async function ensureBucket(name: string) {
  if (await storage.bucketExists(name)) return;
  await /*!*/storage.createBucket(name);
}`,
    ],
    [
      'an index created in the condition’s negation, untyped JavaScript',
      `async function ensureIndex(client, index) {
  if (!(await client.indices.exists({ index }))) {
    await /*!*/client.indices.create({ index });
  }
}
module.exports = { ensureIndex };`,
      'a.js',
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectInvalid({ code, fileName, messageId: 'keyRace' });
  });

  it.each([
    [
      'an idempotent creation (backstage-plugins fix)',
      `const NOTES = 'notes';
export async function migrateNotes() {
  const present = await schema.hasTable(NOTES);
  if (!present) {
    await schema.createTableIfNotExists(NOTES, () => undefined);
  }
}`,
    ],
    [
      'the losing creation handled',
      `export async function ensureBucket(name: string) {
  if (await storage.bucketExists(name)) return;
  await storage.createBucket(name).catch(() => undefined);
}`,
    ],
    [
      'a create on the path where the check passed (a permission, not a missing resource)',
      `export async function grant(user: string) {
  if (!(await acl.hasRole(user, 'admin'))) throw new Error('forbidden');
  await acl.createGrant(user, 'editor');
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('check-then-act: state on a module constant a call built', () => {
  it.each([
    [
      'an entry of a reactive record (kiel-live: every message delivered twice)',
      `const subscriptions = ref<Record<string, Connection>>({});
export async function subscribe(subject: string) {
  if (subscriptions.value[subject]) return;
  const connection = await connect();
  /*!*/subscriptions.value[subject] = connection;
}`,
    ],
    [
      'a field of a reactive state object',
      `const state = reactive<{ client?: Connection }>({});
export async function client(): Promise<Connection> {
  if (!state.client) {
    /*!*/state.client = await connect();
  }
  return state.client;
}`,
    ],
    [
      'an entry of an object created without a prototype, untyped CommonJS',
      `const connections = Object.create(null);
async function forTenant(tenant) {
  if (!connections[tenant]) {
    /*!*/connections[tenant] = await connect();
  }
  return connections[tenant];
}
module.exports = { forTenant };`,
      'a.js',
    ],
  ])('%s', (_name, code, fileName = 'a.ts') => {
    testerFor(fileName).expectInvalid({ code, fileName, messageId: 'lazyInit' });
  });

  it.each([
    [
      'the subject marked pending before the await, kept only if still pending (kiel-live fix)',
      `const subscriptions = ref<Record<string, Connection | 'pending'>>({});
export async function subscribe(subject: string) {
  if (subscriptions.value[subject]) return;
  subscriptions.value[subject] = 'pending';
  const connection = await connect();
  if (subscriptions.value[subject] !== 'pending') return;
  subscriptions.value[subject] = connection;
}`,
    ],
    [
      'the binding itself is never written: a local of the same name is',
      `const settings = ref({ url: '' });
export async function load(): Promise<string> {
  let settingsUrl = settings.value.url;
  if (!settingsUrl) settingsUrl = String(await connect());
  return settingsUrl;
}`,
    ],
  ])('%s', (_name, code) => {
    const fileName = code.includes('module.exports') ? 'a.js' : 'a.ts';
    testerFor(fileName).expectValid({ code, fileName });
  });
});
