import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const tester = ruleTester('async-constructor', {
  prelude:
    'declare function connect(): Promise<void>;\ndeclare function load(): PromiseLike<string>;\ndeclare function now(): number;\n',
  suffix: '\nexport {};\n',
});

const startsAsyncWork = (call: string): string =>
  `This constructor starts async work (\`${call}\`) that callers cannot await: they get a half-initialized ` +
  'object and a rejection nobody handles. Use a static async `create()` factory, or `lazy(() => …)` from ' +
  '@awaitwise/core and await it where it is needed.';

describe('async-constructor: flagged', () => {
  it.each([
    [
      'promise stored on the instance',
      `class A {\n  ready: Promise<void>;\n  constructor() {\n    this.ready = this.connect();\n  }\n  async connect() {\n    await connect();\n  }\n}`,
      [4, 18, 'this.connect()'],
    ],
    [
      'floating async method call',
      `class A {\n  constructor() {\n    this.init();\n  }\n  async init() {\n    await connect();\n  }\n}`,
      [3, 5, 'this.init()'],
    ],
    [
      'then chain in the constructor',
      `class A {\n  value = '';\n  constructor() {\n    load().then((v) => { this.value = v; });\n  }\n}`,
      [4, 5, 'load()'],
    ],
    [
      'then/finally chain without a rejection handler',
      `class A {\n  constructor() {\n    connect().then(() => {}).finally(() => {});\n  }\n}`,
      [3, 5, 'connect()'],
    ],
    [
      'a method whose catch rethrows',
      `class A {\n  constructor() {\n    void this.fetchAuth();\n  }\n  async fetchAuth() {\n    try {\n      await load();\n    } catch (error) {\n      throw new Error('auth failed', { cause: error });\n    }\n  }\n}`,
      [3, 10, 'this.fetchAuth()'],
    ],
    ['void-ed call', `class A {\n  constructor() {\n    void connect();\n  }\n}`, [3, 10, 'connect()']],
    [
      'async IIFE',
      `class A {\n  constructor() {\n    (async () => { await connect(); })();\n  }\n}`,
      [3, 5, '(async () => { await connect(); })()'],
    ],
    [
      'call inside an if',
      `class A {\n  constructor(lazy: boolean) {\n    if (!lazy) this.start();\n  }\n  start(): Promise<void> { return connect(); }\n}`,
      [3, 16, 'this.start()'],
    ],
    [
      'stored in a local',
      `class A {\n  constructor() {\n    const pending = connect();\n    console.log(pending);\n  }\n}`,
      [3, 21, 'connect()'],
    ],
    [
      'promise property then-ed',
      `class A {\n  p = connect();\n  constructor() {\n    this.p.then(() => console.log('up'));\n  }\n}`,
      [4, 5, 'this.p.then()'],
    ],
    [
      'class expression constructor',
      `export const B = class {\n  constructor(private readonly url: string) {\n    this.open(url);\n  }\n  async open(_u: string) {\n    await connect();\n  }\n};`,
      [3, 5, 'this.open()'],
    ],
  ] as const)('%s', (_name, code, [line, column, call]) => {
    tester.expectInvalid({
      code,
      errors: [{ line, column, messageId: 'startsAsyncWork', message: startsAsyncWork(call), fixed: null }],
    });
  });
});

describe('async-constructor: clean', () => {
  it.each([
    [
      'static async create factory',
      `class A {\n  private constructor() {}\n  static async create() { const a = new A(); await connect(); return a; }\n}`,
    ],
    [
      'deferred promise (no work started)',
      `class A {\n  done: Promise<void>;\n  resolve!: () => void;\n  constructor() {\n    this.done = new Promise((r) => { this.resolve = r; });\n  }\n}`,
    ],
    [
      'deferred built by a private helper',
      `class A {\n  finished: Promise<void>;\n  #resolve?: () => void;\n  constructor() {\n    this.finished = this.#deferred();\n  }\n  #deferred() {\n    return new Promise<void>((resolve) => {\n      this.#resolve = resolve;\n    });\n  }\n}`,
    ],
    [
      'Promise.resolve wraps a value',
      `class A {\n  p: Promise<number>;\n  constructor() {\n    this.p = Promise.resolve(1);\n  }\n}`,
    ],
    [
      'async work inside a stored callback',
      `class A {\n  start: () => Promise<void>;\n  constructor() {\n    this.start = () => connect();\n  }\n}`,
    ],
    [
      'sync method call',
      `class A {\n  t = 0;\n  constructor() {\n    this.t = now();\n    this.reset();\n  }\n  reset() { this.t = 0; }\n}`,
    ],
    [
      'listener registration with async handler body',
      `import { EventEmitter } from 'node:events';\nclass A extends EventEmitter {\n  constructor() {\n    super();\n    this.on('x', () => { void connect(); });\n  }\n}`,
    ],
    [
      'promise passed to a method (handed on)',
      `class A {\n  constructor(track: (p: Promise<void>) => void) {\n    track(connect());\n  }\n}`,
    ],
    ['async work in a normal method', `class A {\n  async init() { await connect(); }\n}`],
    [
      'a function named then that is not a promise',
      `class A {\n  constructor(q: { then(): number }) {\n    q.then();\n  }\n}`,
    ],
    [
      'super() call',
      `class Base { constructor(_x: number) {} }\nclass A extends Base {\n  constructor() {\n    super(1);\n  }\n}`,
    ],
    [
      'setTimeout scheduling',
      `class A {\n  constructor() {\n    setTimeout(() => { void connect(); }, 10);\n  }\n}`,
    ],
  ] as const)('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('async-constructor: handled rejections', () => {
  const handledCases = [
    `class A {\n  constructor() {\n    connect().catch(() => {});\n  }\n}`,
    `class A {\n  ready: Promise<void>;\n  constructor() {\n    this.ready = connect();\n    this.ready.catch(() => {});\n  }\n}`,
    `class A {\n  constructor() {\n    void connect().then(() => {}, () => {});\n  }\n}`,
    // A store that loads itself and models the failure: the method catches every error it can throw.
    `class AuthStore {\n  error: unknown;\n  user = '';\n  constructor() {\n    void this.fetchAuth();\n  }\n  async fetchAuth() {\n    try {\n      this.user = await load();\n    } catch (error) {\n      this.error = error;\n    }\n  }\n}`,
  ];

  it.each(handledCases)('are left alone by default: %s', (code) => {
    tester.expectValid(code);
  });

  it.each(handledCases)('are reported with reportHandled: %s', (code) => {
    expect(tester.findings(code, { options: { reportHandled: true } })).toHaveLength(1);
  });

  it('rejects a non-boolean reportHandled', () => {
    expect(() => tester.findings('', { options: { reportHandled: 1 } })).toThrow(
      new TypeError('Expected `reportHandled` of rule `async-constructor` to be a boolean, got `1` (number)'),
    );
  });
});

// The method the constructor calls stores a promise on the instance that can reject and nothing handles (the shape of
// bee-queue's `connect()`: its own promise settles only through `this._ready`, and only a synchronous throw rejects it).
describe('async-constructor: a promise the called method stores and leaves unhandled', () => {
  const storesUnhandled = (call: string, field: string, at: string): string =>
    `This constructor starts async work (\`${call}\`) that stores \`${field}\` (${at}), a promise that can reject ` +
    'and that nothing handles: if it fails before a caller awaits it, the rejection is unhandled, and callers ' +
    'get a half-initialized object. Use a static async `create()` factory, or `lazy(() => …)` from ' +
    '@awaitwise/core and await it where it is needed.';

  it('names the stored promise when the executor only rejects on a synchronous throw (JavaScript, .then chain)', () => {
    tester.expectInvalid({
      fileName: 'queue.js',
      prelude: '',
      suffix: '',
      code: [
        "const { EventEmitter } = require('node:events');",
        '/** @returns {Promise<void>} */',
        'function openClient() { return Promise.reject(new Error("refused")); }',
        'class Queue extends EventEmitter {',
        '  constructor() {',
        '    super();',
        '    this.ready = false;',
        '    /*!*/this.connect();',
        '  }',
        '  connect() {',
        '    return new Promise((resolve, reject) => {',
        '      try {',
        '        this.ready = Promise.all([openClient(), openClient()]).then(() => {',
        '          resolve(true);',
        '        });',
        '      } catch (error) {',
        '        reject(error);',
        '      }',
        '    });',
        '  }',
        '}',
        'module.exports = Queue;',
      ].join('\n'),
      messageId: 'storesUnhandledWork',
      message: storesUnhandled('this.connect()', 'this.ready', 'queue.js:13'),
    });
  });

  it('reports it even when the constructor handles the call itself (TypeScript, async method)', () => {
    tester.expectInvalid({
      code: [
        'class Pool {',
        '  warm?: Promise<void>;',
        '  constructor() {',
        '    /*!*/this.start().catch(() => {});',
        '  }',
        '  async start() {',
        '    this.warm = connect();',
        '  }',
        '}',
      ].join('\n'),
      messageId: 'storesUnhandledWork',
      message: storesUnhandled('this.start()', 'this.warm', 'a.ts:10'),
    });
  });

  it.each([
    [
      'the method attaches a handler to the stored promise',
      'class Pool {\n  warm?: Promise<void>;\n  constructor() {\n    this.start().catch(() => {});\n  }\n  async start() {\n    this.warm = connect();\n    this.warm.catch(() => {});\n  }\n}',
    ],
    [
      'the constructor attaches a handler after the call',
      'class Pool {\n  warm?: Promise<void>;\n  constructor() {\n    this.start();\n    this.warm?.then(() => {}, () => {});\n  }\n  start() {\n    this.warm = connect();\n  }\n}',
    ],
    [
      'the method awaits the stored promise (its rejection is the call’s, handled here)',
      'class Pool {\n  warm?: Promise<void>;\n  constructor() {\n    this.start().catch(() => {});\n  }\n  async start() {\n    this.warm = connect();\n    await this.warm;\n  }\n}',
    ],
    [
      'the executor hands the stored promise to resolve',
      'class Pool {\n  warm?: Promise<void>;\n  constructor() {\n    this.start().catch(() => {});\n  }\n  start() {\n    return new Promise((resolve) => {\n      this.warm = connect();\n      resolve(this.warm);\n    });\n  }\n}',
    ],
    [
      'the stored promise cannot reject',
      'class Pool {\n  warm?: Promise<void>;\n  constructor() {\n    this.start();\n  }\n  start() {\n    this.warm = connect().catch(() => {});\n  }\n}',
    ],
    [
      'the promise is stored by a callback the method only registers',
      'class Pool {\n  warm?: Promise<void>;\n  constructor(emitter: { on(e: string, f: () => void): void }) {\n    this.listen(emitter);\n  }\n  listen(emitter: { on(e: string, f: () => void): void }) {\n    emitter.on("up", () => { this.warm = connect(); });\n  }\n}',
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});
