import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// unbounded-concurrency: the shapes of fixes the rule was not fitted to (read before the rule changed, then modelled):
// the work in a helper of the class, the collection a response or a walk's accumulator, promises pushed from a
// visitor callback or kept in a `let` and joined with `concat`, a `'data'` handler or a `forEach` that drops the work
// it starts (child processes too), untyped JavaScript, a command the package ships; and the bounded spellings their
// fixes used (a window spliced off a queue, a `slice(0, MAX)` window, a pool of workers, a queue library), the fan-outs
// that only queue in libuv's thread pool, and a glob of one path.

const header = `declare function send(to: string): Promise<void>;
declare function fetchUser(id: string): Promise<{ id: string }>;
`;

const byDefault = ruleTester('unbounded-concurrency', { prelude: header });
const strict = ruleTester('unbounded-concurrency', { prelude: header, options: { strict: true } });

describe('unbounded-concurrency (default): indirection the fixes had', () => {
  it.each([
    [
      'a response of an interface method, each element handed to a helper arrow of the class',
      `interface Api {\n  listThreads(label: string): Promise<{ threads?: { id: string }[] }>;\n  getThread(id: string): Promise<{ subject: string }>;\n}\nexport class Inbox {\n  constructor(private readonly api: Api) {}\n  private renderThread = async (id: string): Promise<void> => {\n    const thread = await this.api.getThread(id);\n    void thread.subject;\n  };\n  render = async (label: string) => {\n    const { threads } = await this.api.listThreads(label);\n    if (threads?.length) await /*!*/Promise.all(threads.map((t) => this.renderThread(t.id)));\n  };\n}`,
    ],
    [
      'a public arrow property of an exported class given a list',
      `export class Client {\n  public getMany = async (ids: string[]) => /*!*/Promise.all(ids.map((id) => fetchUser(id)));\n}`,
    ],
    [
      'a map kept in a let in one branch, joined with concat',
      `export async function deploy(files: string[], remote?: string) {\n  let uploads: Promise<void>[];\n  if (remote) uploads = [send(remote)];\n  else uploads = files.map((f) => send(f));\n  await /*!*/Promise.all(uploads.concat([send('manifest')]));\n}`,
    ],
    [
      'promises pushed from a visitor callback of an exported plugin',
      `interface Asset { getCode(): Promise<string> }\ninterface Bundle { traverseAssets(visit: { exit?: (a: Asset) => void }): void }\ndeclare class Packager { constructor(o: { package(i: { bundle: Bundle }): Promise<string> }) }\nexport default new Packager({\n  async package({ bundle }) {\n    const pending: Promise<string>[] = [];\n    bundle.traverseAssets({ exit: (asset) => { pending.push(asset.getCode()); } });\n    return (await /*!*/Promise.all(pending)).join('\\n');\n  },\n});`,
    ],
    [
      'an array gathered by a walk, then mapped through a helper',
      `interface Asset { id: string; getCode(): Promise<string> }\ninterface Bundle { traverse(visit: (a: Asset) => void): void }\nasync function load(asset: Asset) {\n  return [asset.id, await asset.getCode()] as const;\n}\nexport async function concat(bundle: Bundle) {\n  const assets: Asset[] = [];\n  bundle.traverse((asset) => assets.push(asset));\n  const pending = assets.map((asset) => load(asset));\n  return new Map(await /*!*/Promise.all(pending));\n}`,
    ],
  ])('%s', (_name, code) => {
    byDefault.expectInvalid({ code, messageId: 'unbounded' });
  });

  it.each([
    [
      'a response asked for one page',
      `interface Api { list(o: { limit: number }): Promise<{ id: string }[]> }\nexport async function sync(api: Api) {\n  const rows = await api.list({ limit: 50 });\n  await Promise.all(rows.map((r) => fetchUser(r.id)));\n}`,
    ],
    [
      'a visitor that pushes into a queue with a capacity',
      `import PQueue from 'p-queue';\ninterface Asset { getCode(): Promise<string> }\ninterface Bundle { traverse(visit: (a: Asset) => void): void }\nexport async function pack(bundle: Bundle) {\n  const queue = new PQueue({ concurrency: 32 });\n  const pending: Promise<string>[] = [];\n  bundle.traverse((asset) => { pending.push(queue.add(() => asset.getCode())); });\n  return Promise.all(pending);\n}`,
    ],
  ])('%s', (_name, code) => {
    byDefault.expectValid(code);
  });
});

describe('unbounded-concurrency (default): work started and dropped', () => {
  it("reports a 'data' handler that starts work without async or await", () => {
    byDefault.expectInvalid({
      code: `import type { Readable } from 'node:stream';\nexport function publishAll(rows: Readable) {\n  rows./*!*/on('data', (row: { id: string }) => {\n    send(row.id);\n  });\n}`,
      messageId: 'unboundedHandler',
    });
  });

  it("leaves a 'data' handler that pushes each row onto a queue with a concurrency", () => {
    byDefault.expectValid(
      `import fastq from 'fastq';\nimport type { Readable } from 'node:stream';\nexport function publishAll(rows: Readable) {\n  const queue = fastq.promise(async (id: string) => send(id), 8);\n  rows.on('data', (row: { id: string }) => {\n    queue.push(row.id);\n  });\n}`,
    );
  });

  it('reports a forEach that starts a child process per listed file, in a command the package ships', () => {
    const code = `#!/usr/bin/env node\nimport { exec } from 'node:child_process';\nimport { readdirSync } from 'node:fs';\nexport function compile(dir: string) {\n  readdirSync(dir)./*!*/forEach((file) => {\n    exec('msgfmt ' + file);\n  });\n}`;
    byDefault.expectInvalid({ code, messageId: 'unboundedIteration', fileName: 'src/cli.ts' });
    // the same in a project's own scripts folder runs over the developer's files
    byDefault.expectValid({ code: code.replace('/*!*/', ''), fileName: 'scripts/compile.ts' });
  });

  it('leaves a forEach whose callback only does synchronous work', () => {
    byDefault.expectValid(
      `import { execSync } from 'node:child_process';\nimport { readdirSync } from 'node:fs';\nexport function compile(dir: string) {\n  readdirSync(dir).forEach((file) => {\n    execSync('msgfmt ' + file);\n  });\n}`,
    );
  });
});

describe('unbounded-concurrency (default): a Node I/O call with a callback, in a loop', () => {
  const walk = (call: string) =>
    `import { readdirSync, statSync, rmdir, rmdirSync } from 'node:fs';\nimport { join } from 'node:path';\nexport function prune(dir: string) {\n  const folders = readdirSync(dir).map((name) => join(dir, name)).filter((path) => statSync(path).isDirectory());\n  for (const folder of folders) {\n    ${call}\n  }\n}`;

  it('reports a callback-style removal started per listed folder', () => {
    byDefault.expectInvalid({
      code: walk('/*!*/rmdir(folder, () => undefined);'),
      messageId: 'unboundedLoop',
      fileName: 'src/prune.ts',
    });
    const onRemoved = walk('/*!*/rmdir(folder, onRemoved);').replace(
      'export function prune',
      'function onRemoved(): void {}\nexport function prune',
    );
    byDefault.expectInvalid({ code: onRemoved, messageId: 'unboundedLoop', fileName: 'src/prune.ts' });
  });

  it('leaves the synchronous call whose last argument is a path, not a callback', () => {
    byDefault.expectValid({ code: walk('rmdirSync(folder);'), fileName: 'src/prune.ts' });
  });
});

describe('unbounded-concurrency (default): untyped JavaScript', () => {
  it('reports Bluebird Promise.map over query rows whose work is a program function returning a then-chain', () => {
    byDefault.expectInvalid({
      code: `var Promise = require('bluebird');\nvar db = require('./db');\nvar Prompts = {};\nPrompts.send = function (id) {\n  return db.communities.findById(id).then(function (c) { return db.jobs.enqueue(c.id); });\n};\nPrompts.weekly = function () {\n  return db.communities.fetchAll().then((rows) => Promise./*!*/map(rows.models, (row) => Prompts.send(row.id)));\n};\nmodule.exports = Prompts;`,
      messageId: 'unboundedIteration',
      prelude: '',
      fileName: 'lib/prompts.js',
    });
  });

  it('leaves the same with a concurrency option', () => {
    byDefault.expectValid({
      code: `var Promise = require('bluebird');\nvar db = require('./db');\nvar Prompts = {};\nPrompts.send = function (id) {\n  return db.communities.findById(id).then(function (c) { return db.jobs.enqueue(c.id); });\n};\nPrompts.weekly = function () {\n  return db.communities.fetchAll().then((rows) => Promise.map(rows.models, (row) => Prompts.send(row.id), { concurrency: 1 }));\n};\nmodule.exports = Prompts;`,
      prelude: '',
      fileName: 'lib/prompts.js',
    });
  });
});

describe('unbounded-concurrency: bounded spellings of the fixes stay silent, even in strict', () => {
  it.each([
    [
      'a helper that splices a window of `limit` tasks off the queue per pass',
      `export const allWithLimit = async <T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> => {\n  let results: T[] = [];\n  while (tasks.length) {\n    const running = tasks.splice(0, limit).map((task) => task());\n    results = results.concat(await Promise.all(running));\n  }\n  return results;\n};`,
    ],
    [
      'a window of a constant size, or the rest when it is shorter',
      `const MAX_AT_ONCE = 20;\nexport async function uploadAll(files: string[]) {\n  let pending = files;\n  while (pending.length > 0) {\n    const group = pending.length > MAX_AT_ONCE ? pending.slice(0, MAX_AT_ONCE) : pending;\n    pending = pending.slice(group.length);\n    const uploads = group.map((file) => send(file));\n    await Promise.all(uploads);\n  }\n}`,
    ],
    [
      'a pool of workers taking the next task in a loop',
      `export async function runAll(tasks: (() => Promise<void>)[], size: number) {\n  let next = 0;\n  const worker = async () => {\n    while (next < tasks.length) {\n      const task = tasks[next++];\n      if (task) await task();\n    }\n  };\n  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));\n}`,
    ],
  ])('%s', (_name, code) => {
    byDefault.expectValid(code);
    strict.expectValid(code);
  });
});

describe('unbounded-concurrency (default): fan-outs that only queue in the thread pool, and a glob of one path', () => {
  const walk = `import { readdir, stat, unlink, rmdir } from 'node:fs/promises';\nimport { resolve } from 'node:path';\nexport async function sizes(dir: string) {\n  const names = await readdir(dir);\n  return Promise.all(names.map((name) => stat(resolve(dir, name))));\n}\nexport async function removeTree(dir: string): Promise<void> {\n  const entries = await readdir(dir, { withFileTypes: true });\n  await Promise.all(\n    entries.map((entry) => {\n      const path = resolve(dir, entry.name);\n      return entry.isDirectory() ? removeTree(path).then(() => rmdir(path)) : unlink(path);\n    }),\n  );\n}`;

  it('leaves stat/unlink/rmdir over a listing (no descriptor held) to strict', () => {
    byDefault.expectValid(walk);
    expect(strict.findings(walk).map((f) => f.line)).toEqual([5, 9]);
  });

  it('still reports reading every listed file (each read holds a descriptor)', () => {
    byDefault.expectInvalid({
      code: `import { readdir, readFile } from 'node:fs/promises';\nexport async function load(dir: string) {\n  const names = await readdir(dir);\n  return /*!*/Promise.all(names.map((name) => readFile(name, 'utf8')));\n}`,
      messageId: 'unbounded',
    });
  });

  it('leaves a glob of one path built from literals, reports one with a wildcard', () => {
    const code = (pattern: string) =>
      `import { glob } from 'glob';\nimport { readFile } from 'node:fs/promises';\nimport path from 'node:path';\nexport async function load(options: { packageFile?: string; cwd?: string }) {\n  const file = options.packageFile || (options.cwd ? path.join(options.cwd, ${pattern}) : ${pattern});\n  const paths = await glob(file.replace(/\\\\/g, '/'));\n  return Promise.all(paths.map((p) => readFile(p, 'utf8')));\n}\n`;
    const shape = "declare module 'glob' {\n  export function glob(pattern: string): Promise<string[]>;\n}\n";
    const lines = (pattern: string) =>
      byDefault.projectFindings({ 'glob.d.ts': shape, 'load.ts': code(pattern) }).map((f) => f.line);
    expect(lines(`'package.json'`)).toEqual([]);
    expect(lines(`'**/package.json'`)).toEqual([7]);
  });
});

describe('unbounded-concurrency (default): a response typed `any`', () => {
  // An HTTP client whose body is `any` (axios, got's `json()`): the code maps over it, so it is a list the other side
  // sized, typed or not.
  const client = `interface HttpClient {\n  get(url: string): Promise<{ data: any }>;\n}\ndeclare const http: HttpClient;\n`;

  it('reports a fan-out over the `any` body of an awaited request', () => {
    byDefault.expectInvalid({
      code: `${client}export async function notifyMembers(org: string): Promise<void> {
  const { data } = await http.get(\`/orgs/\${org}/members\`);
  await /*!*/Promise.all(data.map((member: { login: string }) => send(member.login)));
}`,
      messageId: 'unbounded',
      message: /the response of a call/,
    });
  });

  it('reports the same through `.then`, a property of the body', () => {
    byDefault.expectInvalid({
      code: `${client}export function notifyMembers(org: string): Promise<void[]> {
  return http
    .get(\`/orgs/\${org}/members\`)
    .then((response) => /*!*/Promise.all(response.data.members.map((member: { login: string }) => send(member.login))));
}`,
      messageId: 'unbounded',
    });
  });

  it('leaves the fix that notifies the members one at a time', () => {
    byDefault.expectValid(`${client}export async function notifyMembers(org: string): Promise<void> {
  const { data } = await http.get(\`/orgs/\${org}/members\`);
  for (const member of data as { login: string }[]) await send(member.login);
}`);
  });

  it('leaves the fix that bounds the fan-out with a limiter', () => {
    byDefault.expectValid(`import pLimit from 'p-limit';
${client}const limit = pLimit(4);
export async function notifyMembers(org: string): Promise<void> {
  const { data } = await http.get(\`/orgs/\${org}/members\`);
  await Promise.all(data.map((member: { login: string }) => limit(() => send(member.login))));
}`);
  });
});
