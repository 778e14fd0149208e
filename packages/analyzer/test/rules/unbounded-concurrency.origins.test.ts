import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// unbounded-concurrency: where a collection comes from. By default only evidently unbounded origins (request input,
// whole tables) are reported; strict reports every fan-out but still leaves constants, pages, windows, batches and
// test fixtures alone.

const header = `declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare function parse(text: string): number;
declare const ids: string[];
`;

const strict = ruleTester('unbounded-concurrency', { prelude: header, options: { strict: true } });

describe('unbounded-concurrency: constants from another module', () => {
  it('leaves an imported constant list and the keys of an imported constant object', () => {
    strict.expectValid({
      files: {
        'providers.ts': `export const SOURCES = ['google', 'github'];
export const revocation = { google: 'https://a', github: 'https://b' };
`,
      },
      code: `import { SOURCES, revocation } from './providers.js';
export const f = () => Promise.all(SOURCES.map((p) => fetchUser(p)));
export const g = () => Promise.all(Object.keys(revocation).map((p) => fetchUser(p)));
`,
    });
  });

  it('reports an imported list that its module fills at run time', () => {
    strict.expectInvalid({
      files: {
        'providers.ts': `export const SOURCES: string[] = [];
export function add(p: string) {
  SOURCES.push(p);
}
`,
      },
      code: `import { SOURCES } from './providers.js';
export const f = () => /*!*/Promise.all(SOURCES.map((p) => fetchUser(p)));
`,
      messageId: 'unbounded',
    });
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
    strict.expectValid({ code: model + code });
  });

  it.each([
    ['seed.test.ts'],
    ['src/__tests__/seed.ts'],
    ['src/__tests__/helpers/seed.ts'],
    ['tests/setupTestDB.ts'],
  ])('leaves test code (%s): it fans out over fixtures the test chose', (file) => {
    const code = `export async function seed() {\n  await /*!*/Promise.all(ids.map((id) => fetchUser(id)));\n}\n`;
    strict.expectValid({ code, fileName: file });
    // the same code outside tests is reported
    strict.expectInvalid({ code, fileName: 'src/seed.ts', messageId: 'unbounded' });
    // and so is code deeper below a folder named test: a fixtures folder a test harness lints
    strict.expectInvalid({ code, fileName: 'test/fixtures/seed.ts', messageId: 'unbounded' });
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
  ])('reports %s: one person can pick or drop a folder of thousands', (_name, code) => {
    expect(strict.findings(code)).toHaveLength(1);
  });

  it('reports files of unknown origin that are not File objects', () => {
    const code = `declare function upload(path: string): Promise<string>;
export const f = (paths: string[]) => Promise.all(paths.map((p) => upload(p)));`;
    expect(strict.findings(code)).toHaveLength(1);
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
    expect(strict.findings(model + code)).toHaveLength(1);
  });
});

const orm = `declare function fetchUser(id: string): Promise<{ id: string; name: string }>;
declare const User: {
  findAll(options?: { where?: object; limit?: number }): Promise<{ id: string; email: string }[]>;
  find(filter?: object): Promise<{ id: string; email: string }[]>;
};
declare const prisma: { user: { findMany(options?: { where?: object; take?: number }): Promise<{ id: string }[]> } };
declare function sendMail(to: string): Promise<void>;
`;

/** Default options: only collections whose origin is evidently unbounded. */
const byDefault = ruleTester('unbounded-concurrency', { prelude: orm });

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
    const lines = code.split('\n');
    const line = lines.findIndex((l) => l.includes('Promise.all(')) + 1;
    const column = (lines[line - 1] ?? '').indexOf('Promise.all(') + 1;
    byDefault.expectInvalid({ code, errors: [{ line, column, messageId: 'unbounded' }] });
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
    expect(byDefault.projectFindings(files).map((f) => [f.file, f.line])).toEqual([
      ['stock.ts', orm.split('\n').length + 1],
    ]);
  });
});

describe('unbounded-concurrency (default): bounded elsewhere is left to strict', () => {
  it.each([
    [
      'a parameter of a module-private function nobody visible calls',
      `const f = (ids: string[]) => Promise.all(ids.map((id) => fetchUser(id)));
void f;`,
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
    byDefault.expectValid(code);
    expect(byDefault.findings(code, { options: { strict: true } })).toHaveLength(1);
  });

  it("leaves a project's own scripts by default, not a command the package ships", () => {
    const code = `import { readdir, readFile } from 'node:fs/promises';
export async function load(dir: string) {
  const names = await readdir(dir);
  return Promise.all(names.map((n) => readFile(n, 'utf8')));
}
`;
    byDefault.expectValid({ code, prelude: '', fileName: 'scripts/docs.ts' });
    byDefault.expectValid({ code: `#!/usr/bin/env node\n${code}`, prelude: '', fileName: 'scripts/docs.ts' });
    byDefault.expectValid({ code, prelude: '', fileName: 'bin/docs.ts' });
    // a `#!` program outside a scripts folder is what the package's users run, over their own files
    expect(
      byDefault.findings(`#!/usr/bin/env node\n${code}`, { prelude: '', fileName: 'src/docs.ts' }),
    ).toHaveLength(1);
    expect(byDefault.findings(code, { prelude: '', fileName: 'src/docs.ts' })).toHaveLength(1);
    expect(strict.findings(code, { prelude: '', fileName: 'scripts/docs.ts' })).toHaveLength(1);
  });

  it('rejects an unknown option and a non-boolean strict', () => {
    expect(() => byDefault.run('', { options: { strict: 'yes' } })).toThrow(
      new TypeError(
        'Expected `strict` of rule `unbounded-concurrency` to be a boolean, got `"yes"` (string)',
      ),
    );
    expect(() => byDefault.run('', { options: { strcit: true } })).toThrow(/Unknown option `strcit`/);
  });
});
