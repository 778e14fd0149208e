import { beforeAll, describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// sequential-await judges an awaited call of the program by its callee's body (what it waits for, what it reads and
// writes), and a library call by its name only. Each shape below is written in at least two spellings.

const header = `
declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare function loadOrders(id: string): Promise<{ rows: string[] }>;
declare const ids: string[];
declare const http: { get(url: string): Promise<{ body: string }> };
declare const db: {
  find(table: string, id: string): Promise<object>;
  insert(table: string, row: object): Promise<void>;
};
`;

const tester = ruleTester('sequential-await', { prelude: header });

// The first case builds the type checker's libraries: on a loaded machine that alone can take most of a test's time.
beforeAll(() => {
  tester.expectValid('export {};');
}, 120_000);

describe('sequential-await: awaiting what waits for no I/O is not reported', () => {
  it.each([
    [
      'a loop awaiting a synchronous function of the program',
      `function digest(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash;
}
export async function f() {
  const out: number[] = [];
  for (const id of ids) out.push(await digest(id));
  return out;
}`,
    ],
    [
      'a loop awaiting a declared synchronous function (its type returns no thenable)',
      `declare function normalize(id: string): string;
export async function f() {
  const out: string[] = [];
  for (const id of ids) out.push(await normalize(id));
  return out;
}`,
    ],
    [
      'a loop awaiting an async function that only computes',
      `async function checksum(text: string) {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (sum + text.charCodeAt(i)) % 65521;
  return sum;
}
export async function f() {
  const sums = new Map<string, number>();
  for (const id of ids) sums.set(id, await checksum(id));
  return sums;
}`,
    ],
    [
      'a loop awaiting an async method that only computes, through another method of its class',
      `export class Renderer {
  private escape(text: string) { return text.replace(/</g, '&lt;'); }
  async render(text: string) { return '<p>' + this.escape(text) + '</p>'; }
  async all(texts: string[]) {
    const html: string[] = [];
    for (const text of texts) html.push(await this.render(text));
    return html;
  }
}`,
    ],
    [
      'two adjacent awaits, the first of an async arrow that only computes',
      `const parseHeader = async (raw: string) => raw.split(';').map((part) => part.trim());
export async function f(raw: string, id: string) {
  const parts = await parseHeader(raw);
  const user = await fetchUser(id);
  return { parts, user };
}`,
    ],
    [
      'two adjacent awaits, the second of a synchronous function',
      `function slugOf(title: string) { return title.toLowerCase().replace(/\\W+/g, '-'); }
export async function f(id: string, title: string) {
  const user = await fetchUser(id);
  const slug = await slugOf(title);
  return { user, slug };
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });

  it('JavaScript: a loop awaiting an async helper of the file that only computes', () => {
    const code = `async function score(entry) {
  return entry.votes * 2 + entry.comments;
}
async function rank(entries) {
  const scores = [];
  for (const entry of entries) scores.push(await score(entry));
  return scores;
}
module.exports = { rank };`;
    tester.expectValid({ code, fileName: 'rank.js', prelude: '' });
  });

  it.each([
    [
      'a loop awaiting an async helper that waits for a request',
      `async function profile(id: string) {
  const reply = await http.get('/profiles/' + id);
  return reply.body.length;
}
export async function f() {
  const sizes: number[] = [];
  for (const id of ids) sizes.push(/*!*/await profile(id));
  return sizes;
}`,
      'sequentialAwait',
    ],
    [
      'a loop awaiting an async helper that returns a request without awaiting it',
      `const profile = (id: string) => http.get('/profiles/' + id);
export async function f() {
  const bodies: string[] = [];
  for (const id of ids) bodies.push((/*!*/await profile(id)).body);
  return bodies;
}`,
      'sequentialAwait',
    ],
  ])('still reported: %s', (_name, code, messageId) => {
    tester.expectInvalid({ code, messageId });
  });

  it('JavaScript: still reported when the helper awaits a request', () => {
    const code = `async function size(client, id) {
  const reply = await client.get('/items/' + id);
  return reply.body.length;
}
async function sizes(client, ids) {
  const out = [];
  for (const id of ids) out.push(/*!*/await size(client, id));
  return out;
}
module.exports = { sizes };`;
    tester.expectInvalid({ code, fileName: 'sizes.js', prelude: '', messageId: 'sequentialAwait' });
  });
});

describe('sequential-await: functions of the program are judged by what they read and write, not by their names', () => {
  it.each([
    [
      'named like a state change, but it only reads',
      `async function createReport(id: string) {
  const reply = await http.get('/reports/' + id);
  return reply.body;
}
export async function f(id: string) {
  const report = await createReport(id);
  const user = /*!*/await fetchUser(id);
  return { report, user };
}`,
    ],
    [
      'a method named like a state change that only reads a store of the object',
      `export class Catalog {
  constructor(private readonly store: { find(table: string, id: string): Promise<object> }) {}
  async updateView(id: string) { return this.store.find('views', id); }
  async page(id: string) {
    const view = await this.updateView(id);
    const user = /*!*/await fetchUser(id);
    return { view, user };
  }
}`,
    ],
  ])('reported: %s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'independentAwaits' });
  });

  it('JavaScript: named like a state change, but it only reads', () => {
    const code = `async function saveLookup(client, id) {
  const reply = await client.get('/lookups/' + id);
  return reply.body;
}
async function page(client, id) {
  const lookup = await saveLookup(client, id);
  const other = /*!*/await client.get('/others/' + id);
  return { lookup, other };
}
module.exports = { page };`;
    tester.expectInvalid({ code, fileName: 'page.js', prelude: '', messageId: 'independentAwaits' });
  });

  it.each([
    [
      'the first is a function of the program named like a check that throws to deny',
      `async function requireSession(token: string) {
  const reply = await http.get('/sessions/' + token);
  if (!reply.body) throw new Error('signed out');
  return reply.body;
}
export async function f(token: string, id: string) {
  const session = await requireSession(token);
  const orders = await loadOrders(id);
  return { session, orders };
}`,
    ],
    [
      'the first writes module state that the second reads',
      `let lastRegion = 'eu';
async function loadRegion(id: string) {
  const reply = await http.get('/regions/' + id);
  lastRegion = reply.body;
  return reply.body;
}
async function loadPrices() {
  return http.get('/prices/' + lastRegion);
}
export async function f(id: string) {
  const region = await loadRegion(id);
  const prices = await loadPrices();
  return { region, prices };
}`,
    ],
    [
      'the first writes through a shared client what the second reads back',
      `async function recordVisit(id: string) {
  await db.insert('visits', { id });
  return id;
}
async function visitsOf(id: string) {
  return db.find('visits', id);
}
export async function f(id: string) {
  const visit = await recordVisit(id);
  const visits = await visitsOf(id);
  return { visit, visits };
}`,
    ],
    [
      'the second writes a field of the object the first reads',
      `export class Session {
  private token = '';
  async whoAmI() { return http.get('/me?token=' + this.token); }
  async renew() {
    const reply = await http.get('/renew');
    this.token = reply.body;
    return reply.body;
  }
  async state() {
    const me = await this.whoAmI();
    const renewed = await this.renew();
    return { me, renewed };
  }
}`,
    ],
    [
      'the second writes (runs only once the first passed), whatever its name',
      `async function note(id: string) {
  await db.insert('notes', { id });
  return id;
}
export async function f(id: string) {
  const user = await fetchUser(id);
  const noted = await note(id);
  return { user, noted };
}`,
    ],
    [
      'the second writes through its argument an object the first reads',
      `interface Basket { items: string[] }
async function total(basket: Basket) {
  const reply = await http.get('/prices?items=' + basket.items.join(','));
  return reply.body;
}
async function addGift(basket: Basket) {
  const reply = await http.get('/gift');
  basket.items.push(reply.body);
  return reply.body;
}
export async function f(basket: Basket) {
  const sum = await total(basket);
  const gift = await addGift(basket);
  return { sum, gift };
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    tester.expectValid(code);
  });

  it('JavaScript: the first writes module state that the second reads', () => {
    const code = `let cursor = '';
async function firstPage(client) {
  const reply = await client.get('/feed');
  cursor = reply.next;
  return reply.items;
}
async function secondPage(client) {
  const reply = await client.get('/feed?after=' + cursor);
  return reply.items;
}
async function feed(client) {
  const first = await firstPage(client);
  const second = await secondPage(client);
  return [...first, ...second];
}
module.exports = { feed };`;
    tester.expectValid({ code, fileName: 'feed.js', prelude: '' });
  });
});

describe('sequential-await: loops whose awaited functions meet through state', () => {
  it.each([
    [
      'each call reads and advances a module counter',
      `let sequence = 0;
async function store(id: string) {
  sequence += 1;
  await db.insert('rows', { id, position: sequence });
}
export async function f() {
  for (const id of ids) await store(id);
}`,
    ],
    [
      'each call reads and replaces a field of the object',
      `export class Uploader {
  private offset = 0;
  async send(chunk: string) {
    await http.get('/upload?offset=' + this.offset);
    this.offset += chunk.length;
  }
  async all(chunks: string[]) {
    for (const chunk of chunks) await this.send(chunk);
  }
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    tester.expectValid(code);
  });

  it('JavaScript: each call reads and advances a module counter', () => {
    const code = `let written = 0;
async function append(client, line) {
  await client.put('/log?at=' + written, line);
  written += line.length;
}
async function appendAll(client, lines) {
  for (const line of lines) await append(client, line);
}
module.exports = { appendAll };`;
    tester.expectValid({ code, fileName: 'log.js', prelude: '' });
  });

  it('still reported: each call fills its own entry of a module cache', () => {
    tester.expectInvalid({
      code: `const cache = new Map<string, string>();
async function lookup(id: string) {
  const reply = await http.get('/items/' + id);
  cache.set(id, reply.body);
  return reply.body;
}
export async function f() {
  const out: string[] = [];
  for (const id of ids) out.push(/*!*/await lookup(id));
  return out;
}`,
      messageId: 'sequentialAwait',
    });
  });
});

describe('sequential-await: awaits of .then() chains and awaits inside Promise.all', () => {
  it('reported: two fetches with .then() steps awaited in turn, merged afterwards', () => {
    tester.expectInvalid({
      code: `export async function search(text: string) {
  const blog = await fetch('/blog?q=' + text).then((res) => res.json() as Promise<string[]>);
  const docs = /*!*/await fetch('/docs?q=' + text).then((res) => res.json() as Promise<string[]>);
  return [...blog, ...docs];
}`,
      messageId: 'independentAwaits',
    });
  });

  it('JavaScript: reported: two requests with .then() steps awaited in turn', () => {
    const code = `async function both(client, id) {
  const profile = await client.get('/profiles/' + id).then((reply) => reply.body);
  const feed = /*!*/await client.get('/feeds/' + id).then((reply) => reply.body);
  return { profile, feed };
}
module.exports = { both };`;
    tester.expectInvalid({ code, fileName: 'both.js', prelude: '', messageId: 'independentAwaits' });
  });

  it.each([
    [
      'the second chain uses the first result in its step',
      `export async function f(text: string) {
  const blog = await fetch('/blog?q=' + text).then((res) => res.json() as Promise<string[]>);
  const more = await fetch('/more').then((res) => (blog.length > 0 ? res.json() : []));
  return [...blog, ...more];
}`,
    ],
    [
      'a chain on a promise that is already running',
      `export async function f(pending: Promise<Response>, text: string) {
  const first = await pending.then((res) => res.text());
  const second = await fetch('/q?' + text).then((res) => res.text());
  return first + second;
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    tester.expectValid(code);
  });

  it('reported: awaits inside the array given to Promise.all', () => {
    tester.expectInvalid({
      code: `export async function f(id: string) {
  const [user, orders] = await Promise.all([await fetchUser(id), /*!*/await loadOrders(id)]);
  return { user, orders };
}`,
      messageId: 'awaitInsideAll',
    });
  });

  it('JavaScript: reported: awaits inside the array given to Promise.allSettled', () => {
    const code = `async function load(client, id) {
  return Promise.allSettled([await client.get('/a/' + id), /*!*/await client.get('/b/' + id)]);
}
module.exports = { load };`;
    tester.expectInvalid({ code, fileName: 'load.js', prelude: '', messageId: 'awaitInsideAll' });
  });

  it.each([
    [
      'the promises are passed as they are',
      `export async function f(id: string) {
  return Promise.all([fetchUser(id), loadOrders(id)]);
}`,
    ],
    [
      'only one element is awaited',
      `export async function f(id: string) {
  return Promise.all([await fetchUser(id), loadOrders(id)]);
}`,
    ],
    [
      'the awaited elements only compute',
      `async function double(n: number) { return n * 2; }
export async function f() {
  return Promise.all([await double(1), await double(2)]);
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('sequential-await: a first call of the program that may deny, told by the types of what it calls', () => {
  it.each([
    [
      'a lookup that ends with an assertion (`asserts target`): what follows waits for its verdict',
      `declare function allow(user: string, action: string, target: object | null): asserts target;
async function folderFor(user: string, id: string) {
  const folder = await db.find('folders', id);
  allow(user, 'write', folder);
  return folder;
}
export async function f(user: string, id: string) {
  const folder = await folderFor(user, id);
  const orders = await loadOrders(id);
  return { folder, orders };
}`,
    ],
    [
      'a lookup that ends with a generic assertion (the callee has one signature, instantiated at the call)',
      `declare function present<T>(value: T | null, what: string): asserts value is T;
async function folderFor(id: string) {
  const folder = await db.find('folders', id);
  present(folder, 'folder');
  return folder;
}
export async function f(id: string) {
  const folder = await folderFor(id);
  const orders = await loadOrders(id);
  return { folder, orders };
}`,
    ],
    [
      'a helper that calls one that never returns when the check fails',
      `declare function deny(reason: string): never;
async function memberOf(team: string, user: string) {
  const row = await db.find('members', team + ':' + user);
  if (row === null) deny('not a member');
  return row;
}
export async function f(team: string, user: string) {
  const member = await memberOf(team, user);
  const orders = await loadOrders(team);
  return { member, orders };
}`,
    ],
  ])('not reported: %s', (_name, code) => {
    tester.expectValid(code);
  });

  it('reported in CommonJS: a helper whose own throw reports a failed request is not a check that denies', () => {
    const code = `async function loadProfile(token) {
  const res = await fetch('https://api.example.test/me', { headers: { authorization: token } });
  if (!res.ok) throw new Error('HTTP ' + res.status);
  return res.json();
}
async function loadHistory(token) {
  const res = await fetch('https://api.example.test/me/history', { headers: { authorization: token } });
  return res.json();
}
async function page(token) {
  const profile = await loadProfile(token);
  const history = /*!*/await loadHistory(token);
  return { profile, history };
}
module.exports = { page };`;
    tester.expectInvalid({ code, fileName: 'page.js', prelude: '', messageId: 'independentAwaits' });
  });

  it('a library call is still judged by its name (its body is not in the program)', () => {
    tester.expectValid(`declare const policy: { authorize(user: string, id: string): Promise<{ level: number }> };
export async function f(user: string, id: string) {
  const grant = await policy.authorize(user, id);
  const orders = await loadOrders(id);
  return { grant, orders };
}`);
  });
});
