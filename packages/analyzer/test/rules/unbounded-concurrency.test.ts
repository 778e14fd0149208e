import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/unbounded-concurrency.js';
import { analyzeFiles, applyEdits, testCompilerOptions } from '../../src/testing.js';

const header = `declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare function parse(text: string): number;
declare const ids: string[];
`;
const offset = header.split('\n').length - 1;

/** The rule with `{ strict: true }`: every fan-out over a collection of unknown size. */
function analyzeStrict(files: Readonly<Record<string, string>>) {
  return analyzeFiles(rule, files, { options: { strict: true } });
}

/** Findings with `{ strict: true }` as [line, column, messageId]. */
function run(code: string): [number, number, string][] {
  return analyzeStrict({ 'a.ts': header + code }).map((f) => [f.line - offset, f.column, f.messageId]);
}

const root = resolve(dirname(new URL(import.meta.url).pathname), '../fixtures/virtual');

/** Type errors of a file in a program that resolves the repository's packages (@awaitwise/core …). */
function typeErrors(text: string): string[] {
  const fileName = join(root, 'fixed.ts');
  const host = ts.createCompilerHost(testCompilerOptions, true);
  const read = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (path) => path === fileName || ts.sys.fileExists(path);
  host.readFile = (path) => (path === fileName ? text : read(path));
  host.getSourceFile = (path, version, onError, create) =>
    path === fileName
      ? ts.createSourceFile(path, text, version, true)
      : getSourceFile(path, version, onError, create);
  const program = ts.createProgram({ rootNames: [fileName], options: testCompilerOptions, host });
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('unbounded-concurrency (strict): flagged', () => {
  it.each([
    [
      'Promise.all over an async map',
      `export const f = () => Promise.all(ids.map(async (id) => fetchUser(id)));`,
      24,
    ],
    [
      'a map returning the promise',
      `export const f = () => Promise.all(ids.map((id) => fetchUser(id)));`,
      24,
    ],
    ['a function reference', `export const f = () => Promise.all(ids.map(fetchUser));`, 24],
    ['allSettled', `export const f = () => Promise.allSettled(ids.map((id) => fetchUser(id)));`, 24],
    ['race', `export const f = () => Promise.race(ids.map((id) => fetchUser(id)));`, 24],
    ['any', `export const f = () => Promise.any(ids.map((id) => fetchUser(id)));`, 24],
    [
      'Array.from with a mapper',
      `export const f = (s: Set<string>) => Promise.all(Array.from(s, (id) => fetchUser(id)));`,
      38,
    ],
    [
      'promises pushed in a loop',
      `export async function f() {
  const pending: Promise<unknown>[] = [];
  for (const id of ids) pending.push(fetchUser(id));
  await Promise.all(pending);
}`,
      9,
    ],
    [
      'a mapped array kept in a const first',
      `export async function f(rows: { id: string }[]) {
  const tasks = rows.map(async (row) => {
    const user = await fetchUser(row.id);
    return user.name;
  });
  return Promise.all(tasks);
}`,
      10,
    ],
    [
      'the map of an argument of unknown size',
      `export async function notify(emails: readonly string[], send: (to: string) => Promise<void>) {
  await Promise.all(emails.map((to) => send(to)));
}`,
      9,
    ],
    [
      'an open-ended slice',
      `export const f = () => Promise.all(ids.slice(1).map((id) => fetchUser(id)));`,
      24,
    ],
    [
      'a spread of Object.keys',
      `export const f = (o: Record<string, string>) => Promise.all(Object.keys(o).map((k) => fetchUser(o[k] ?? k)));`,
      [1, 49],
    ],
    [
      'a constant array that is filled in a loop',
      `const found: string[] = [];
for (const id of ids) found.push(id);
export const f = () => Promise.all(found.map((id) => fetchUser(id)));`,
      [3, 24],
    ],
    [
      'the keys of a constant object that gets keys added',
      `const registry: Record<string, string> = {};
export function register(key: string, value: string) {
  registry[key] = value;
}
export const f = () => Promise.all(Object.keys(registry).map((k) => fetchUser(k)));`,
      [5, 24],
    ],
    [
      'a let array (reassignable)',
      `let regions = ['eu', 'us'];
export function setRegions(next: string[]) {
  regions = next;
}
export const f = () => Promise.all(regions.map((r) => fetchUser(r)));`,
      [5, 24],
    ],
    [
      'the values of an object parameter',
      `export const f = (byId: Record<string, string>) => Promise.all(Object.values(byId).map((v) => fetchUser(v)));`,
      [1, 52],
    ],
  ])('%s', (_name, code, position) => {
    const [line, column] = Array.isArray(position)
      ? position
      : [code.split('\n').findIndex((l) => l.includes('Promise.')) + 1, position];
    expect(run(code)).toEqual([[line, column, 'unbounded']]);
  });

  it('suggests map() with a concurrency bound, and the result compiles', () => {
    const code = `${header}export async function names() {
  const users = await Promise.all(ids.map((id) => fetchUser(id)));
  return users.map((u) => u.name);
}
`;
    const [finding] = analyzeStrict({ 'a.ts': code });
    expect(finding?.message).toContain('`Promise.all`');
    expect(finding?.message).toContain('map(items, fn, { concurrency: 8 })');
    const fixed = applyEdits(code, finding?.suggestions[0]?.edits ?? []);
    expect(fixed).toBe(`import { map } from '@awaitwise/core';
${header}export async function names() {
  const users = await map(ids, (id) => fetchUser(id), { concurrency: 8 });
  return users.map((u) => u.name);
}
`);
    expect(typeErrors(fixed)).toEqual([]);
  });

  it('suggests mapSettled() for allSettled and adds the import after the existing ones', () => {
    const code = `import { setTimeout as wait } from 'node:timers/promises';
${header}export const f = () => Promise.allSettled(ids.map(async (id) => { await wait(1); return fetchUser(id); }));
`;
    const [finding] = analyzeStrict({ 'a.ts': code });
    const fixed = applyEdits(code, finding?.suggestions[0]?.edits ?? []);
    expect(fixed).toBe(`import { setTimeout as wait } from 'node:timers/promises';
import { mapSettled } from '@awaitwise/core';
${header}export const f = () => mapSettled(ids, async (id) => { await wait(1); return fetchUser(id); }, { concurrency: 8 });
`);
    expect(typeErrors(fixed)).toEqual([]);
  });

  it('offers no rewrite when the callback uses the array argument or `map` is taken', () => {
    const third = analyzeStrict({
      'a.ts': `${header}export const f = () => Promise.all(ids.map((id, i, all) => fetchUser(id + i + all.length)));`,
    });
    expect(third).toHaveLength(1);
    expect(third[0]?.suggestions).toEqual([]);
    const taken = analyzeStrict({
      'a.ts': `${header}const map = 1;\nexport const f = () => Promise.all(ids.map((id) => fetchUser(id + map)));`,
    });
    expect(taken[0]?.suggestions).toEqual([]);
  });
});

describe('unbounded-concurrency: constants from another module', () => {
  it('leaves an imported constant list and the keys of an imported constant object', () => {
    const found = analyzeStrict({
      'providers.ts': `export const SOURCES = ['google', 'github'];
export const revocation = { google: 'https://a', github: 'https://b' };
`,
      'a.ts': `${header}import { SOURCES, revocation } from './providers.js';
export const f = () => Promise.all(SOURCES.map((p) => fetchUser(p)));
export const g = () => Promise.all(Object.keys(revocation).map((p) => fetchUser(p)));
`,
    });
    expect(found).toEqual([]);
  });

  it('reports an imported list that its module fills at run time', () => {
    const found = analyzeStrict({
      'providers.ts': `export const SOURCES: string[] = [];
export function add(p: string) {
  SOURCES.push(p);
}
`,
      'a.ts': `${header}import { SOURCES } from './providers.js';
export const f = () => Promise.all(SOURCES.map((p) => fetchUser(p)));
`,
    });
    expect(found.map((f) => [f.line - offset, f.messageId])).toEqual([[2, 'unbounded']]);
  });
});

const model = `declare const Group: {
  findAll(options: { where?: object; limit?: number; offset?: number }): Promise<{ id: string }[]>;
  count(options?: object): Promise<number>;
};
declare function present(group: { id: string }): Promise<object>;
`;

describe('unbounded-concurrency: pages, windows, batches and test fixtures', () => {
  it.each([
    [
      'a page of rows (limit in the query)',
      `export async function list(limit: number) {
  const groups = await Group.findAll({ where: {}, limit });
  return Promise.all(groups.map((g) => present(g)));
}`,
    ],
    [
      'a page destructured from Promise.all with the count',
      `export async function list(page: { offset: number; limit: number }) {
  const [total, groups] = await Promise.all([Group.count(), Group.findAll({ offset: page.offset, limit: page.limit })]);
  return { total, data: await Promise.all(groups.map((g) => present(g))) };
}`,
    ],
    [
      'a window that a loop moves by a small constant',
      `const concurrency = 2;
export async function sync(formats: string[]) {
  for (let i = 0; i < formats.length; i += concurrency) {
    const slice = formats.slice(i, i + concurrency);
    await Promise.all(slice.map((f) => fetchUser(f)));
  }
}`,
    ],
    [
      'the rows a batching helper hands to its callback',
      `declare function findAllInBatches<T>(q: object, fn: (rows: T[]) => Promise<void>): Promise<void>;
export async function notify() {
  await findAllInBatches<{ id: string }>({}, async (groupUsers) => {
    await Promise.all(groupUsers.map((u) => fetchUser(u.id)));
  });
}`,
    ],
  ])('%s', (_name, code) => {
    expect(analyzeStrict({ 'a.ts': header + model + code })).toEqual([]);
  });

  it.each([
    ['seed.test.ts'],
    ['src/__tests__/seed.ts'],
    ['src/__tests__/helpers/seed.ts'],
    ['tests/setupTestDB.ts'],
  ])('leaves test code (%s): it fans out over fixtures the test chose', (file) => {
    const code = `${header}export async function seed() {\n  await Promise.all(ids.map((id) => fetchUser(id)));\n}\n`;
    expect(analyzeStrict({ [file]: code })).toEqual([]);
    // the same code outside tests is reported
    expect(analyzeStrict({ 'src/seed.ts': code })).toHaveLength(1);
    // and so is code deeper below a folder named test: a fixtures folder a test harness lints
    expect(analyzeStrict({ 'test/fixtures/seed.ts': code })).toHaveLength(1);
  });

  it.each([
    [
      'files from a file dialog',
      `declare function upload(file: File): Promise<string>;
export const f = (files: File[]) => Promise.all(files.map((file) => upload(file)));`,
    ],
    [
      'the items of a drop',
      `declare function read(item: DataTransferItem): Promise<string>;
export const f = (event: DragEvent) =>
  Promise.all(Array.from(event.dataTransfer?.items ?? [], (item) => read(item)));`,
    ],
  ])('leaves %s (the user picks them one by one)', (_name, code) => {
    expect(analyzeStrict({ 'a.ts': header + code })).toEqual([]);
  });

  it('reports files of unknown origin that are not File objects', () => {
    const code = `declare function upload(path: string): Promise<string>;
export const f = (paths: string[]) => Promise.all(paths.map((p) => upload(p)));`;
    expect(analyzeStrict({ 'a.ts': header + code })).toHaveLength(1);
  });

  it.each([
    [
      'rows of a query without a limit',
      `export async function all() {
  const groups = await Group.findAll({ where: {} });
  return Promise.all(groups.map((g) => present(g)));
}`,
    ],
    [
      'a window wider than the small bound',
      `export async function sync(formats: string[]) {
  for (let i = 0; i < formats.length; i += 500) {
    await Promise.all(formats.slice(i, i + 500).map((f) => fetchUser(f)));
  }
}`,
    ],
    [
      'the parameter of a callback of a helper that does not batch',
      `declare function withUsers<T>(fn: (rows: T[]) => Promise<void>): Promise<void>;
export async function notify() {
  await withUsers<{ id: string }>(async (users) => {
    await Promise.all(users.map((u) => fetchUser(u.id)));
  });
}`,
    ],
  ])('still reports %s', (_name, code) => {
    expect(analyzeStrict({ 'a.ts': header + model + code })).toHaveLength(1);
  });
});

describe('unbounded-concurrency (strict): not flagged', () => {
  it.each([
    ['a literal array', `export const f = () => Promise.all([fetchUser('a'), fetchUser('b')]);`],
    [
      'a literal array mapped',
      `export const f = () => Promise.all(['a', 'b', 'c'].map((id) => fetchUser(id)));`,
    ],
    ['a short slice', `export const f = () => Promise.all(ids.slice(0, 5).map((id) => fetchUser(id)));`],
    ['a tuple', `export const f = (pair: [string, string]) => Promise.all(pair.map((id) => fetchUser(id)));`],
    ['a synchronous map (no promise)', `export const f = () => Promise.all(ids.map((id) => parse(id)));`],
    [
      'an async callback with no I/O',
      `export const f = () => Promise.all(ids.map(async (id) => parse(id)));`,
    ],
    [
      'a limiter inside the callback (p-limit style)',
      `declare const limit: <T>(fn: () => Promise<T>) => Promise<T>;
export const f = () => Promise.all(ids.map((id) => limit(() => fetchUser(id))));`,
    ],
    [
      'closing every connection at once (teardown)',
      `declare const pools: { close(): Promise<void> }[];
export const f = () => Promise.all(pools.map((p) => p.close()));`,
    ],
    [
      'fan-out to cluster nodes',
      `declare const nodes: { ping(): Promise<string> }[];
export const f = () => Promise.all(nodes.map((n) => n.ping()));`,
    ],
    [
      'a batch inside a loop over chunks',
      `declare function chunks<T>(items: T[], size: number): T[][];
export async function f() {
  for (const batch of chunks(ids, 10)) await Promise.all(batch.map((id) => fetchUser(id)));
}`,
    ],
    [
      'promises pushed in a loop of three',
      `export async function f() {
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < 3; i++) pending.push(fetchUser(String(i)));
  await Promise.all(pending);
}`,
    ],
    [
      'a shadowed Promise-like object',
      `const Promise2 = { all: (x: unknown) => x };
export const f = () => Promise2.all(ids.map((id) => fetchUser(id)));`,
    ],
    [
      'Array.from with a literal length',
      `export const f = () => Promise.all(Array.from({ length: 4 }, (_, i) => fetchUser(String(i))));`,
    ],
    [
      'a module constant array',
      `const SOURCES = ['google', 'github', 'twitter'] as const;
export const f = () => Promise.all(SOURCES.map((p) => fetchUser(p)));`,
    ],
    [
      'a filtered constant array',
      `const SOURCES = ['google', 'github', 'twitter'];
export const f = (on: (p: string) => boolean) =>
  Promise.all(SOURCES.filter(on).map((p) => fetchUser(p)));`,
    ],
    [
      'the keys of a constant object',
      `const revocation = { google: { url: 'a' }, github: { url: 'b' } };
export const f = () => Promise.all(Object.keys(revocation).map((p) => fetchUser(p)));`,
    ],
    [
      'the entries of a constant object declared with satisfies',
      `const revocation = { google: 'a', github: 'b' } satisfies Record<string, string>;
export const f = () => Promise.all(Object.entries(revocation).map(([k, v]) => fetchUser(k + v)));`,
    ],
    [
      'the values of an enum',
      `enum Role { Admin = 'admin', Member = 'member', Viewer = 'viewer' }
export const f = () => Promise.all(Object.values(Role).map((r) => fetchUser(r)));`,
    ],
    [
      'an array property of a constant object',
      `const config = { regions: ['eu', 'us', 'ap'] };
export const f = () => Promise.all(config.regions.map((r) => fetchUser(r)));`,
    ],
    [
      'Promise.resolve wrappers only',
      `export const f = () => Promise.all(ids.map((id) => Promise.resolve(id)));`,
    ],
  ])('%s', (_name, code) => {
    expect(run(code)).toEqual([]);
  });
});

/** Default options: only collections whose origin is evidently unbounded. */
function runDefault(files: Readonly<Record<string, string>>): [string, number][] {
  return analyzeFiles(rule, files).map((f) => [f.file.split('/').pop() ?? '', f.line]);
}

const orm = `declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare const User: {
  findAll(options?: { where?: object; limit?: number }): Promise<{ id: string; email: string }[]>;
  find(filter?: object): Promise<{ id: string; email: string }[]>;
};
declare const prisma: { user: { findMany(options?: { where?: object; take?: number }): Promise<{ id: string }[]> } };
declare function sendMail(to: string): Promise<void>;
`;

describe('unbounded-concurrency (default): evident origins are flagged', () => {
  it.each([
    [
      'request input (req.body)',
      `export async function handler(req: { body: { ids: string[] } }) {
  await Promise.all(req.body.ids.map((id) => fetchUser(id)));
}`,
    ],
    [
      'request input destructured, then mapped',
      `export async function handler(req: { query: { ids: string[] } }) {
  const { ids } = req.query;
  const unique = [...new Set(ids)];
  await Promise.all(unique.map((id) => fetchUser(id)));
}`,
    ],
    [
      'rows of a query without a limit',
      `export async function mailAll() {
  const users = await User.findAll({ where: { active: true } });
  await Promise.all(users.map((u) => sendMail(u.email)));
}`,
    ],
    [
      'rows of a Prisma findMany without take',
      `export async function all() {
  const rows = await prisma.user.findMany();
  return Promise.all(rows.map((r) => fetchUser(r.id)));
}`,
    ],
    [
      'rows of a Mongoose-style Model.find',
      `export async function all() {
  const rows = await User.find({ active: true });
  return Promise.all(rows.map((r) => sendMail(r.email)));
}`,
    ],
    [
      'a call fetching the whole list',
      `declare function getAllUserTeams(id: string): Promise<{ id: string }[]>;
export async function teams(userId: string) {
  const teams = await getAllUserTeams(userId);
  return Promise.all(teams.map((t) => fetchUser(t.id)));
}`,
    ],
    [
      'ids parsed from a document',
      `declare function parseDocumentIds(text: string): string[];
export async function links(text: string) {
  await Promise.all(parseDocumentIds(text).map((id) => fetchUser(id)));
}`,
    ],
    [
      'lines of an uploaded file',
      `export async function invite(csv: string) {
  const emails = csv.split('\\n').filter(Boolean);
  await Promise.all(emails.map((to) => sendMail(to)));
}`,
    ],
    [
      'a directory listing',
      `import { readdir, readFile } from 'node:fs/promises';
export async function load(dir: string) {
  const names = await readdir(dir);
  return Promise.all(names.map((n) => readFile(n, 'utf8')));
}`,
    ],
    [
      'every page of a listing, pushed in a loop up to the page count',
      `declare function fetchPage(offset: number): Promise<{ total: number }>;
export async function everything(limit: number) {
  const { total } = await fetchPage(0);
  const pages = Math.ceil(total / limit);
  const pending = [];
  for (let page = 1; page < pages; page++) pending.push(fetchPage(page * limit));
  await Promise.all(pending);
}`,
    ],
    [
      'every page of a cursor listing accumulated in an array',
      `declare function list(cursor?: string): Promise<{ results: string[]; next?: string }>;
export async function blocks() {
  const all: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    all.push(...page.results);
    cursor = page.next;
  } while (cursor !== undefined);
  await Promise.all(all.map((id) => fetchUser(id)));
}`,
    ],
    [
      'a find by a list of ids that came from the request',
      `export async function handler(req: { body: { ids: string[] } }) {
  const users = await User.findAll({ where: { id: req.body.ids } });
  await Promise.all(users.map((u) => sendMail(u.email)));
}`,
    ],
  ])('%s', (_name, code) => {
    const line = code.split('\n').findIndex((l) => l.includes('Promise.all(')) + 1;
    const offsetLines = orm.split('\n').length - 1;
    expect(runDefault({ 'a.ts': orm + code }).map(([, l]) => l - offsetLines)).toEqual([line]);
  });

  it('follows a parameter to what the callers in the project pass (request input)', () => {
    const files = {
      'stock.ts': `${orm}export async function stockFor(skus: string[]) {
  return Promise.all(skus.map((sku) => fetchUser(sku)));
}
`,
      'route.ts': `import { stockFor } from './stock.js';
export async function handler(req: { body: { items: { sku: string }[] } }) {
  const { items } = req.body;
  return stockFor(items.map((item) => item.sku));
}
`,
    };
    expect(runDefault(files)).toEqual([['stock.ts', orm.split('\n').length + 1]]);
  });
});

describe('unbounded-concurrency (default): bounded elsewhere is left to strict', () => {
  it.each([
    [
      'a parameter nobody visible passes',
      `export const f = (ids: string[]) => Promise.all(ids.map((id) => fetchUser(id)));`,
    ],
    [
      'a page of rows passed to a presenter',
      `export async function present(rows: { id: string }[]) {
  return Promise.all(rows.map((r) => fetchUser(r.id)));
}
export async function route() {
  const rows = await User.findAll({ where: {}, limit: 25 });
  return present(rows);
}`,
    ],
    [
      'a query by ids of a page',
      `export async function route() {
  const pins = await User.findAll({ limit: 25 });
  const users = await User.findAll({ where: { id: pins.map((p) => p.id) } });
  return Promise.all(users.map((u) => sendMail(u.email)));
}`,
    ],
    [
      'a list the UI holds (component state)',
      `export class Share {
  pendingIds: string[] = [];
  invite() {
    return Promise.all(this.pendingIds.map((id) => fetchUser(id)));
  }
}`,
    ],
    [
      'cache keys deleted over one connection',
      `declare const cache: { del(key: string): Promise<void> };
export async function invalidate() {
  const users = await User.findAll();
  await Promise.all(users.map((u) => cache.del(\`user:\${u.id}\`)));
}`,
    ],
    [
      'presigned URLs (computed locally)',
      `declare const storage: { getSignedUrl(key: string): Promise<string> };
export async function sign(text: string) {
  const ids = text.split(',');
  return Promise.all(ids.map(async (id) => await storage.getSignedUrl(id)));
}`,
    ],
  ])('%s', (_name, code) => {
    expect(runDefault({ 'a.ts': orm + code })).toEqual([]);
    expect(analyzeStrict({ 'a.ts': orm + code })).toHaveLength(1);
  });

  it('leaves a command-line script (scripts folder, #!, process.argv) by default', () => {
    const code = `import { readdir, readFile } from 'node:fs/promises';
export async function load(dir: string) {
  const names = await readdir(dir);
  return Promise.all(names.map((n) => readFile(n, 'utf8')));
}
`;
    expect(runDefault({ 'scripts/docs.ts': code })).toEqual([]);
    expect(runDefault({ 'src/docs.ts': `#!/usr/bin/env node\n${code}` })).toEqual([]);
    expect(runDefault({ 'src/docs.ts': code })).toHaveLength(1);
    expect(analyzeStrict({ 'scripts/docs.ts': code })).toHaveLength(1);
  });

  it('rejects an unknown option and a non-boolean strict', () => {
    expect(() => analyzeFiles(rule, { 'a.ts': '' }, { options: { strict: 'yes' } })).toThrow(
      new TypeError(
        'Expected `strict` of rule `unbounded-concurrency` to be a boolean, got `"yes"` (string)',
      ),
    );
    expect(() => analyzeFiles(rule, { 'a.ts': '' }, { options: { strcit: true } })).toThrow(
      /Unknown option `strcit`/,
    );
  });
});
