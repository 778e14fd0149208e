import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// unbounded-concurrency by default, the classes learnt from this session's fresh fixes: a collection that grows with a
// query result through grouping (an object or Map keyed per row, lodash's groupBy, a cursor's fetch()); the input of
// an exported function reached through several helpers; a child process per element of any list that is not a
// literal; and promises started by a map and collected elsewhere (returned by a helper, spread into push, awaited one
// by one). Each class in three spellings, with the fixed code beside it.

const header = `declare function send(to: string): Promise<void>;
declare function save(id: string, value: number): Promise<void>;
interface Vote { id: string; userId: string; postId: string; score: number }
declare const Votes: {
  find(selector: Record<string, unknown>): { fetch(): Promise<Vote[]> };
  findAll(options: { where?: Record<string, unknown>; limit?: number }): Promise<Vote[]>;
};
declare function groupBy<T>(items: readonly T[], key: (item: T) => string): Record<string, T[]>;
`;

const byDefault = ruleTester('unbounded-concurrency', { prelude: header });

describe('unbounded-concurrency (default): a collection keyed per row of a query', () => {
  it.each([
    [
      'an object keyed in a for-of over a cursor, then forEach(async) over its keys',
      `export async function recompute() {
  const votes = await Votes.find({ year: 2020 }).fetch();
  const byUser: Record<string, Vote[]> = {};
  for (const vote of votes) (byUser[vote.userId] ??= []).push(vote);
  Object.keys(byUser)./*!*/forEach(async (userId) => {
    await save(userId, byUser[userId]?.length ?? 0);
  });
}`,
      'unboundedIteration',
    ],
    [
      'groupBy of every row, then Promise.all over the entries',
      `export async function totals() {
  const rows = await Votes.findAll({ where: { open: true } });
  const byPost = groupBy(rows, (row) => row.postId);
  await /*!*/Promise.all(Object.entries(byPost).map(([postId, list]) => save(postId, list.length)));
}`,
      'unbounded',
    ],
    [
      'a Map filled in a forEach callback, its values spread into Promise.all',
      `export async function latest() {
  const rows = await Votes.findAll({});
  const newest = new Map<string, Vote>();
  rows.forEach((row) => newest.set(row.userId, row));
  await /*!*/Promise.all([...newest.values()].map((vote) => save(vote.id, vote.score)));
}`,
      'unbounded',
    ],
    [
      'a helper that groups (the object returned), and a loop over one group with ?? []',
      `function index(votes: Vote[]): Record<string, Vote[]> {
  const grouped: Record<string, Vote[]> = {};
  for (const vote of votes) {
    const list = grouped[vote.postId] ?? [];
    list.push(vote);
    grouped[vote.postId] = list;
  }
  return grouped;
}
export async function perPost(postId: string) {
  const grouped = index(await Votes.find({}).fetch());
  for (const vote of grouped[postId] ?? []) {
    /*!*/save(vote.id, vote.score).catch(() => undefined);
  }
}`,
      'unboundedLoop',
    ],
  ])('%s', (_name, code, messageId) => {
    byDefault.expectInvalid({ code, messageId });
  });

  it.each([
    [
      'the fixed code: a for-in that awaits each write',
      `export async function recompute() {
  const votes = await Votes.find({ year: 2020 }).fetch();
  const byUser: Record<string, Vote[]> = {};
  for (const vote of votes) (byUser[vote.userId] ??= []).push(vote);
  for (const userId in byUser) {
    await save(userId, byUser[userId]?.length ?? 0);
  }
}`,
    ],
    [
      'an object keyed over a literal list',
      `export async function seed() {
  const byName: Record<string, number> = {};
  for (const name of ['draft', 'open', 'closed']) byName[name] = name.length;
  await Promise.all(Object.keys(byName).map((name) => save(name, 0)));
}`,
    ],
    [
      'groupBy over a page of rows (a limit)',
      `export async function page() {
  const rows = await Votes.findAll({ where: { open: true }, limit: 20 });
  const byPost = groupBy(rows, (row) => row.postId);
  await Promise.all(Object.entries(byPost).map(([postId, list]) => save(postId, list.length)));
}`,
    ],
  ])('leaves %s', (_name, code) => {
    byDefault.expectValid(code);
  });
});

describe('unbounded-concurrency (default): the input of an exported function through several helpers', () => {
  const publish = (fanOut: string) => `interface Pkg { name: string; version: string; private?: boolean }
declare function published(names: string[]): Promise<Map<string, string[]>>;
declare function publishOne(pkg: Pkg): Promise<boolean>;
async function unpublished(packages: Pkg[]): Promise<Pkg[]> {
  const versions = await published(packages.map((p) => p.name));
  return packages.filter((p) => !(versions.get(p.name) ?? []).includes(p.version));
}
export default async function publishAll(options: { packages: Pkg[] }) {
  const candidates = options.packages.filter((p) => !p.private);
  const pending = await unpublished(candidates);
${fanOut}
}`;

  it('reports promises pushed in a loop over what the helper kept', () => {
    byDefault.expectInvalid({
      code: publish(
        `  const running: Promise<boolean>[] = [];\n  for (const pkg of pending) running.push(publishOne(pkg));\n  return /*!*/Promise.all(running);`,
      ),
      messageId: 'unbounded',
    });
  });

  it('leaves the same through a limiter', () => {
    byDefault.expectValid({
      code: `import pLimit from 'p-limit';\nconst limit = pLimit(10);\n${publish('  return Promise.all(pending.map((pkg) => limit(() => publishOne(pkg))));')}`,
    });
  });
});

describe('unbounded-concurrency (default): a child process per element', () => {
  it.each([
    [
      'forEach over a task field, exec through require (CommonJS)',
      `'use strict';
module.exports = function register(task) {
  task.run = function () {
    this.files./*!*/forEach(function (file) {
      const exec = require('child_process').exec;
      exec('msgfmt -o ' + file.dest + ' ' + file.src);
    });
  };
};`,
      'unboundedIteration',
      'tasks/compile.js',
    ],
    [
      'Promise.all over a field, execFile promisified per element',
      `import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
const run = promisify(execFile);
export class Builder {
  private readonly entries: string[] = [];
  add(entry: string) {
    this.entries.push(entry);
  }
  async buildAll() {
    await /*!*/Promise.all(this.entries.map((entry) => run('esbuild', [entry])));
  }
}`,
      'unbounded',
      'src/builder.ts',
    ],
    [
      'a for-of that spawns without waiting',
      `import { spawn } from 'node:child_process';
export function convertAll(config: { inputs: string[] }) {
  for (const input of config.inputs) {
    /*!*/spawn('ffmpeg', ['-i', input, input + '.mp3']).on('error', () => undefined);
  }
}`,
      'unboundedLoop',
      'src/convert.ts',
    ],
  ])('%s', (_name, code, messageId, fileName) => {
    byDefault.expectInvalid({ code, messageId, fileName, prelude: '' });
  });

  it.each([
    [
      'the fixed code: a synchronous exec per file',
      `'use strict';
const execSync = require('child_process').execSync;
module.exports = function register(task) {
  task.run = function () {
    this.files.forEach(function (file) {
      execSync('msgfmt -o ' + file.dest + ' ' + file.src);
    });
  };
};`,
      'tasks/compile.js',
    ],
    [
      'a literal list of commands',
      `import { exec } from 'node:child_process';
export function warm() {
  ['git fetch', 'git status'].forEach((command) => {
    exec(command);
  });
}`,
      'src/warm.ts',
    ],
    [
      'a loop that awaits each process',
      `import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
const run = promisify(execFile);
export async function convertAll(config: { inputs: string[] }) {
  for (const input of config.inputs) await run('ffmpeg', ['-i', input]);
}`,
      'src/convert.ts',
    ],
  ])('leaves %s', (_name, code, fileName) => {
    byDefault.expectValid({ code, fileName, prelude: '' });
  });
});

describe('unbounded-concurrency (default): promises a map started, collected elsewhere', () => {
  it.each([
    [
      'a helper returns the map, Promise.all takes its call',
      `function startAll(emails: string[]) {
  return emails.map((to) => send(to));
}
export async function invite(emails: string[]) {
  await /*!*/Promise.all(startAll(emails));
}`,
      'unbounded',
    ],
    [
      'the map spread into push',
      `export async function invite(emails: string[], admins: string[]) {
  const pending: Promise<void>[] = [];
  pending.push(...emails.map((to) => send(to)));
  pending.push(...admins.map((to) => send(to)));
  await /*!*/Promise.all(pending);
}`,
      'unbounded',
    ],
    [
      'the mapped promises awaited one by one',
      `export async function invite(emails: string[]) {
  const pending = emails.map((to) => send(to));
  for (const sending of /*!*/pending) await sending;
}`,
      'unboundedIteration',
    ],
    [
      'for await over the map',
      `export async function invite(emails: string[]) {
  for await (const _ of /*!*/emails.map((to) => send(to))) void _;
}`,
      'unboundedIteration',
    ],
  ])('%s', (_name, code, messageId) => {
    byDefault.expectInvalid({ code, messageId });
  });

  it.each([
    [
      'the fixed code: each send started inside the loop',
      `export async function invite(emails: string[]) {
  for (const to of emails) await send(to);
}`,
    ],
    [
      'a loop that awaits over a synchronous map',
      `export async function invite(emails: string[]) {
  const lower = emails.map((to) => to.toLowerCase());
  for (const to of lower) await send(to);
}`,
    ],
    [
      'a helper that returns a literal pair',
      `function both(a: string, b: string) {
  return [send(a), send(b)];
}
export async function invite(a: string, b: string) {
  await Promise.all(both(a, b));
}`,
    ],
  ])('leaves %s', (_name, code) => {
    byDefault.expectValid(code);
  });
});
