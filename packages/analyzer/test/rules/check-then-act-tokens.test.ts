import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// State kept where the platform keeps it (the Web Storage of `localStorage`/`sessionStorage` and the stores built on
// its shape), read and written through small synchronous helpers, and checked through the answer of a request made
// with it (a 401 that says the token sent is stale). Shapes from public fixes (aimhubio/aim's token refresh, the
// hypothesis client's token exchange, bc-wallet-mobile's refresh per request, streamr's socket map read through
// `isConnected`, global-cache's entry claimed after an awaited load), rewritten in our own code; the negatives are the
// fixed code: the refresh in flight shared, the claim made before the first `await`.
const tester = ruleTester('check-then-act', {
  prelude: `declare function refreshSession(): Promise<string>;
declare function openSocket(address: string): Promise<{ close(): void }>;
`,
});

describe('check-then-act: Web Storage entries', () => {
  it('reports a token read from localStorage, refreshed and stored after the await', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `export async function sessionToken() {
  const token = localStorage.getItem('session');
  if (!token) {
    const fresh = await refreshSession();
    /*!*/localStorage.setItem('session', fresh);
    return fresh;
  }
  return token;
}`,
    });
  });
  it('reports the same through synchronous helpers that read and write the key (JavaScript)', () => {
    tester.expectInvalid({
      fileName: 'src/session.js',
      prelude: '',
      messageId: 'lazyInit',
      code: `const KEY = 'session';
function readToken() {
  return sessionStorage.getItem(KEY);
}
function storeToken(value) {
  sessionStorage.setItem(KEY, value);
}
async function refreshSession() { return 'fresh'; }
async function sessionToken() {
  if (!readToken()) {
    const fresh = await refreshSession();
    /*!*/storeToken(fresh);
  }
  return readToken();
}
module.exports = { sessionToken };`,
    });
  });
  it('reports an asynchronous store of the same shape, read into a local with await', () => {
    tester.expectInvalid({
      fileName: 'src/session.ts',
      files: {
        'src/device-store.ts': `export const deviceStore = {
  async getItem(key: string): Promise<string | null> { return key; },
  async setItem(key: string, value: string): Promise<void> { void key; void value; },
};
`,
      },
      messageId: 'lazyInit',
      code: `import { deviceStore } from './device-store.js';
export async function sessionToken() {
  const token = await deviceStore.getItem('session');
  if (token) return token;
  const fresh = await refreshSession();
  await /*!*/deviceStore.setItem('session', fresh);
  return fresh;
}`,
    });
  });
  it('leaves the refresh alone once the promise in flight is stored before the first await (the fix)', () => {
    tester.expectValid(`let refreshing: Promise<string> | undefined;
export async function sessionToken() {
  const token = localStorage.getItem('session');
  if (token) return token;
  refreshing ??= refreshSession().then((fresh) => {
    localStorage.setItem('session', fresh);
    return fresh;
  });
  return refreshing;
}`);
  });
  it('leaves alone a key written after the await that the function never checked', () => {
    tester.expectValid(`export async function rememberLogin() {
  const fresh = await refreshSession();
  localStorage.setItem('session', fresh);
}`);
  });
});

describe('check-then-act: state read through a synchronous helper', () => {
  it('reports a socket map checked through isConnected and filled after the await (class)', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `export class Peers {
  private sockets = new Map<string, { close(): void }>();
  isConnected(address: string) {
    return this.sockets.has(address);
  }
  async connect(peer: string) {
    if (this.isConnected(peer)) return;
    const socket = await openSocket(peer);
    /*!*/this.sockets.set(peer, socket);
  }
}`,
    });
  });
  it('leaves alone a helper asked about another key than the one written', () => {
    tester.expectValid(`export class Peers {
  private sockets = new Map<string, { close(): void }>();
  isConnected(address: string) {
    return this.sockets.has(address);
  }
  async connect(peer: string, relay: string) {
    if (this.isConnected(relay)) return;
    const socket = await openSocket(peer);
    this.sockets.set(peer, socket);
  }
}`);
  });
  it('leaves alone the fixed code: the pending connection claimed before the await', () => {
    tester.expectValid(`export class Peers {
  private sockets = new Map<string, Promise<{ close(): void }>>();
  isConnected(address: string) {
    return this.sockets.has(address);
  }
  async connect(peer: string) {
    if (this.isConnected(peer)) return this.sockets.get(peer);
    const pending = openSocket(peer);
    this.sockets.set(peer, pending);
    return pending;
  }
}`);
  });
});

describe('check-then-act: a write through a helper that checks for itself', () => {
  it('leaves alone a close that ends in destroy(), which returns early when already destroyed (undici dispatcher-base.js)', () => {
    tester.expectValid({
      code: `const kDestroyed = Symbol('destroyed');
const kClosed = Symbol('closed');
class Dispatcher {
  constructor() {
    this[kDestroyed] = false;
    this[kClosed] = false;
  }
  close(callback) {
    if (this[kDestroyed]) return callback(new Error('destroyed'));
    if (this[kClosed]) return callback(null);
    this[kClosed] = true;
    this.drain().then(() => this.destroy(callback));
  }
  destroy(callback) {
    if (this[kDestroyed]) return callback(null);
    this[kDestroyed] = true;
    callback(null);
  }
  async drain() {}
}
module.exports = { Dispatcher };`,
      fileName: 'dispatcher.js',
    });
  });
});

describe('check-then-act: a token found stale by the answer of a request made with it', () => {
  it('reports a module token replaced by every call answered 401', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `let token = '';
export async function call(path: string): Promise<Response> {
  const response = await fetch(path, { headers: { Authorization: token } });
  if (response.status === 401) {
    /*!*/token = await refreshSession();
    return call(path);
  }
  return response;
}`,
    });
  });
  it('reports a refresh stored in a field of a JavaScript class', () => {
    tester.expectInvalid({
      fileName: 'src/api.js',
      prelude: '',
      messageId: 'lazyInit',
      code: `async function refreshSession() { return 'fresh'; }
class Api {
  constructor() { this.token = ''; }
  async request(path) {
    const answer = await fetch(path, { headers: { Authorization: this.token } });
    if (answer.status === 401) {
      const fresh = await refreshSession();
      /*!*/this.token = fresh;
      return this.request(path);
    }
    return answer;
  }
}
module.exports = { Api };`,
    });
  });
  it('leaves alone the fix: every 401 joins the one refresh in flight', () => {
    tester.expectValid(`export class Api {
  private token = '';
  private renewal: Promise<string> | null = null;
  private renew(): Promise<string> {
    if (this.renewal) return this.renewal;
    this.renewal = refreshSession().finally(() => {
      this.renewal = null;
    });
    return this.renewal;
  }
  async request(path: string): Promise<Response> {
    const answer = await fetch(path, { headers: { Authorization: this.token } });
    if (answer.status === 401) {
      this.token = await this.renew();
      return this.request(path);
    }
    return answer;
  }
}`);
  });
  it('leaves alone an answer of a request the state did not go into', () => {
    tester.expectValid(`let token = '';
export async function call(path: string): Promise<Response> {
  const response = await fetch(path);
  if (response.status === 401) {
    token = await refreshSession();
  }
  return response;
}`);
  });
});

describe('check-then-act: state of a class, and stores whose read has no telling name', () => {
  it('reports a static instance set after the await', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `export class Connection {
  static shared?: Connection;
  static async get() {
    if (!Connection.shared) {
      await openSocket('db');
      /*!*/Connection.shared = new Connection();
    }
    return Connection.shared;
  }
}`,
    });
  });
  it('leaves alone a static promise claimed before the await', () => {
    tester.expectValid(`export class Connection {
  static shared?: Promise<Connection>;
  static get() {
    Connection.shared ??= openSocket('db').then(() => new Connection());
    return Connection.shared;
  }
}`);
  });
  it('reports an entry loaded, found missing, then saved through a method of the class (global-cache)', () => {
    tester.expectInvalid({
      messageId: 'keyRace',
      code: `interface Entry { key: string; state: 'computing' | 'computed' }
interface EntryStore { load(key: string): Promise<Entry | undefined>; save(entry: Entry): Promise<void> }
export class Lookup {
  constructor(private store: EntryStore) {}
  async get(key: string) {
    const entry = await this.store.load(key);
    if (entry) return entry;
    return /*!*/this.start(key);
  }
  private async start(key: string) {
    await this.store.save({ key, state: 'computing' });
    return undefined;
  }
}`,
    });
  });
  it('leaves alone the fix: the key claimed in one synchronous step', () => {
    tester.expectValid(`interface Entry { key: string; state: 'computing' | 'computed' }
interface EntryStore { load(key: string): Promise<Entry | undefined>; claim(entry: Entry): boolean }
export class Lookup {
  constructor(private store: EntryStore) {}
  async get(key: string) {
    const entry = await this.store.load(key);
    if (entry) return entry;
    return this.store.claim({ key, state: 'computing' }) ? undefined : this.get(key);
  }
}`);
  });
});

describe('check-then-act: Kysely statements', () => {
  const kysely = `interface Builder { [method: string]: (...args: unknown[]) => Builder; execute(): Promise<unknown[]>; executeTakeFirst(): Promise<unknown> }
declare const db: { selectFrom(table: string): Builder; insertInto(table: string): Builder };
`;
  it('reports a selectFrom then an insertInto of the same key', () => {
    tester.expectInvalid({
      prelude: kysely,
      messageId: 'keyRace',
      code: `export async function follow(did: string) {
  const existing = await db.selectFrom('actor').where('did', '=', did).selectAll().executeTakeFirst();
  if (!existing) {
    await /*!*/db.insertInto('actor').values({ did }).execute();
  }
}`,
    });
  });
  it('leaves alone the insert that settles the conflict in the database', () => {
    tester.expectValid({
      prelude: kysely,
      code: `export async function follow(did: string) {
  const existing = await db.selectFrom('actor').where('did', '=', did).selectAll().executeTakeFirst();
  if (!existing) {
    await db.insertInto('actor').values({ did }).onConflict((oc: Builder) => oc.doNothing()).execute();
  }
}`,
    });
  });
});

describe('check-then-act: a write computed from the state at the write', () => {
  const settings = `declare class SettingsStore {
  get(key: string): boolean;
  set(key: string, value: boolean): void;
}
declare function confirmChange(): Promise<boolean>;
const settings = new SettingsStore();
`;
  it('leaves alone a setting toggled from a fresh read after a confirmation (caprine)', () => {
    tester.expectValid({
      prelude: settings,
      code: `export const menu = [
  {
    label: 'Always on top',
    async click() {
      if (!settings.get('onTop')) {
        await confirmChange();
        settings.set('onTop', !settings.get('onTop'));
      }
    },
  },
];`,
    });
  });
  it('still reports the same setting set to a fixed value after the confirmation', () => {
    tester.expectInvalid({
      prelude: settings,
      messageId: 'lazyInit',
      code: `export const menu = [
  {
    label: 'Always on top',
    async click() {
      if (!settings.get('onTop')) {
        await confirmChange();
        /*!*/settings.set('onTop', true);
      }
    },
  },
];`,
    });
  });
  it('leaves alone a module flag flipped from its own value (JavaScript)', () => {
    tester.expectValid({
      fileName: 'src/toggle.js',
      prelude: '',
      code: `let compact = false;
async function confirmChange() { return true; }
async function toggleCompact() {
  if (!compact) {
    await confirmChange();
    compact = !compact;
  }
}
module.exports = { toggleCompact };`,
    });
  });
  it('still reports the module flag set to a fixed value (JavaScript)', () => {
    tester.expectInvalid({
      fileName: 'src/toggle.js',
      prelude: '',
      messageId: 'lazyInit',
      code: `let compact = false;
async function confirmChange() { return true; }
async function toggleCompact() {
  if (!compact) {
    await confirmChange();
    /*!*/compact = true;
  }
}
module.exports = { toggleCompact };`,
    });
  });
});
