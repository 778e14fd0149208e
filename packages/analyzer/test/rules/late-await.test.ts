import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const prelude = `
declare function load(id?: number): Promise<number>;
declare function other(): Promise<string>;
declare const rows: AsyncIterable<number>;
declare function track(p: Promise<number>): void;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
`;

const tester = ruleTester('late-await', { prelude, suffix: '\nexport {};\n' });

describe('late-await: flagged', () => {
  it('a promise stored, another await, then the stored one awaited', () => {
    const { findings } = tester.flags(
      `export async function page() {\n  const /*!*/user = load(1);\n  const orders = await other();\n  return { user: await user, orders };\n}`,
      'lateAwait',
    );
    expect(findings[0]!.message).toContain('while the `await` on line 9 waits');
    expect(findings[0]!.message).toContain('`load()` is code the analyzer cannot see into');
  });

  it('an await in a loop in between', () => {
    tester.flags(
      `export async function a(ids: number[]) {\n  const /*!*/first = load(0);\n  for (const id of ids) await load(id);\n  return first;\n}`,
      'lateAwait',
    );
  });

  it('a for await in between', () => {
    tester.flags(
      `export async function b() {\n  const /*!*/total = load();\n  for await (const row of rows) console.log(row);\n  return await total;\n}`,
      'lateAwait',
    );
  });

  it('a for await over something else, then the stored promise used', () => {
    tester.flags(
      `declare function spawnProcess(): Promise<number> & { stdout: AsyncIterable<string> };\nexport async function t() {\n  const /*!*/child = spawnProcess();\n  for await (const row of rows) console.log(row);\n  return (await child) + child.stdout.toString().length;\n}`,
      'lateAwait',
    );
  });

  it('an await in a later branch of the same if, after the store', () => {
    tester.flags(
      `export async function r(flag: boolean) {\n  if (flag) {\n    const /*!*/p = load();\n    await other();\n    return await p;\n  }\n  return 0;\n}`,
      'lateAwait',
    );
  });

  it('an await inside an if in between', () => {
    tester.flags(
      `export async function c(flag: boolean) {\n  const /*!*/p = load();\n  if (flag) await other();\n  return await p;\n}`,
      'lateAwait',
    );
  });

  it('an assignment to a declared variable', () => {
    tester.flags(
      `export async function d() {\n  let p: Promise<number>;\n  /*!*/p = load();\n  await other();\n  return await p;\n}`,
      'lateAwait',
    );
  });

  it('Promise.all only after another await', () => {
    tester.flags(
      `export async function e() {\n  const /*!*/p = load();\n  const name = await other();\n  return Promise.all([p, name]);\n}`,
      'lateAwait',
    );
  });

  it('with strict: an event promise that rejects, while a write is awaited', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';\nexport async function f(socket: EventEmitter, write: () => Promise<void>) {\n  const /*!*/closed = new Promise<void>((resolve, reject) => { socket.once('close', resolve); socket.once('error', reject); });\n  await write();\n  await closed;\n}`,
      'lateAwait',
      { options: { strict: true } },
    );
  });

  it('a promise whose executor registers no listener', () => {
    tester.flags(
      `declare function request(done: (error: Error | null) => void): void;\nexport async function f() {\n  const /*!*/sent = new Promise<void>((resolve, reject) => request((error) => (error ? reject(error) : resolve())));\n  await other();\n  await sent;\n}`,
      'lateAwait',
    );
  });

  it('a once() that is not the one of node:events', () => {
    tester.flags(
      `declare const bus: { once(event: string): Promise<number> };\nexport async function f() {\n  const /*!*/ready = bus.once('ready');\n  await other();\n  await ready;\n}`,
      'lateAwait',
    );
  });

  it('a handler attached only after the other await', () => {
    tester.flags(
      `export async function g() {\n  const /*!*/p = load();\n  await other();\n  p.catch(() => undefined);\n}`,
      'lateAwait',
    );
  });

  it('in an async method and an async arrow', () => {
    tester.flags(
      `export class Page {\n  async render() {\n    const /*!*/data = load();\n    await other();\n    return data;\n  }\n}\nexport const h = async () => {\n  const /*!*/data = load();\n  await other();\n  return data;\n};`,
      'lateAwait',
    );
  });

  it('at the top level of a module', () => {
    tester.flags(
      `const /*!*/config = load();\nawait other();\nexport const value = await config;`,
      'lateAwait',
    );
  });

  it('an async function of the program that can reject', () => {
    const { findings } = tester.flags(
      `async function risky() { await other(); return 1; }\nexport async function i() {\n  const /*!*/p = risky();\n  await other();\n  return p;\n}`,
      'lateAwait',
    );
    expect(findings[0]!.message).toContain('`risky()` can reject at a.ts:');
  });

  it('with strict: a promise that cannot reject', () => {
    tester.flags(
      `export async function j() {\n  const /*!*/pause = sleep(10);\n  await other();\n  await pause;\n}`,
      'lateAwaitSafe',
      { options: { strict: true } },
    );
  });
});

describe('late-await: event waits mixed with other work', () => {
  it('reports Promise.all of an event wait and a call that can reject', () => {
    tester.expectInvalid({
      code: `import type { EventEmitter } from 'node:events';\ndeclare function waitOn(emitter: EventEmitter, event: string): Promise<unknown>;\nexport async function u(queue: EventEmitter, run: () => Promise<void>) {\n  const /*!*/both = Promise.all([waitOn(queue, 'done'), load()]);\n  await run();\n  await both;\n}`,
      messageId: 'lateAwait',
    });
  });

  it('leaves the same waits in untyped JavaScript, where neither the emitter nor the helper has a type', () => {
    tester.expectValid({
      fileName: 'src/queue-events.js',
      prelude: '',
      code: `const helpers = require('./helpers');\nasync function t(context, run) {\n  const queue = context.makeQueue();\n  const record = Promise.all([helpers.waitOn(queue, 'succeeded'), helpers.waitOn(queue, 'job succeeded')]);\n  await run();\n  await record;\n}\nmodule.exports = t;`,
    });
  });

  it('reports Promise.all of untyped calls that are not given an event name', () => {
    tester.expectInvalid({
      fileName: 'src/report.js',
      prelude: '',
      code: `const db = require('./db');\nasync function t(connection, sql, run) {\n  const /*!*/rows = Promise.all([db.query(connection, sql), db.query(connection, sql + ' limit 1')]);\n  await run();\n  return await rows;\n}\nmodule.exports = t;`,
      messageId: 'lateAwait',
    });
  });

  const recorder = `import type { EventEmitter } from 'node:events';\ndeclare function waitOn(emitter: EventEmitter, event: string): Promise<unknown>;\nasync function recordUntil(emitter: EventEmitter, events: string[], last: string) {\n  const seen: string[] = [];\n  const done = waitOn(emitter, last);\n  for (const event of events) emitter.on(event, () => seen.push(event));\n  await done;\n  return seen;\n}\n`;

  it('leaves waits for named events through a helper of the program that records them', () => {
    tester.expectValid(
      `${recorder}export async function v(queue: EventEmitter, run: () => Promise<void>) {\n  const record = Promise.all([recordUntil(queue, ['failed'], 'failed'), recordUntil(queue, ['job done'], 'job done')]);\n  await run();\n  await record;\n}`,
    );
  });

  it('reports a helper of the program that also waits for other work', () => {
    tester.expectInvalid({
      code: `${recorder.replace('  await done;', '  await load();\n  await done;').replace('const done', 'const /*!*/done')}export async function w(queue: EventEmitter, run: () => Promise<void>) {\n  const /*!*/record = recordUntil(queue, ['failed'], 'failed');\n  await run();\n  await record;\n}`,
      messageId: 'lateAwait',
    });
  });

  it('leaves the same waits in untyped CommonJS, where the emitter is a class of the program', () => {
    tester.expectValid({
      fileName: 'src/queue-events.js',
      prelude: '',
      code: `const { EventEmitter } = require('events');\nconst helpers = require('./helpers');\nclass Queue extends EventEmitter {}\nasync function t(run) {\n  const queue = new Queue();\n  const emits = Promise.all([helpers.waitOn(queue, 'failed'), helpers.waitOn(queue, 'retrying')]);\n  await run();\n  await emits;\n}\nmodule.exports = t;`,
    });
  });
});

describe('late-await: test files', () => {
  const code = (marker: string) =>
    `export async function startsThenStops(boss: { start(): Promise<void>; stop(): Promise<void> }) {\n  const starting = boss.start();\n  const ${marker}stopping = boss.stop();\n  await starting;\n  await stopping;\n}`;

  it('leaves a test alone by default: a rejection meanwhile fails the test either way', () => {
    tester.expectValid({ fileName: 'test/ops.test.ts', code: code('') });
  });

  it('reports the same test with strict, and the same code outside tests by default', () => {
    tester.expectInvalid({
      fileName: 'test/ops.test.ts',
      code: code('/*!*/'),
      options: { strict: true },
      messageId: 'lateAwait',
    });
    tester.expectInvalid({ fileName: 'src/ops.ts', code: code('/*!*/'), messageId: 'lateAwait' });
  });
});

describe('late-await: not flagged', () => {
  const clean: Record<string, string> = {
    'a handler attached before the other await': `export async function a() {\n  const p = load();\n  p.catch(() => undefined);\n  await other();\n  return await p;\n}`,
    'awaited together in Promise.all': `export async function b() {\n  const user = load(1);\n  const orders = other();\n  return await Promise.all([user, orders]);\n}`,
    'created after the other await': `export async function c() {\n  await other();\n  const p = load();\n  return await p;\n}`,
    'not a promise': `export async function d() {\n  const n = 1;\n  await other();\n  return n;\n}`,
    'handed to settle() from @awaitwise/core': `import { settle } from '@awaitwise/core';\nexport async function e() {\n  const p = load();\n  return await settle([p, other()]);\n}`,
    'handed to a function before the other await': `export async function f() {\n  const p = load();\n  track(p);\n  await other();\n  return await p;\n}`,
    'awaited before the other await': `export async function g() {\n  const p = load();\n  const value = await p;\n  await other();\n  return value;\n}`,
    'the await in between waits for a plain value': `export async function h() {\n  const p = load();\n  await 0;\n  return await p;\n}`,
    'a promise that cannot reject (sleep)': `export async function i() {\n  const pause = sleep(10);\n  await other();\n  await pause;\n}`,
    'caught where it is created': `export async function j() {\n  const p = load().catch(() => 0);\n  await other();\n  return await p;\n}`,
    'an await inside a nested function does not run in between': `export async function k() {\n  const p = load();\n  const later = async () => { await other(); };\n  await p;\n  return later;\n}`,
    'an event wait registered before its trigger (once of node:events)': `import { once, type EventEmitter } from 'node:events';\nexport async function m(child: EventEmitter, start: () => Promise<void>) {\n  const exited = once(child, 'exit');\n  await start();\n  await exited;\n}`,
    'an event wait through the events namespace': `import * as events from 'node:events';\nexport async function n(socket: events.EventEmitter, send: () => Promise<void>) {\n  const reply = events.once(socket, 'reply');\n  await send();\n  return await reply;\n}`,
    'a new Promise wrapping listeners registered before the trigger': `import type { EventEmitter } from 'node:events';\nexport async function o(socket: EventEmitter, write: () => Promise<void>) {\n  const closed = new Promise<void>((resolve, reject) => {\n    socket.once('close', () => resolve());\n    socket.once('error', reject);\n  });\n  await write();\n  await closed;\n}`,
    'an event wait of a DOM target': `export async function p(button: EventTarget, click: () => Promise<void>) {\n  const clicked = new Promise<Event>((resolve) => button.addEventListener('click', resolve, { once: true }));\n  await click();\n  return await clicked;\n}`,
    'an await in another branch of the if/else that stores the promise': `export async function q(file: boolean) {\n  let p: Promise<number> | undefined;\n  if (file) {\n    p = load(1);\n  } else if (!file) {\n    await other();\n    p = load(2);\n  }\n  return await p;\n}`,
    'a for await over the stored value itself: its iterable is read before any wait': `declare function spawnProcess(): Promise<number> & { stdout: AsyncIterable<string> };\nexport async function s() {\n  let out = '';\n  const child = spawnProcess();\n  for await (const chunk of child.stdout) out += chunk;\n  return out;\n}`,
    'Promise.all of waits for named events through a helper given the emitter (a test helper of any name)': `import type { EventEmitter } from 'node:events';\ndeclare function waitOn(emitter: EventEmitter, event: string): Promise<unknown>;\nexport async function t(queue: EventEmitter, run: () => Promise<void>) {\n  const emits = Promise.all([waitOn(queue, 'failed'), waitOn(queue, 'succeeded')]);\n  await run();\n  await emits;\n}`,
    'an await in the operand that uses the promise': `export async function l() {\n  const p = load();\n  return await Promise.race([p, other()]);\n}`,
  };
  for (const [name, code] of Object.entries(clean)) {
    it(name, () => {
      tester.expectValid(code);
    });
  }
});

describe('late-await: options', () => {
  it('rejects an unknown option', () => {
    expect(() => tester.run('', { options: { reportSafe: true } })).toThrow(
      new TypeError('Unknown option `reportSafe` of rule `late-await`; known options: `strict`.'),
    );
  });
});
