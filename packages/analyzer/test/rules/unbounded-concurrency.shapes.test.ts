import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// unbounded-concurrency by default, the shapes learnt from public fixes: input of an exported function, a directory
// listing handed to a callback, a buffer callers fill, fan-outs without Promise.all (forEach(async), a loop that does
// not await what it starts, a stream's 'data' handler, the async library, Bluebird), recursive walks; and what bounds
// them (a limiter by import or capacity, a program's own gate, a chosen window, a paced loop).

const header = `declare function send(to: string): Promise<void>;
declare function fetchUser(id: string): Promise<{ id: string }>;
`;

const byDefault = ruleTester('unbounded-concurrency', { prelude: header });

describe('unbounded-concurrency (default): an untyped parameter of an exported function, as the caller passed it', () => {
  const balances = (each: string): string => `var async = require('async');
var https = require('https');
function totalBalance(addresses, done) {
  var total = 0;
  async.${each}(
    addresses,${each === 'eachLimit' ? '\n    5,' : ''}
    function (address, next) {
      https.get({ host: 'explorer.example.org', path: '/address/' + address }, function (res) {
        var body = '';
        res.on('data', function (chunk) { body += chunk; });
        res.on('end', function () { total += JSON.parse(body).balance; next(); });
      }).on('error', next);
    },
    function (err) { done(err, total); },
  );
}
module.exports.totalBalance = totalBalance;`;

  it('reports async.each over it, a request per element (CommonJS)', () => {
    byDefault.expectInvalid({
      code: balances('each'),
      messageId: 'unboundedIteration',
      fileName: 'lib/balance.js',
      prelude: '',
      errors: [{ line: 5, column: 9 }],
    });
  });

  it('reports Promise.all over its map in an ES module', () => {
    byDefault.expectInvalid({
      code: `export async function mirror(urls) {\n  return /*!*/Promise.all(urls.map((u) => fetch(u)));\n}`,
      messageId: 'unbounded',
      fileName: 'src/mirror.js',
      prelude: '',
    });
  });

  it('leaves the fix with async.eachLimit', () => {
    byDefault.expectValid({ code: balances('eachLimit'), fileName: 'lib/balance.js', prelude: '' });
  });

  it('leaves a property of an untyped options parameter (configuration the caller wrote)', () => {
    byDefault.expectValid({
      code: `export async function start(options) {\n  return Promise.all(options.targets.map((t) => fetch(t.url)));\n}`,
      fileName: 'src/start.js',
      prelude: '',
    });
  });
});

describe('unbounded-concurrency (default): the input of an exported function', () => {
  it.each([
    [
      'an exported function',
      `export async function invite(emails: string[]) {\n  await /*!*/Promise.all(emails.map((to) => send(to)));\n}`,
    ],
    [
      'an exported arrow',
      `export const invite = (emails: readonly string[]) => /*!*/Promise.all(emails.map((to) => send(to)));`,
    ],
    [
      'module.exports of a function',
      `async function mirror(urls: string[]) {\n  return /*!*/Promise.all(urls.map((u) => fetchUser(u)));\n}\nmodule.exports = { mirror };`,
    ],
    [
      'a public method of an exported class',
      `export class Mailer {\n  async all(emails: string[]) {\n    await /*!*/Promise.allSettled(emails.map((to) => send(to)));\n  }\n}`,
    ],
    [
      'destructured props of an exported component, used in a nested handler',
      `export function Bar({ selected }: { selected: readonly string[] }) {\n  const onDelete = async () => {\n    await /*!*/Promise.all(selected.map((id) => send(id)));\n  };\n  return onDelete;\n}`,
    ],
    [
      'a list kept in a const first (items.map then Promise.all)',
      `export async function importRows(rows: { email: string }[]) {\n  const pending = rows.map((row) => send(row.email));\n  return /*!*/Promise.all(pending);\n}`,
    ],
  ])('%s', (_name, code) => {
    byDefault.expectInvalid({ code, messageId: 'unbounded' });
  });

  it.each([
    [
      'a module-private function nobody visible calls',
      `const f = (ids: string[]) => Promise.all(ids.map((id) => fetchUser(id)));\nvoid f;`,
    ],
    [
      'a private method called with a literal',
      `export class Svc {\n  private async each(ids: string[]) {\n    await Promise.all(ids.map((id) => fetchUser(id)));\n  }\n  run() {\n    return this.each(['a', 'b']);\n  }\n}`,
    ],
    [
      'an exported function whose every caller passes a literal',
      `export async function pair(ids: string[]) {\n  await Promise.all(ids.map((id) => fetchUser(id)));\n}\nexport const both = () => pair(['a', 'b']);`,
    ],
    [
      'a recursive helper that only awaits promises it was given (no I/O of its own)',
      `export async function deepResolve(input: unknown): Promise<unknown> {\n  if (input instanceof Promise) return await input;\n  if (Array.isArray(input)) return Promise.all(input.map(deepResolve));\n  return input;\n}`,
    ],
    [
      'a tuple parameter',
      `export const f = (pair: [string, string]) => Promise.all(pair.map((id) => fetchUser(id)));`,
    ],
    [
      'rest parameters (the caller writes each one)',
      `export const f = (...ids: string[]) => Promise.all(ids.map((id) => fetchUser(id)));`,
    ],
    [
      'a chunked loop with a window of 50 (the fix)',
      `const CHUNK = 50;\nexport async function importRows(ids: string[]) {\n  for (let i = 0; i < ids.length; i += CHUNK) {\n    const chunk = ids.slice(i, i + CHUNK);\n    await Promise.all(chunk.map((id) => fetchUser(id)));\n  }\n}`,
    ],
  ])('not: %s', (_name, code) => {
    byDefault.expectValid(code);
  });
});

describe('unbounded-concurrency (default): where collections come from', () => {
  it.each([
    [
      'the names a callback-style readdir hands its callback',
      `import * as fs from 'node:fs';\nexport function index(dir: string) {\n  fs.readdir(dir, (error, names) => {\n    void /*!*/Promise.all(names.map((n) => fs.promises.readFile(n)));\n  });\n}`,
    ],
    [
      'what a program function returns (a listing)',
      `import { readdir, readFile } from 'node:fs/promises';\nasync function list(dir: string) {\n  return readdir(dir);\n}\nasync function texts(dir: string) {\n  const files = await list(dir);\n  return /*!*/Promise.all(files.map((f) => readFile(f, 'utf8')));\n}\nvoid texts;`,
    ],
    [
      'the body of a response',
      `async function sync() {\n  const ids: string[] = await (await fetch('https://api.example.org/ids')).json();\n  await /*!*/Promise.all(ids.map((id) => fetchUser(id)));\n}\nvoid sync;`,
    ],
    [
      'a buffer that callers fill and a flush drains',
      `export class Writer {\n  private queue: string[] = [];\n  write(line: string) {\n    this.queue.push(line);\n  }\n  private async flush() {\n    const lines = this.queue;\n    this.queue = [];\n    await /*!*/Promise.all(lines.map((l) => send(l)));\n  }\n}`,
    ],
    [
      'a recursive walk over what each level fetches (a crawler)',
      `declare function fetchPage(url: string): Promise<{ links: string[] }>;\nasync function crawl(url: string): Promise<void> {\n  const page = await fetchPage(url);\n  await /*!*/Promise.all(page.links.map((link) => crawl(link)));\n}\nvoid crawl;`,
    ],
  ])('%s', (_name, code) => {
    byDefault.expectInvalid({ code, messageId: 'unbounded' });
  });

  it.each([
    [
      'a recursive update of a tree held in memory',
      `declare function present(id: string): Promise<{ id: string }>;\ntype Node = { id: string; children: Node[] };\nexport class Tree {\n  private nodes: Node[] = [];\n  async rename(id: string) {\n    const walk = (list: Node[]): Promise<Node[]> =>\n      Promise.all(list.map(async (n) => (n.id === id ? { ...(await present(n.id)), children: n.children } : { ...n, children: await walk(n.children) })));\n    this.nodes = await walk(this.nodes);\n  }\n}`,
    ],
    [
      'an untyped options bag of an exported function (configuration, any)',
      `declare function load(target: string): Promise<unknown>;\nexport async function start({ targets }: any) {\n  return Promise.all(targets.map((t: { target: string }) => load(t.target)));\n}`,
    ],
  ])('not: %s', (_name, code) => {
    byDefault.expectValid(code);
  });

  it('leaves a registry that is filled but never drained (plugins initialised together)', () => {
    byDefault.expectValid(`const plugins: { init(): Promise<void> }[] = [];
function register(p: { init(): Promise<void> }) {
  plugins.push(p);
}
const initAll = () => Promise.all(plugins.map((p) => p.init()));
void register;
void initAll;`);
  });
});

describe('unbounded-concurrency (default): fan-outs without Promise.all', () => {
  it.each([
    [
      'forEach(async …)',
      `export function notify(emails: string[]) {\n  emails./*!*/forEach(async (to) => {\n    await send(to);\n  });\n}`,
      'unboundedIteration',
    ],
    [
      'a map whose promises are dropped',
      `export function fire(ids: string[]) {\n  ids./*!*/map(async (id) => fetchUser(id));\n}`,
      'unboundedIteration',
    ],
    [
      'a loop with void',
      `export function notify(emails: string[]) {\n  for (const to of emails) void /*!*/send(to);\n}`,
      'unboundedLoop',
    ],
    [
      'a loop with a then chain',
      `export function notify(emails: string[]) {\n  for (const to of emails) /*!*/send(to).then(() => undefined);\n}`,
      'unboundedLoop',
    ],
    [
      'a loop of Node callback I/O over a directory listing',
      `import * as fs from 'node:fs';\nexport function readAll(dir: string) {\n  for (const name of fs.readdirSync(dir)) {\n    /*!*/fs.readFile(name, (error, data) => console.log(error, data));\n  }\n}`,
      'unboundedLoop',
    ],
    [
      'an index loop over input',
      `export function notify(emails: string[]) {\n  for (let i = 0; i < emails.length; i++) {\n    /*!*/send(emails[i] ?? '').catch(() => undefined);\n  }\n}`,
      'unboundedLoop',
    ],
    [
      "a stream's data handler that never pauses",
      `import { createReadStream } from 'node:fs';\nexport function ingest(path: string) {\n  createReadStream(path)./*!*/on('data', async (chunk) => {\n    await send(String(chunk));\n  });\n}`,
      'unboundedHandler',
    ],
  ])('%s', (_name, code, messageId) => {
    byDefault.expectInvalid({ code, messageId });
  });

  it.each([
    [
      'a loop that awaits each element',
      `export async function notify(emails: string[]) {\n  for (const to of emails) await send(to);\n}`,
    ],
    [
      'forEach over a literal list',
      `export function few() {\n  ['a', 'b'].forEach(async (to) => {\n    await send(to);\n  });\n}`,
    ],
    [
      'a synchronous forEach',
      `export function log(emails: string[]) {\n  emails.forEach((to) => console.log(to));\n}`,
    ],
    [
      'a map whose promises are kept',
      `export function kept(ids: string[]) {\n  const all = ids.map(async (id) => fetchUser(id));\n  return all.length;\n}`,
    ],
    [
      'a data handler that pauses the stream',
      `import { createReadStream } from 'node:fs';\nexport function ingest(path: string) {\n  const stream = createReadStream(path);\n  stream.on('data', async (chunk) => {\n    stream.pause();\n    await send(String(chunk));\n    stream.resume();\n  });\n}`,
    ],
    [
      'a data handler that only collects chunks',
      `import { createReadStream } from 'node:fs';\nexport function read(path: string, chunks: Buffer[]) {\n  createReadStream(path).on('data', (chunk) => chunks.push(Buffer.from(chunk)));\n}`,
    ],
  ])('not: %s', (_name, code) => {
    byDefault.expectValid(code);
  });
});

const asyncLibrary = `declare module 'async' {
  export function each<T>(items: T[], fn: (item: T, done: (error?: Error) => void) => void, done?: (error?: Error) => void): void;
  export function eachLimit<T>(items: T[], limit: number, fn: (item: T, done: (error?: Error) => void) => void, done?: (error?: Error) => void): void;
}
declare module 'bluebird' {
  const Bluebird: { map<T, R>(items: T[], fn: (item: T) => Promise<R>, options?: { concurrency: number }): Promise<R[]> };
  export default Bluebird;
}
`;

describe('unbounded-concurrency (default): files matched by a glob package', () => {
  it('reports a fan-out over what globby matched, whatever the function is called', () => {
    const code = `import { sync } from 'globby';
import { readFile } from 'node:fs/promises';
async function loadAll(root: string) {
  const files = sync(\`\${root}/**/*.md\`);
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}
void loadAll;
`;
    const shape =
      "declare module 'globby' {\n  export function sync(patterns: string | readonly string[]): string[];\n}\n";
    const findings = byDefault.projectFindings({ 'globby.d.ts': shape, 'load.ts': code });
    expect(findings.map((f) => [f.line, f.messageId])).toEqual([[5, 'unbounded']]);
  });
});

describe('unbounded-concurrency (default): the async library and Bluebird', () => {
  it('reports async.each and Bluebird.map without a concurrency, not eachLimit or map with one', () => {
    const code = `import * as async from 'async';
import Bluebird from 'bluebird';
import * as fs from 'node:fs';
export function statAll(files: string[]) {
  async.each(files, (file, done) => fs.stat(file, (error) => done(error ?? undefined)));
  async.eachLimit(files, 5, (file, done) => fs.stat(file, (error) => done(error ?? undefined)));
}
export function enrich(tools: string[]) {
  void Bluebird.map(tools, (tool) => fetchUser(tool));
  void Bluebird.map(tools, (tool) => fetchUser(tool), { concurrency: 4 });
}
`;
    const findings = byDefault.projectFindings({ 'lib.d.ts': asyncLibrary, 'stat.ts': header + code });
    expect(findings.map((f) => [f.line, f.messageId])).toEqual([
      [7, 'unboundedIteration'],
      [11, 'unboundedIteration'],
    ]);
  });
});

describe('unbounded-concurrency (default): work that already goes through a limiter', () => {
  it.each([
    [
      'p-limit by import',
      `import pLimit from 'p-limit';\nconst limit = pLimit(4);\nexport const f = (ids: string[]) => Promise.all(ids.map((id) => limit(() => fetchUser(id))));`,
    ],
    [
      'p-queue held in a field assigned in the constructor',
      `import PQueue from 'p-queue';\nexport class Sync {\n  private queue: PQueue;\n  constructor() {\n    this.queue = new PQueue({ concurrency: 2 });\n  }\n  all(ids: string[]) {\n    return Promise.all(ids.map((id) => this.queue.add(() => fetchUser(id))));\n  }\n}`,
    ],
    [
      "the program's own gate, built with a capacity",
      `declare function createGate(n: number): { run<T>(task: () => Promise<T>): Promise<T> };\nconst gate = createGate(4);\nexport const f = (ids: string[]) => Promise.all(ids.map((id) => gate.run(() => fetchUser(id))));`,
    ],
    [
      'a function whose own I/O waits at a gate that parks callers',
      `let active = 0;
const waiting: (() => void)[] = [];
async function run<T>(task: () => Promise<T>): Promise<T> {
  if (active >= 4) await new Promise<void>((resolve) => waiting.push(resolve));
  active++;
  try {
    return await task();
  } finally {
    active--;
    waiting.shift()?.();
  }
}
async function fetchRepo(id: string) {
  return run(() => fetchUser(id));
}
export const f = (ids: string[]) => Promise.allSettled(ids.map(async (id) => fetchRepo(id)));`,
    ],
  ])('%s', (_name, code) => {
    byDefault.expectValid(code);
  });

  it('still reports work handed to a callback-taking helper that bounds nothing', () => {
    byDefault.expectInvalid({
      code: `declare function retry<T>(task: () => Promise<T>): Promise<T>;
export const f = (ids: string[]) => /*!*/Promise.all(ids.map((id) => retry(() => fetchUser(id))));`,
      messageId: 'unbounded',
    });
  });
});
