import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const header = `import { EventEmitter, once } from 'node:events';
import * as events from 'node:events';
export const bus = new EventEmitter();
declare const ws: WebSocket;
declare function work(): Promise<number>;
`;
const tester = ruleTester('listener-leak', { prelude: header, suffix: '\n' });

describe('listener-leak: flagged', () => {
  it.each([
    [
      'module emitter in an executor',
      `function ready() {\n  return new Promise((resolve) => {\n    bus.on('ready', resolve);\n  });\n}`,
      [3, 9],
    ],
    ['arrow-bodied executor', `const next = () => new Promise((r) => bus.on('data', r));`, [1, 43]],
    [
      'process listener in an async function',
      `async function handle() {\n  process.on('SIGTERM', () => console.log('bye'));\n  await work();\n}`,
      [2, 11],
    ],
    [
      'module emitter, two listeners in an executor',
      `function waitClose() {\n  return new Promise<void>((resolve, reject) => {\n    bus.on('close', () => resolve());\n    bus.on('error', reject);\n  });\n}`,
      [3, 9],
      [4, 9],
    ],
    [
      'addEventListener on window in an async function',
      `async function refresh() {\n  window.addEventListener('resize', () => {});\n}`,
      [2, 10],
    ],
    [
      'addEventListener with capture flag only',
      `async function refresh() {\n  document.addEventListener('click', onClick, true);\n}\nfunction onClick() {}`,
      [2, 12],
    ],
    [
      'injected emitter in an async method',
      `class C {\n  constructor(private readonly emitter: EventEmitter) {}\n  async get() {\n    this.emitter.on('x', () => {});\n    return work();\n  }\n}`,
      [4, 18],
    ],
    [
      'listener added inside another listener',
      `bus.on('request', () => {\n  process.on('exit', () => {});\n});`,
      [2, 11],
    ],
    [
      'addListener on an imported-level socket',
      `async function send() {\n  ws.addEventListener('message', (m) => console.log(m));\n}`,
      [2, 6],
    ],
    [
      'prependListener',
      `function f() {\n  return new Promise((r) => { bus.prependListener('x', r); });\n}`,
      [2, 35],
    ],
    [
      'constructor listening on process, the class made per call',
      `class Worker {\n  constructor() {\n    process.on('exit', () => this.stop());\n  }\n  stop() {}\n}\nexport function spawnWorker() {\n  return new Worker();\n}`,
      [3, 13],
    ],
    [
      'an async IIFE inside a per-call async function',
      `export async function handle() {\n  await (async () => {\n    process.on('warning', () => {});\n  })();\n}`,
      [3, 13],
    ],
    [
      'alias of a long-lived emitter',
      `async function f() {\n  const e = bus;\n  e.on('x', () => {});\n}`,
      [3, 5],
    ],
  ] as const)('%s', (_name, code, ...expected: (readonly [number, number])[]) => {
    tester.expectInvalid({ code, errors: expected.map(([line, column]) => ({ line, column })) });
  });

  it('says where and on what', () => {
    expect(tester.findings(`async function f() {\n  bus.on('x', () => {});\n}`)[0]?.message).toBe(
      'This `.on` adds a listener to `bus` on every call (inside an async function) and nothing removes it: the ' +
        'listeners pile up with their closures. Remove it on every path (`off` in `finally`), pass `{ signal }`, or ' +
        'use `waitFor(target, event, { signal })` / `on(target, event)` from @awaitwise/core.',
    );
  });
});

describe('listener-leak: clean', () => {
  it.each([
    ['module-level setup', `bus.on('x', () => {});\nprocess.on('exit', () => {});`],
    [
      'a module-level async IIFE (startup code runs once)',
      `(async () => {\n  await work();\n  bus.on('connection', async () => {\n    await work();\n  });\n})();`,
    ],
    [
      'a constructor listening on window, the class made once (a store)',
      `export class AuthStore {\n  constructor() {\n    window.addEventListener('storage', () => this.sync());\n  }\n  sync() {}\n}\nexport const auth = new AuthStore();`,
    ],
    [
      'a constructor listening on process, no instances in the file',
      `export class UiStore {\n  constructor() {\n    process.on('SIGTERM', () => this.save());\n  }\n  save() {}\n}`,
    ],
    [
      'constructor registering on its own emitter',
      `class C extends EventEmitter {\n  constructor() {\n    super();\n    this.on('error', () => {});\n  }\n}`,
    ],
    [
      'removed in finally',
      `async function f() {\n  const onX = () => {};\n  bus.on('x', onX);\n  try {\n    await work();\n  } finally {\n    bus.off('x', onX);\n  }\n}`,
    ],
    [
      'removed on every settle in the executor',
      `function f() {\n  return new Promise<void>((resolve, reject) => {\n    const cleanup = () => {\n      bus.removeListener('error', onError);\n      bus.removeListener('done', onDone);\n    };\n    const onDone = () => { cleanup(); resolve(); };\n    const onError = (e: Error) => { cleanup(); reject(e); };\n    bus.on('error', onError);\n    bus.once('done', onDone);\n  });\n}`,
    ],
    ['once', `function f() {\n  return new Promise((r) => bus.once('ready', r));\n}`],
    ['events.once', `async function f() {\n  await once(bus, 'ready');\n}`],
    [
      'events.on namespace helper',
      `async function f() {\n  for await (const x of events.on(bus, 'data')) console.log(x);\n}`,
    ],
    [
      '{ once: true }',
      `async function f() {\n  window.addEventListener('load', () => {}, { once: true });\n}`,
    ],
    [
      '{ signal }',
      `async function f(signal: AbortSignal) {\n  window.addEventListener('resize', () => {}, { signal });\n}`,
    ],
    [
      'emitter created in the call',
      `async function f() {\n  const e = new EventEmitter();\n  e.on('x', () => {});\n  await work();\n}`,
    ],
    [
      'callback argument (per-connection socket)',
      `bus.on('connection', (socket: EventEmitter) => {\n  socket.on('data', () => {});\n});`,
    ],
    ['sync setup function', `function setup() {\n  process.on('SIGINT', () => {});\n}`],
    [
      'unsubscribe function kept',
      `declare const store: { on(e: string, f: () => void): () => void };\nasync function f() {\n  const off = store.on('x', () => {});\n  await work();\n  off();\n}`,
    ],
    [
      'removeAllListeners on the same target, in finally',
      `async function f() {\n  bus.on('x', () => {});\n  try {\n    await work();\n  } finally {\n    bus.removeAllListeners('x');\n  }\n}`,
    ],
    [
      'this.handler removed in another method',
      `class C {\n  onX = () => {};\n  async start() { bus.on('x', this.onX); }\n  stop() { bus.off('x', this.onX); }\n}`,
    ],
    [
      'emitter owned by the instance (field initializer)',
      `class C {\n  emitter = new EventEmitter();\n  async get() {\n    this.emitter.on('x', () => {});\n    return work();\n  }\n}`,
    ],
    [
      'signal of a controller the instance creates',
      `class X {\n  #ac: AbortController | null = null;\n  open() { this.#ac = new AbortController(); }\n  async send() {\n    this.#ac?.signal.addEventListener('abort', () => {});\n  }\n}`,
    ],
    [
      'async setup function that only module-level code calls (runs once)',
      `async function listen() {\n  process.on('SIGTERM', () => {});\n  await work();\n}\nvoid listen();`,
    ],
    [
      'parameter stream consumed once',
      `function consume(stream: EventEmitter) {\n  return new Promise((resolve, reject) => {\n    stream.on('end', resolve).on('error', reject);\n  });\n}`,
    ],
    [
      'the object registering on itself',
      `class Body extends EventEmitter {\n  dump() {\n    return new Promise((r) => this.on('close', r));\n  }\n}`,
    ],
    [
      'emitter created earlier in the call and stored on this',
      `class M {\n  child?: EventEmitter;\n  async spawn() {\n    this.child = new EventEmitter();\n    this.child.on('error', () => {});\n  }\n}`,
    ],
    [
      '@awaitwise/core waitFor',
      `import { waitFor } from '@awaitwise/core';\nasync function f() {\n  await waitFor(bus, 'ready');\n}`,
    ],
  ] as const)('%s', (_name, code) => {
    tester.expectValid(code);
  });
});
