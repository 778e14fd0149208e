import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// unbounded-concurrency by what each call of the fan-out holds while it waits. A request holds a socket, a file read a
// descriptor, a query a pooled connection: those run out. Handing an event to in-process handlers holds nothing of its
// own, and a helper's work that its caller hands in is judged where the caller hands it. And by how big the input
// can get: a page picked inside a helper is a page; a glob whose last segment names one file matches one per folder
// (a workspace's packages), not one per file a program wrote; the elements of a document a parser built from a
// response are as many as the document holds; files a user picks or drops are as many as the folder they chose.

const header = `declare const db: { query(sql: string): Promise<{ id: string; url: string }[]> };
declare const prisma: {
  link: { findMany(args: { where?: object; take?: number; orderBy?: object }): Promise<{ id: number; url: string }[]> };
};
declare function archive(url: string): Promise<void>;
declare class Bus {
  on(event: string, handler: (payload: unknown) => unknown): this;
  emitAsync(event: string, payload: unknown): Promise<unknown[]>;
}
`;

const byDefault = ruleTester('unbounded-concurrency', { prelude: header });
const strict = ruleTester('unbounded-concurrency', { prelude: header, options: { strict: true } });

describe('unbounded-concurrency: in-process event dispatch holds nothing', () => {
  it.each([
    [
      'a method of each entity that only emits its events (class, TypeScript)',
      `class Entity {
  private events: string[] = [];
  async publish(bus: Bus): Promise<void> {
    await Promise.all(this.events.map((name) => bus.emitAsync(name, this)));
  }
}
export async function insertMany(entities: Entity[], bus: Bus) {
  await db.query('insert into entity values ()');
  await Promise.all(entities.map((entity) => entity.publish(bus)));
}`,
    ],
    [
      'a closure that emits each row to the handlers',
      `export async function announce(bus: Bus) {
  const rows = await db.query('select id, url from link');
  const publish = async (row: { id: string }) => {
    await bus.emitAsync('link.created', row);
  };
  await Promise.all(rows.map((row) => publish(row)));
}`,
    ],
  ])('leaves %s', (_name, code) => {
    byDefault.expectValid(code);
  });

  it('reports the same fan-out when each handler call goes over the network', () => {
    byDefault.expectInvalid({
      code: `export async function announce(bus: Bus) {
  const rows = await db.query('select id, url from link');
  const publish = async (row: { id: string; url: string }) => {
    await bus.emitAsync('link.created', row);
    await archive(row.url);
  };
  await /*!*/Promise.all(rows.map((row) => publish(row)));
}`,
      messageId: 'unbounded',
    });
  });

  it('reports a method of the program whose I/O is an awaited call of an untyped library', () => {
    byDefault.expectInvalid({
      code: `declare const R: any;
class Monitor {
  static async isActive(id: string) {
    return (await R.getCol('select active from monitor where id = ?', [id])).length > 0;
  }
}
export async function preload() {
  const rows = await db.query('select id, url from monitor');
  return /*!*/Promise.all(rows.map((row) => Monitor.isActive(row.id)));
}`,
      messageId: 'unbounded',
    });
  });

  it('leaves in-process dispatch in strict mode too: it is not I/O of its own', () => {
    const code = `export async function announce(bus: Bus, ids: string[]) {
  await Promise.all(ids.map((id) => bus.emitAsync('x', id)));
}`;
    expect(byDefault.findings(code)).toHaveLength(0);
    expect(strict.findings(code)).toHaveLength(0);
  });
});

describe("unbounded-concurrency: a program function's own new Promise waits for what its executor starts", () => {
  it.each([
    [
      'an emitter-based transport wrapped in a promise (TypeScript, module emitter)',
      `import { EventEmitter } from 'node:events';
class Transport extends EventEmitter {
  send(to: string): void {
    setImmediate(() => this.emit('sent', to));
  }
}
const transport = new Transport();
function sendMail(to: string): Promise<void> {
  return new Promise((resolve) => {
    transport.once('sent', () => resolve());
    transport.send(to);
  });
}
export async function newsletter() {
  const rows = await db.query('select id, url from subscriber');
  await /*!*/Promise.all(rows.map((row) => sendMail(row.id)));
}`,
    ],
    [
      'a callback API wrapped in a promise (untyped CommonJS)',
      `const net = require('net');
function ping(host) {
  return new Promise(function (resolve, reject) {
    const socket = net.connect(80, host, function () { socket.end(); resolve(); });
    socket.on('error', reject);
  });
}
exports.pingAll = async function () {
  const rows = await db.query('select id, url from host');
  await /*!*/Promise.all(rows.map(function (row) { return ping(row.url); }));
};`,
    ],
  ])('reports %s', (_name, code) => {
    byDefault.expectInvalid({ code, messageId: 'unbounded' });
  });

  it('reports a task whose schedule() says it returns a promise and returns an untyped queue call (outline)', () => {
    byDefault.expectInvalid({
      code: `declare const queues: any;
class DeleteFileTask {
  schedule(id: string): Promise<{ id: string }> {
    return queues.tasks().add({ name: 'delete-file', id });
  }
}
export async function purge() {
  const rows = await db.query('select id, url from attachment');
  await /*!*/Promise.all(rows.map(async (row) => {
    await new DeleteFileTask().schedule(row.id);
  }));
}`,
      messageId: 'unbounded',
    });
  });

  it('leaves the same untyped call returned by a function whose signature is not a promise', () => {
    byDefault.expectValid(`declare const counters: any;
function bump(id: string): number {
  return counters.increment(id);
}
export async function touch() {
  const rows = await db.query('select id, url from attachment');
  await Promise.all(rows.map(async (row) => bump(row.id)));
}`);
  });

  it('leaves a fan-out whose hand-made promise only waits for a timer', () => {
    byDefault.expectValid(`function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
export async function staggered() {
  const rows = await db.query('select id, url from link');
  await Promise.all(rows.map((row, index) => pause(index)));
}`);
  });
});

describe('unbounded-concurrency: a page picked inside a helper is a page', () => {
  it.each([
    [
      'a helper that returns a query given `take`',
      `async function nextBatch(max: number) {
  const links = await prisma.link.findMany({ where: { archived: false }, take: max });
  return links;
}
export async function work() {
  const links = await nextBatch(5);
  await Promise.allSettled(links.map((link) => archive(link.url)));
}`,
    ],
    [
      'a helper that returns the rows of the ids it picked',
      `async function pick(max: number) {
  const picked = new Set<number>();
  for (const row of await prisma.link.findMany({ take: max })) picked.add(row.id);
  const batch = await prisma.link.findMany({ where: { id: { in: Array.from(picked) } } });
  return batch;
}
export async function work() {
  const links = await pick(5);
  await Promise.allSettled(links.map((link) => archive(link.url)));
}`,
    ],
  ])('leaves %s', (_name, code) => {
    byDefault.expectValid(code);
  });

  it('reports a helper that returns every row', () => {
    byDefault.expectInvalid({
      code: `async function pending() {
  const links = await prisma.link.findMany({ where: { archived: false } });
  return links;
}
export async function work() {
  const links = await pending();
  await /*!*/Promise.allSettled(links.map((link) => archive(link.url)));
}`,
      messageId: 'unbounded',
    });
  });
});

describe('unbounded-concurrency: a glob whose last segment names one file matches one per folder', () => {
  const globHeader = `import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { glob } from 'tinyglobby';
`;
  it.each([
    [
      'workspace package files (TypeScript)',
      `${globHeader}export async function packages(root: string, workspaces: string[]) {
  const files = await glob(workspaces.map((workspace) => path.join(root, workspace, 'package.json')));
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}`,
      'src/workspaces.ts',
    ],
    [
      'a template pattern in JavaScript',
      `const { readFile } = require('node:fs/promises');
const { glob } = require('tinyglobby');
async function configs(root) {
  const files = await glob(\`\${root}/services/*/config.json\`);
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}
module.exports = { configs };`,
      'src/configs.js',
    ],
  ])('leaves %s', (_name, code, fileName) => {
    byDefault.expectValid({ code, fileName, prelude: '' });
  });

  it.each([
    [
      'every Markdown file under a folder',
      `${globHeader}export async function pages(root: string) {
  const files = await glob(path.join(root, '**', '*.md'));
  return /*!*/Promise.all(files.map((file) => readFile(file, 'utf8')));
}`,
    ],
    [
      'a template pattern with a wildcard file name',
      `${globHeader}export async function pages(root: string) {
  const files = await glob(\`\${root}/content/**/*.md\`);
  return /*!*/Promise.all(files.map((file) => readFile(file, 'utf8')));
}`,
    ],
  ])('reports %s', (_name, code) => {
    byDefault.expectInvalid({ code, fileName: 'src/pages.ts', prelude: '', messageId: 'unbounded' });
  });

  it('still reports one file per folder in strict mode', () => {
    const code = `${globHeader}export async function packages(root: string, workspaces: string[]) {
  const files = await glob(workspaces.map((workspace) => path.join(root, workspace, 'package.json')));
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}`;
    expect(strict.findings(code, { fileName: 'src/workspaces.ts', prelude: '' })).toHaveLength(1);
  });
});

describe("unbounded-concurrency: a helper's work is its caller's", () => {
  it.each([
    [
      'a helper that runs a handed function per element, called with in-process work (TypeScript)',
      `export async function each<T>(items: AsyncIterable<T>, fn: (item: T) => Promise<unknown>) {
  const started: Promise<unknown>[] = [];
  for await (const item of items) started.push(fn(item).then(() => undefined));
  await Promise.all(started);
}
declare function entries(dir: string): AsyncIterable<string>;
export async function announce(dir: string, bus: Bus) {
  await each(entries(dir), (name) => bus.emitAsync('file', name));
}`,
      'src/each.ts',
    ],
    [
      'the same with a .then chain checked per promise, called with stat per entry (JavaScript)',
      `const { opendir, stat } = require('node:fs/promises');
async function processEach(iterator, fn) {
  const promises = [];
  for await (const item of iterator) {
    promises.push(fn(item).then(() => null, (err) => err));
  }
  await Promise.all(
    promises.map((promise) =>
      promise.then((err) => {
        if (err !== null) throw err;
      }),
    ),
  );
}
async function sizes(dir) {
  let total = 0;
  await processEach(await opendir(dir), async (entry) => {
    total += (await stat(dir + '/' + entry.name)).size;
  });
  return total;
}
module.exports = { processEach, sizes };`,
      'src/each.js',
    ],
  ])('leaves %s', (_name, code, fileName) => {
    byDefault.expectValid({ code, fileName });
  });

  it('reports a helper nobody in the program calls: its handed work is unknown, so it counts as I/O', () => {
    byDefault.expectInvalid({
      code: `export interface Tool { name: string; repository: string }
export async function addRepositoryInfo(tools: Tool[], fetchInfo: (repository: string) => Promise<object>) {
  return /*!*/Promise.all(tools.map(async (tool) => ({ ...tool, ...(await fetchInfo(tool.repository)) })));
}`,
      messageId: 'unbounded',
    });
  });

  it('reports promises a map started, whatever is chained on each afterwards', () => {
    byDefault.expectInvalid({
      code: `export async function archiveAll() {
  const rows = await db.query('select id, url from link');
  const started = rows.map((row) => archive(row.url));
  await /*!*/Promise.all(started.map((pending) => pending.catch(() => undefined)));
}`,
      messageId: 'unbounded',
    });
  });

  it.each([
    [
      'a helper that maps a parameter with a handed function',
      `async function each<T>(items: T[], fn: (item: T) => Promise<void>) {
  await Promise.all(items.map((item) => fn(item)));
}
export async function archiveAll() {
  const rows = await db.query('select id, url from link');
  await /*!*/each(rows, (row) => archive(row.url));
}`,
    ],
    [
      'a helper that settles the promises it is handed',
      `async function settleAll<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return results.filter((r) => r.status === 'fulfilled');
}
export async function archiveAll() {
  const rows = await db.query('select id, url from link');
  await /*!*/settleAll(rows.map((row) => archive(row.url)));
}`,
    ],
  ])('reports the call of %s over rows of a query', (_name, code) => {
    byDefault.expectInvalid({ code, messageId: 'unboundedHelper' });
  });

  it('leaves the call of such a helper over a literal list', () => {
    byDefault.expectValid(`async function settleAll<T>(promises: Promise<T>[]) {
  return Promise.allSettled(promises);
}
export async function warm() {
  await settleAll(['a', 'b'].map((url) => archive(url)));
}`);
  });
});

describe('unbounded-concurrency: the elements of a document parsed from a response', () => {
  const parser = `declare module 'html-query' {
  export interface Node { attribs: Record<string, string> }
  export interface Selection { each(visit: (index: number, node: Node) => void): void }
  export function load(html: string): (selector: string) => Selection;
}
`;
  it('reports a crawl that fetches every link of a fetched page at once', () => {
    byDefault.expectInvalid({
      code: `import { load } from 'html-query';
export async function crawl(start: string): Promise<void> {
  const response = await fetch(start);
  const html = await response.text();
  const $ = load(html);
  const links: string[] = [];
  $('a[href]').each((_index, node) => {
    links.push(node.attribs['href'] ?? '');
  });
  await /*!*/Promise.all(links.map((link) => crawl(link)));
}`,
      fileName: 'src/crawl.ts',
      files: { 'src/html-query.d.ts': parser },
      messageId: 'unbounded',
    });
  });

  it('leaves the fixed crawl that visits the links one at a time (JavaScript)', () => {
    byDefault.expectValid({
      code: `const { load } = require('html-query');
async function crawl(start) {
  const response = await fetch(start);
  const $ = load(await response.text());
  const links = [];
  $('a[href]').each((_index, node) => {
    links.push(node.attribs.href);
  });
  for (const link of links) await crawl(link);
}
module.exports = { crawl };`,
      fileName: 'src/crawl.js',
      files: { 'src/html-query.d.ts': parser },
    });
  });
});

describe('unbounded-concurrency: files a user picks or drops', () => {
  it('reports an exported upload of every picked file', () => {
    byDefault.expectInvalid({
      code: `declare function upload(file: File): Promise<string>;
export const uploadAll = (files: File[]) => /*!*/Promise.all(files.map((file) => upload(file)));`,
      messageId: 'unbounded',
    });
  });

  it('leaves the fixed upload that awaits each file', () => {
    byDefault.expectValid(`declare function upload(file: File): Promise<string>;
export async function uploadAll(files: File[]) {
  for (const file of files) await upload(file);
}`);
  });
});
