import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// unbounded-concurrency: how far the rule follows what it is shown. Causes of misses and false alarms read in public
// fixes (bench/real-bugs): an origin reached through a chain of copies and a caller (oc-codex-multi-auth 8ddf17c), a
// closure handed out by an exported function or hook (alkem-io/client-web 2748bb4); and bounded spellings the rule
// took for fan-outs: a loop capped by the count of work it keeps running (dirty-git f06b254), a counted loop that
// starts workers (a hand-written `mapLimit`).

const header = `declare function send(to: string): Promise<void>;
declare function fetchUser(id: string): Promise<{ id: string }>;
`;

const byDefault = ruleTester('unbounded-concurrency', { prelude: header });
const strict = ruleTester('unbounded-concurrency', { prelude: header, options: { strict: true } });

const accountsModule = {
  'accounts.ts': `import { readFile } from 'node:fs/promises';
export interface Account { token: string; email?: string }
export async function loadAccounts(): Promise<{ accounts: Account[] } | null> {
  try {
    return JSON.parse(await readFile('accounts.json', 'utf8')) as { accounts: Account[] };
  } catch {
    return null;
  }
}
`,
};

describe('unbounded-concurrency (strict): a chain of copies counts as one step, only hops between functions count', () => {
  it.each([
    [
      'an arrow kept in a const, its parameter copied twice, its caller passing a parsed file of another module',
      `import { loadAccounts, type Account } from './accounts.js';
export async function start() {
  const fill = async (file: { accounts: Account[] } | null) => {
    if (!file) return;
    const copies = file.accounts.map((account) => ({ ...account }));
    const missing = copies.filter((account) => !account.email);
    await /*!*/Promise.all(missing.map((account) => send(account.token)));
  };
  await fill(await loadAccounts());
}`,
    ],
    [
      'a function declaration whose list is a let reassigned from the copy',
      `import { loadAccounts, type Account } from './accounts.js';
async function fill(file: { accounts: Account[] } | null) {
  let missing: Account[] = [];
  if (file) missing = file.accounts.slice().filter((account) => !account.email);
  const pending = missing.map((account) => send(account.token));
  await /*!*/Promise.all(pending);
}
export async function start() {
  await fill(await loadAccounts());
}`,
    ],
  ])('%s', (_name, code) => {
    // strict names the origin it reached (a file read and parsed), not "a collection of unknown size"
    strict.expectInvalid({
      code,
      files: accountsModule,
      messageId: 'unbounded',
      message: /values parsed from a document or input/,
    });
    // by default a chain this long is left alone: it reached configuration-sized lists on the whole repositories
    byDefault.expectValid({ code: code.replace('/*!*/', ''), files: accountsModule });
  });

  it('leaves the fixed form: three at a time', () => {
    byDefault.expectValid({
      files: accountsModule,
      code: `import { loadAccounts, type Account } from './accounts.js';
export async function start() {
  const fill = async (file: { accounts: Account[] } | null) => {
    if (!file) return;
    const missing = file.accounts.map((account) => ({ ...account })).filter((account) => !account.email);
    for (let start = 0; start < missing.length; start += 3) {
      await Promise.all(missing.slice(start, start + 3).map((account) => send(account.token)));
    }
  };
  await fill(await loadAccounts());
}`,
    });
  });

  it('leaves the same chain from a literal list, and a list copied from itself', () => {
    byDefault.expectValid(`const fill = async (file: { accounts: { token: string }[] }) => {
  const copies = file.accounts.map((account) => ({ ...account }));
  await Promise.all(copies.filter(Boolean).map((account) => send(account.token)));
};
export async function start() {
  await fill({ accounts: [{ token: 'a' }, { token: 'b' }] });
}
export async function again(names: string[]) {
  let list = names.slice(0, 4);
  list = list.filter(Boolean);
  await Promise.all(list.map((name) => send(name)));
}`);
  });
});

describe('unbounded-concurrency (default): a closure an exported function hands out takes its callers’ input', () => {
  it.each([
    [
      'a hook returning a callback wrapped in useCallback, with a destructured list',
      `import { useCallback } from 'react';
interface Image { file: File; caption?: string }
export function useSaveGallery() {
  const save = useCallback(async ({ images }: { images: Image[] }) => {
    const uploads = images.map(async (image) => send(image.file.name));
    await /*!*/Promise.allSettled(uploads);
  }, []);
  return { save };
}`,
    ],
    [
      'a factory returning an arrow',
      `export function createUploader(prefix: string) {
  return async (names: string[]) => /*!*/Promise.all(names.map((name) => send(prefix + name)));
}`,
    ],
  ])('%s', (_name, code) => {
    byDefault.expectInvalid({ code, messageId: 'unbounded' });
  });

  it.each([
    [
      'the fixed hook: a pool of five workers',
      `import { useCallback } from 'react';
interface Image { file: File }
export function useSaveGallery() {
  const save = useCallback(async ({ images }: { images: Image[] }) => {
    let next = 0;
    const worker = async () => {
      while (next < images.length) {
        const image = images[next++];
        if (image) await send(image.file.name);
      }
    };
    await Promise.all(Array.from({ length: Math.min(5, images.length) }, worker));
  }, []);
  return { save };
}`,
    ],
    [
      'a closure the exported function keeps to itself, called with a literal list',
      `export async function warmUp() {
  const load = async (names: string[]) => Promise.all(names.map((name) => send(name)));
  await load(['a', 'b']);
}`,
    ],
    [
      'a closure of a module-private function',
      `function createUploader(prefix: string) {
  return async (names: string[]) => Promise.all(names.map((name) => send(prefix + name)));
}
export const upload = () => createUploader('x')(['a', 'b']);`,
    ],
  ])('%s', (_name, code) => {
    byDefault.expectValid(code);
  });
});

describe('unbounded-concurrency: a loop capped by the work it keeps running, and a counted loop of workers', () => {
  it.each([
    [
      'a while loop that starts git processes up to a running count of fifty (the dirty-git fix)',
      `import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
const MAX_RUNNING = 50;
export async function statusAll(root: string, done: (dirty: string[]) => void) {
  const waiting = await readdir(root);
  const dirty: string[] = [];
  let running = 0;
  function next() {
    if (waiting.length === 0 && running === 0) return done(dirty);
    while (waiting.length > 0 && running < MAX_RUNNING) {
      const repo = waiting.shift() ?? '';
      running += 1;
      execFile('git', ['status', '--porcelain'], { cwd: repo }, (error, stdout) => {
        if (!error && stdout.trim() !== '') dirty.push(repo);
        running -= 1;
        next();
      });
    }
  }
  next();
}`,
    ],
    [
      'the same with ++ and the cap on the left of the queue test',
      `import { readdir } from 'node:fs/promises';
const limit = 32;
export async function sendAll(dir: string) {
  const queue = await readdir(dir);
  let active = 0;
  const pump = (): void => {
    while (active < limit && queue.length > 0) {
      const name = queue.shift() ?? '';
      active++;
      void send(name).finally(() => {
        active--;
        pump();
      });
    }
  };
  pump();
}`,
    ],
    [
      'a counted loop that starts min(concurrency, n) workers over a shared index',
      `export async function mapLimit<T>(items: T[], fn: (item: T) => Promise<void>, concurrency: number) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  const workers: Promise<void>[] = [];
  for (let n = 0; n < Math.min(concurrency, items.length); n++) workers.push(worker());
  await Promise.all(workers);
}`,
    ],
  ])('%s', (_name, code) => {
    byDefault.expectValid(code);
    strict.expectValid(code);
  });

  it('in JavaScript: leaves the capped loop of the dirty-git fix, reports the same loop without the cap', () => {
    byDefault.expectValid({
      code: `const { execFile } = require('child_process');
const { findAll } = require('./find-files');
const MAX_RUNNING = 50;
module.exports = function dirtyRepos(root, done) {
  const dirty = [];
  findAll('**/.git', root, (err, names) => {
    if (err) return done(err);
    const waiting = names.filter((name) => !name.startsWith('.'));
    let running = 0;
    function next() {
      if (waiting.length === 0 && running === 0) return done(null, dirty);
      while (waiting.length > 0 && running < MAX_RUNNING) {
        const repo = waiting.shift();
        running += 1;
        execFile('git', ['status', '--porcelain'], { cwd: repo }, (statusErr, stdout) => {
          if (!statusErr && stdout.trim() !== '') dirty.push(repo);
          running -= 1;
          next();
        });
      }
    }
    next();
  });
};`,
      prelude: '',
      fileName: 'lib/dirty.js',
    });
    byDefault.expectInvalid({
      code: `const { execFile } = require('child_process');
const { findAll } = require('./find-files');
const MAX_RUNNING = 50;
module.exports = function dirtyRepos(root, done) {
  const dirty = [];
  findAll('**/.git', root, (err, names) => {
    if (err) return done(err);
    const waiting = names.filter((name) => !name.startsWith('.'));
    let running = 0;
    function next() {
      if (waiting.length === 0 && running === 0) return done(null, dirty);
      while (waiting.length > 0) {
        const repo = waiting.shift();
        running += 1;
        /*!*/execFile('git', ['status', '--porcelain'], { cwd: repo }, (statusErr, stdout) => {
          if (!statusErr && stdout.trim() !== '') dirty.push(repo);
          running -= 1;
          next();
        });
      }
    }
    next();
  });
};`,
      prelude: '',
      fileName: 'lib/dirty.js',
      messageId: 'unboundedLoop',
    });
  });

  it.each([
    [
      'a counted loop up to the input length that starts the work itself',
      `export async function sendAll(names: string[]) {
  const pending: Promise<void>[] = [];
  for (let n = 0; n < names.length; n++) pending.push(send(names[n] ?? ''));
  await /*!*/Promise.all(pending);
}`,
      'unbounded',
    ],
  ])('%s', (_name, code, messageId) => {
    byDefault.expectInvalid({ code, messageId });
  });
});

describe('unbounded-concurrency (default): a recursive clear that pushes tasks, not promises', () => {
  const store = `interface Doc { delete(): Promise<void>; listCollections(): Promise<Collection[]> }
interface Collection { listDocuments(): Promise<Doc[]> }
const inBatches = async <T>(tasks: (() => Promise<T>)[], size = 50) => {
  const results: T[] = [];
  while (tasks.length > 0) results.push(...(await Promise.all(tasks.splice(0, size).map((task) => task()))));
  return results;
};
`;
  it('reports promises of every document pushed before the batching helper sees them (node-firestore-import-export)', () => {
    byDefault.expectInvalid({
      code: `${store}const inFlight = async <T>(pending: Promise<T>[]) => Promise.all(pending);
export const clearCollections = async (doc: Doc): Promise<unknown> => {
  const pending: Promise<unknown>[] = [];
  (await doc.listCollections())./*!*/forEach((c) => pending.push(clearDocuments(c)));
  return inFlight(pending);
};
const clearDocuments = async (collection: Collection): Promise<unknown> => {
  const pending: Promise<unknown>[] = [];
  (await collection.listDocuments())./*!*/forEach((d) => {
    pending.push(clearCollections(d));
    pending.push(d.delete());
  });
  return inFlight(pending);
};`,
      messageId: 'unboundedIteration',
    });
  });

  it.each([
    ['an arrow per task', '() => clearDocuments(c)', '() => clearCollections(d)'],
    [
      'a function expression per task',
      'function () { return clearDocuments(c); }',
      'function () { return clearCollections(d); }',
    ],
  ])('leaves the fix, %s handed to the batching helper', (_name, first, second) => {
    byDefault.expectValid(`${store}export const clearCollections = async (doc: Doc): Promise<unknown> => {
  const tasks: (() => Promise<unknown>)[] = [];
  (await doc.listCollections()).forEach((c) => tasks.push(${first}));
  return inBatches(tasks);
};
const clearDocuments = async (collection: Collection): Promise<unknown> => {
  const tasks: (() => Promise<unknown>)[] = [];
  (await collection.listDocuments()).forEach((d) => {
    tasks.push(${second});
    tasks.push(() => d.delete());
  });
  return inBatches(tasks);
};`);
  });
});
