import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// unbounded-concurrency by default: how big the collection can get, by where its value comes from. Data-sized: an
// array filled from an asynchronous stream, what an `async` function of the program returns from its own I/O, a walk
// that collects a tree by calling itself, a field or a `let` assigned such a value, either branch of `?:`.
// Configuration-sized (left alone): a list of literals, and a parameter fed only literal lists (even when another
// function happens to declare a variable of the same name).

const header = `declare function send(to: string): Promise<void>;
declare const db: { query(sql: string): Promise<{ id: string }[]> };
declare const cache: { getOrSet<T>(key: string, load: () => Promise<T>): Promise<T> };
declare function entries(dir: string): AsyncIterable<{ name: string; dir: boolean }>;
declare function loadConfig(): Promise<{ targets: string[] }>;
`;

const byDefault = ruleTester('unbounded-concurrency', { prelude: header });

describe('unbounded-concurrency (default): data-sized collections', () => {
  it.each([
    [
      'an array filled in a for await loop',
      `export async function uploadAll(dir: string) {
  const names: string[] = [];
  for await (const entry of entries(dir)) names.push(entry.name);
  await /*!*/Promise.all(names.map((name) => send(name)));
}`,
    ],
    [
      'the result of an async function of the program that returns what it awaited (through a cache)',
      `async function subscribers(team: string) {
  return (await cache.getOrSet(team, () => db.query('select id from subscriber'))) ?? [];
}
export async function notify(team: string) {
  const list = await subscribers(team);
  await /*!*/Promise.all(list.map((s) => send(s.id)));
}`,
    ],
    [
      'the same through .then in JavaScript style (a let assigned later)',
      `async function rows() {
  const found = await db.query('select id from job');
  return found.filter((row) => row.id !== '');
}
export async function run() {
  let jobs;
  jobs = await rows();
  await /*!*/Promise.allSettled(jobs.map((job) => send(job.id)));
}`,
    ],
    [
      'a walk that collects a tree by calling itself',
      `async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const name of ['a', 'b']) files.push(...(await walk(dir + '/' + name)));
  return files;
}
export async function publish(root: string) {
  const files = await walk(root);
  await /*!*/Promise.all(files.map((file) => send(file)));
}`,
    ],
    [
      'a field assigned the rows of a query',
      `export class Mailer {
  private pending: { id: string }[] = [];
  async load() {
    this.pending = await db.query('select id from mail');
  }
  async flush() {
    await /*!*/Promise.all(this.pending.map((mail) => send(mail.id)));
  }
}`,
    ],
    [
      'either branch of a conditional',
      `export async function sync(all: boolean) {
  const rows = all ? await db.query('select id from item') : [];
  await /*!*/Promise.all(rows.map((row) => send(row.id)));
}`,
    ],
  ])('reports %s', (_name, code) => {
    byDefault.expectInvalid({ code, messageId: 'unbounded' });
  });

  it.each([
    [
      'the fixed code: a for await loop that awaits each upload',
      `export async function uploadAll(dir: string) {
  for await (const entry of entries(dir)) await send(entry.name);
}`,
    ],
    [
      'a parameter fed only literal lists, while another method declares a variable of the same name',
      `class Monitor {
  static async preload(monitorData: { id: string }[]) {
    return Promise.all(monitorData.map((m) => send(m.id)));
  }
  static async one(id: string) {
    const monitorData = [{ id }];
    return Monitor.preload(monitorData);
  }
}
export const preloadOne = (id: string) => Monitor.one(id);`,
    ],
  ])('leaves %s', (_name, code) => {
    byDefault.expectValid(code);
  });
});

describe('unbounded-concurrency (default): no names decide the size', () => {
  it('reports rows named like infrastructure (sessions, members, nodes)', () => {
    byDefault.expectInvalid({
      code: `export async function refresh() {
  const sessions = await db.query('select id from session');
  await /*!*/Promise.all(sessions.map((s) => send(s.id)));
}`,
      messageId: 'unbounded',
    });
  });

  it('reports a parameter fed the rows of a query, though another function declares the same name as a literal', () => {
    byDefault.expectInvalid({
      code: `class Monitor {
  static async preload(monitorData: { id: string }[]) {
    return /*!*/Promise.all(monitorData.map((m) => send(m.id)));
  }
  static async one(id: string) {
    const monitorData = [{ id }];
    return Monitor.preload(monitorData);
  }
  static async all() {
    const rows = await db.query('select id from monitor');
    return Monitor.preload(rows.map((row) => ({ id: row.id })));
  }
}
export const preloadAll = () => Monitor.all();`,
      messageId: 'unbounded',
    });
  });
});
