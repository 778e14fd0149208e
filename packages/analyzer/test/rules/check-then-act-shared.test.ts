import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Shared state checked, an await, then the same state written: shapes from public fixes (rewritten in our own code).
const tester = ruleTester('check-then-act', {
  prelude: `declare function connect(): Promise<{ query(sql: string): Promise<unknown> }>;
declare function load(key: string): Promise<string>;
declare function compileModule(): Promise<void>;
`,
});

describe('check-then-act: shared state checked, then set after an await', () => {
  it.each([
    [
      'a field created lazily (a second connection per concurrent first call)',
      `export class Repository {
  private conn: { query(sql: string): Promise<unknown> } | undefined;
  async connection() {
    if (!this.conn) /*!*/this.conn = await connect();
    return this.conn;
  }
}`,
    ],
    [
      'a module singleton stored only after its creation is awaited',
      `let client: { query(sql: string): Promise<unknown> } | null = null;
export async function getClient() {
  if (!client) {
    /*!*/client = await connect();
  }
  return client;
}`,
    ],
    [
      'a module flag set after the awaited work it guards (a static arrow member)',
      `let ready = false;
export class Parser {
  static create = async () => {
    if (!ready) {
      await compileModule();
      /*!*/ready = true;
    }
    return new Parser();
  };
}`,
    ],
    [
      'an early return on an initialized field, the field set at the end',
      `export class VectorIndex {
  private isInitialized = false;
  private readonly vectors = new Map<string, string>();
  async initialize() {
    if (this.isInitialized) return;
    await compileModule();
    this.vectors.set('a', await load('a'));
    /*!*/this.isInitialized = true;
  }
}`,
    ],
    [
      'a loading flag set after an await (the guard comes too late)',
      `export class Feed {
  private loading = false;
  async refresh() {
    if (this.loading) return;
    const first = await load('first');
    /*!*/this.loading = true;
    try {
      await load(first);
    } finally {
      this.loading = false;
    }
  }
}`,
    ],
    [
      'a flag on an entry of a shared registry',
      `interface Entry { ready: boolean; start(): Promise<void> }
const registry = new Map<number, Entry>();
export async function initialize(id: number) {
  const entry = registry.get(id);
  if (!entry) return;
  if (entry.ready) return;
  await entry.start();
  /*!*/entry.ready = true;
}`,
    ],
    [
      'a Map cache filled after an awaited load (the duplicate-load race)',
      `export class Children {
  private readonly cache = new Map<string, string>();
  async childrenOf(id: string) {
    if (this.cache.has(id)) return this.cache.get(id);
    const children = await load(id);
    /*!*/this.cache.set(id, children);
    return children;
  }
}`,
    ],
    [
      'a module Map checked through a local holding the entry',
      `const cache = new Map<string, string>();
export async function cached(key: string) {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = await load(key);
  /*!*/cache.set(key, value);
  return value;
}`,
    ],
    [
      'an object used as a map of flags',
      `const syncing: Record<string, boolean> = {};
export async function sync(account: string) {
  if (syncing[account]) return;
  await load(account);
  /*!*/syncing[account] = true;
}`,
    ],
    [
      'a submitting flag of a form factory set after the async validation',
      `export function createForm(submit: (values: string) => Promise<void>) {
  let isSubmitting = false;
  return {
    async handleSubmit(values: string) {
      if (isSubmitting) return;
      await load(values);
      /*!*/isSubmitting = true;
      try {
        await submit(values);
      } finally {
        isSubmitting = false;
      }
    },
  };
}`,
    ],
    [
      'a cache in a factory closure',
      `export function createLoader() {
  const cache = new Map<string, string>();
  return async (key: string) => {
    if (!cache.has(key)) /*!*/cache.set(key, await load(key));
    return cache.get(key);
  };
}`,
    ],
    [
      'two fields checked together and set in two steps: one finding',
      `export class Storage {
  private provider: { init(): Promise<void> } | undefined;
  private ready = false;
  async get() {
    if (this.provider && this.ready) return this.provider;
    const created = { init: () => compileModule() };
    await created.init();
    /*!*/this.provider = created;
    this.ready = true;
    return created;
  }
}`,
    ],
    [
      'a closure helper returned by another helper the owner starts for every item at once',
      `export async function warmAll(keys: string[]) {
  let browser: string | null = null;
  const ensureBrowser = async () => {
    if (!browser) /*!*/browser = await load('launch');
    return browser;
  };
  const prepare = () => ensureBrowser();
  await Promise.all(keys.map(() => prepare()));
}`,
    ],
    [
      'a closure helper reached through a helper the owner hands out (.then spelling)',
      `export function createSlicer(budget: number, register: (step: () => unknown) => void) {
  let sliceStart = 0;
  const afterItem = () => {
    if (sliceStart !== 0) return undefined;
    return load('yield').then(() => {
      /*!*/sliceStart = Date.now();
    });
  };
  const step = () => afterItem();
  register(step);
  return budget;
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'lazyInit' });
  });
});

describe('check-then-act: shared state that is claimed, re-checked or local', () => {
  it.each([
    [
      'the in-flight promise stored before awaiting (the fix)',
      `let pending: Promise<{ query(sql: string): Promise<unknown> }> | undefined;
export async function getClient() {
  if (pending === undefined) pending = connect();
  return pending;
}`,
    ],
    [
      'a flag claimed before the first await and cleared in finally',
      `export class Feed {
  private loading = false;
  async refresh() {
    if (this.loading) return;
    this.loading = true;
    try {
      await load('x');
    } finally {
      this.loading = false;
    }
  }
}`,
    ],
    [
      'one claim before the first await serialises every check before it',
      `export class Analytics {
  private ready = false;
  private starting = false;
  async start() {
    if (this.ready) return;
    if (this.starting) return;
    this.starting = true;
    await compileModule();
    this.ready = true;
    this.starting = false;
  }
}`,
    ],
    [
      'an in-flight promise map (singleflight by hand)',
      `const inflight = new Map<string, Promise<string>>();
export async function cached(key: string) {
  const running = inflight.get(key);
  if (running) return running;
  const promise = load(key).finally(() => inflight.delete(key));
  inflight.set(key, promise);
  return promise;
}`,
    ],
    [
      're-checked after the await',
      `let client: { query(sql: string): Promise<unknown> } | undefined;
export async function getClient() {
  if (!client) {
    const created = await connect();
    if (client) return client;
    client = created;
  }
  return client;
}`,
    ],
    [
      'a mark cleared before the work (the write clears it, it does not set it)',
      `export class Saver {
  private dirty = true;
  async save() {
    if (!this.dirty) return;
    this.dirty = false;
    await load('save');
  }
}`,
    ],
    [
      'a local variable',
      `export async function once() {
  let done = false;
  if (!done) {
    await compileModule();
    done = true;
  }
  return done;
}`,
    ],
    [
      'a property of a request-scoped parameter',
      `export async function attachUser(request: { user?: string; id: string }) {
  if (!request.user) request.user = await load(request.id);
}`,
    ],
    [
      'a submitting flag of a form factory claimed before the validation (the fix)',
      `export function createForm(submit: (values: string) => Promise<void>) {
  let isSubmitting = false;
  return {
    async handleSubmit(values: string) {
      if (isSubmitting) return;
      isSubmitting = true;
      try {
        await load(values);
        await submit(values);
      } finally {
        isSubmitting = false;
      }
    },
  };
}`,
    ],
    [
      'a constant closure binding that is not a container',
      `export function createLoader(prefix: string) {
  const label = prefix;
  return async (key: string) => {
    if (!label) return load(key);
    return load(label + key);
  };
}`,
    ],
    [
      'a teardown that clears the field it checked',
      `export class Subscriber {
  private connection: { close(): Promise<void> } | null = null;
  async destroy() {
    if (this.connection) {
      await this.connection.close();
      this.connection = null;
    }
  }
}`,
    ],
    [
      'a field of an Active Record instance (a per-request copy of a row)',
      `export class Document {
  publishedAt: Date | null = null;
  async save() {}
  async publish() {
    if (this.publishedAt) return this.save();
    await compileModule();
    this.publishedAt = new Date();
    return this.save();
  }
}`,
    ],
    [
      'a claim inside the try that follows the checks',
      `let cached: string | undefined;
let running = false;
export async function table() {
  if (cached) return cached;
  if (running) return await load('offline');
  try {
    running = true;
    cached = await load('fresh');
  } finally {
    running = false;
  }
  return cached;
}`,
    ],
    [
      're-validated by a generation check after the last await',
      `let current: Promise<void> | null = null;
let generation = 0;
export async function startSync() {
  if (current) return current;
  const mine = ++generation;
  await load('network');
  if (mine !== generation) return;
  current = load('run').then(() => undefined);
  return current;
}`,
    ],
    [
      'a closure helper its owner only awaits in turn (a worker loop)',
      `export async function worker(batches: string[]) {
  let browser: string | null = null;
  const ensureBrowser = async () => {
    if (browser) return browser;
    browser = await load('launch');
    return browser;
  };
  for (const batch of batches) {
    const active = await ensureBrowser();
    await load(active + batch);
  }
}`,
    ],
    [
      'a closure helper reached only through another helper its owner awaits in turn (.then spelling)',
      `export async function eachInSlices(items: string[], budget: number) {
  let sliceStart = Date.now();
  const afterItem = (): Promise<void> | undefined => {
    if (Date.now() - sliceStart < budget) return undefined;
    return load('yield').then(() => {
      sliceStart = Date.now();
    });
  };
  const step = (item: string): Promise<void> | undefined => {
    if (item === '') return afterItem();
    return load(item).then(() => afterItem());
  };
  for (const item of items) {
    const pending = step(item);
    if (pending !== undefined) await pending;
  }
}`,
    ],
    [
      'a closure helper returned by another helper its owner awaits in turn (async spelling)',
      `export async function worker(batches: string[]) {
  let browser: string | null = null;
  const ensureBrowser = async () => {
    if (browser) return browser;
    browser = await load('launch');
    return browser;
  };
  const prepare = () => ensureBrowser();
  for (const batch of batches) {
    const active = await prepare();
    await load(active + batch);
  }
}`,
    ],
    [
      'a cache written under another key',
      `const cache = new Map<string, string>();
export async function copy(from: string, to: string) {
  if (cache.has(from)) return;
  cache.set(to, await load(from));
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('check-then-act: only where calls can overlap', () => {
  const race = `let client: { query(sql: string): Promise<unknown> } | null = null;
export async function getClient() {
  if (!client) client = await connect();
  return client;
}`;
  it('reports it in library or server code', () => {
    tester.expectInvalid({
      code: race,
      fileName: 'src/client.ts',
      errors: [{ line: 3, column: 16, messageId: 'lazyInit' }],
    });
    // A word that only contains "seed" is not a seed (knex's own lib/migrations/seed/Seeder is library code).
    for (const fileName of ['src/seedling.ts', 'src/reseed-cache.ts', 'lib/migrations/seed/Seeder.ts']) {
      tester.expectInvalid({
        code: race,
        fileName,
        errors: [{ line: 3, column: 16, messageId: 'lazyInit' }],
      });
    }
  });
  it('leaves test files and command-line scripts alone', () => {
    tester.expectValid({ code: race, fileName: 'src/client.test.ts' });
    tester.expectValid({ code: race, fileName: 'scripts/seed.ts' });
    // Database seeds run once, at deploy or by hand (brocoders/nestjs-boilerplate's role seed: count, then save).
    tester.expectValid({ code: race, fileName: 'src/database/seeds/relational/role/role-seed.service.ts' });
    tester.expectValid({ code: race, fileName: 'prisma/seed.ts' });
    tester.expectValid({ code: race, fileName: 'db/users.seeder.js' });
    tester.expectValid({
      code: `#!/usr/bin/env node\ndeclare function connect(): Promise<{ query(sql: string): Promise<unknown> }>;\n${race}`,
      prelude: '',
    });
  });
});
