import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// How often plain code runs, told by who runs it (a caller that runs per call, a maker that hands a function back), and
// what the code itself says about the listeners it pairs, wraps or leaves on pooled objects. Each shape in two
// spellings, with its fixed code.
const tester = ruleTester('listener-leak', { prelude: '', suffix: '\n' });

describe('listener-leak: a plain function that runs as often as its callers', () => {
  it('flags a helper an async handler calls for each request (TypeScript)', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
const changes = new EventEmitter();
function follow(id: string, notify: (id: string) => void): void {
  changes./*!*/on('change', () => notify(id));
}
export async function handleRequest(id: string): Promise<void> {
  follow(id, console.log);
  await Promise.resolve();
}`,
      'leak',
    );
  });
  it('flags a helper called on every pass of a loop (CommonJS)', () => {
    tester.flags(
      `const { EventEmitter } = require('events');
const feed = new EventEmitter();
function track(item, sink) {
  feed./*!*/on('tick', () => sink.push(item));
}
function trackAll(items, sink) {
  for (const item of items) track(item, sink);
}
module.exports = { trackAll };`,
      'leak',
      { fileName: 'track.js' },
    );
  });
  it('clean: the helper runs once, from module-level setup', () => {
    tester.expectValid(`import { EventEmitter } from 'node:events';
const changes = new EventEmitter();
function follow(id: string): void {
  changes.on('change', () => console.log(id));
}
follow('root');`);
  });
  it('clean: the helper is guarded to add its listeners once (npm-check-updates registerCliHandlers), TS and JS', () => {
    tester.expectValid(`let handlersRegistered = false;
let failed = false;
function registerHandlers(): void {
  if (handlersRegistered) return;
  handlersRegistered = true;
  process.on('unhandledRejection', () => {
    failed = true;
  });
  process.on('exit', () => {
    if (failed) process.exitCode = 1;
  });
}
export async function run(args: string[]): Promise<void> {
  registerHandlers();
  await Promise.resolve(args);
}`);
    tester.expectValid({
      code: `let listening = false;
function listen(stop) {
  if (listening || process.env.QUIET) return;
  listening = true;
  process.on('SIGINT', () => stop());
}
async function run(task, stop) {
  listen(stop);
  await task();
}
module.exports = { run };`,
      fileName: 'cli.js',
    });
  });
  it('clean: the helper hands back its removal and the handler takes it off', () => {
    tester.expectValid(`import { EventEmitter } from 'node:events';
const changes = new EventEmitter();
function follow(id: string, notify: (id: string) => void): () => void {
  const listener = () => notify(id);
  changes.on('change', listener);
  return () => changes.off('change', listener);
}
export async function handleRequest(id: string): Promise<void> {
  const stop = follow(id, console.log);
  try {
    await Promise.resolve();
  } finally {
    stop();
  }
}`);
  });
});

describe('listener-leak: a function made and handed back per call (a thunk, a middleware)', () => {
  it('flags a redux-style thunk that listens on a module-level channel (JavaScript, ESM)', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
const channel = new EventEmitter();
export function startBackend(options) {
  return (dispatch) => {
    channel./*!*/on('log', (lines) => dispatch({ type: 'LOG', lines }));
    channel.emit('start', options);
  };
}`,
      'leak',
      { fileName: 'actions.js' },
    );
  });
  it('flags a middleware a factory makes, adding to process per request (TypeScript, arrow body)', () => {
    tester.flags(
      `import type { IncomingMessage, ServerResponse } from 'node:http';
export const audit = (label: string) => (req: IncomingMessage, res: ServerResponse): void => {
  process./*!*/on('beforeExit', () => console.log(label, req.url));
  res.end();
};`,
      'leak',
    );
  });
  it('clean: the thunk takes its listener off when the reply comes', () => {
    tester.expectValid({
      code: `import { EventEmitter } from 'node:events';
const channel = new EventEmitter();
export function startBackend(options) {
  return (dispatch) => {
    const onLog = (lines) => dispatch({ type: 'LOG', lines });
    channel.on('log', onLog);
    channel.once('stopped', () => channel.off('log', onLog));
    channel.emit('start', options);
  };
}`,
      fileName: 'actions.js',
    });
  });
  it('clean: the maker runs once, at module level', () => {
    tester.expectValid(`import { EventEmitter } from 'node:events';
const channel = new EventEmitter();
function makeLogger(prefix: string) {
  return () => {
    channel.on('log', (line: string) => console.log(prefix, line));
  };
}
const install = makeLogger('app');
export { install };`);
  });
});

describe('listener-leak: two `once` listeners for two outcomes, one taking the other off', () => {
  it('flags the success listener left when the failure comes (TypeScript, module emitter)', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
export const channel = new EventEmitter();
export function requestStart(done: (ok: boolean) => void): void {
  channel.once('start-failed', () => done(false));
  channel./*!*/once('started', () => {
    channel.removeAllListeners('start-failed');
    done(true);
  });
  channel.emit('start');
}`,
      'pair',
    );
  });
  it('flags it on a field, removed by reference (JavaScript class)', () => {
    tester.flags(
      `export class Launcher {
  constructor(bus) {
    this.bus = bus;
  }
  launch(done) {
    const onFailed = (reason) => done(reason);
    this.bus.once('failed', onFailed);
    this.bus./*!*/once('ready', () => {
      this.bus.removeListener('failed', onFailed);
      done(null);
    });
  }
}`,
      'pair',
      { fileName: 'launcher.js' },
    );
  });
  it('clean: each outcome takes both off (through a helper with no arguments)', () => {
    tester.expectValid(`import { EventEmitter } from 'node:events';
export const channel = new EventEmitter();
function dropReplies(): void {
  channel.removeAllListeners('start-failed');
  channel.removeAllListeners('started');
}
export function requestStart(done: (ok: boolean) => void): void {
  channel.once('start-failed', () => {
    dropReplies();
    done(false);
  });
  channel.once('started', () => {
    dropReplies();
    done(true);
  });
  channel.emit('start');
}`);
  });
});

describe('listener-leak: a process listener holding what a factory hands back', () => {
  it('flags an exit listener per sink, holding the stream the returned writer uses (CommonJS)', () => {
    tester.flags(
      `const fs = require('fs');
function createSink(file) {
  const out = fs.createWriteStream(file, { flags: 'a' });
  process./*!*/on('exit', function () {
    out.end();
  });
  return function write(line) {
    out.write(line + '\\n');
  };
}
module.exports = { createSink };`,
      'held',
      { fileName: 'sink.js' },
    );
  });
  it('flags it when the factory returns an object holding the stream (TypeScript)', () => {
    tester.flags(
      `import { createWriteStream } from 'node:fs';
export function openJournal(path: string) {
  const stream = createWriteStream(path);
  process./*!*/once('SIGTERM', () => stream.end());
  return { append: (entry: string) => stream.write(entry) };
}`,
      'held',
    );
  });
  it('clean: one exit listener for every sink, added once', () => {
    tester.expectValid({
      code: `const fs = require('fs');
const open = [];
let hooked = false;
function createSink(file) {
  const out = fs.createWriteStream(file, { flags: 'a' });
  open.push(out);
  if (!hooked) {
    hooked = true;
    process.on('exit', function () {
      open.forEach((stream) => stream.end());
    });
  }
  return function write(line) {
    out.write(line + '\\n');
  };
}
module.exports = { createSink };`,
      fileName: 'sink.js',
    });
  });
});

describe('listener-leak: a wait written as a Promise executor, re-run by its function’s retry', () => {
  it('flags the ready wait a reconnect adds again to the instance (TypeScript)', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
export class Receiver extends EventEmitter {
  private socket?: Socket;
  async connect(): Promise<void> {
    this.socket = new Socket();
    this.socket.on('close', () => this.scheduleRetry());
    this.socket.connect(5228, 'push.example.com');
    await new Promise<void>((resolve) => this./*!*/once('ready', resolve));
  }
  private scheduleRetry(): void {
    setTimeout(() => void this.connect(), 1000);
  }
}`,
      'repeated',
    );
  });
  it('flags it on prototype methods (JavaScript)', () => {
    tester.flags(
      `const { EventEmitter } = require('events');
const net = require('net');
function Receiver() {
  EventEmitter.call(this);
}
Receiver.prototype = Object.create(EventEmitter.prototype);
Receiver.prototype.connect = function () {
  const self = this;
  self.socket = net.connect(5228, 'push.example.com');
  self.socket.on('close', function () {
    self.connect();
  });
  return new Promise(function (resolve) {
    self./*!*/once('ready', resolve);
  });
};
module.exports = Receiver;`,
      'repeated',
      { fileName: 'receiver.js' },
    );
  });
  it('clean: the wait takes its listener off when the attempt closes first', () => {
    tester.expectValid(`import { EventEmitter } from 'node:events';
import { Socket } from 'node:net';
export class Receiver extends EventEmitter {
  private socket?: Socket;
  async connect(): Promise<void> {
    const socket = new Socket();
    this.socket = socket;
    socket.connect(5228, 'push.example.com');
    await new Promise<void>((resolve, reject) => {
      const onClose = () => {
        this.off('ready', onReady);
        reject(new Error('closed'));
        this.scheduleRetry();
      };
      const onReady = () => {
        socket.off('close', onClose);
        resolve();
      };
      this.once('ready', onReady);
      socket.once('close', onClose);
    });
  }
  private scheduleRetry(): void {
    setTimeout(() => void this.connect(), 1000);
  }
}`);
  });
});

describe('listener-leak: the callback handed in removed instead of the wrapper added for it', () => {
  it('flags a subscription whose unsubscribe passes the callback (TypeScript)', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
export class Hub {
  private readonly events = new EventEmitter();
  subscribe(topic: string, handler: (message: string) => void): () => void {
    const listener = (message: string) => handler(\`\${topic}: \${message}\`);
    this.events./*!*/on(topic, listener);
    return () => this.events.off(topic, handler);
  }
}`,
      'mismatch',
    );
  });
  it('flags on/off methods of a bridge, each with its own parameter (JavaScript)', () => {
    tester.flags(
      `const { EventEmitter } = require('events');
const channel = new EventEmitter();
module.exports = {
  on(name, callback) {
    channel./*!*/on(name, (event, ...args) => callback(...args));
  },
  off(name, callback) {
    channel.removeListener(name, callback);
  },
};`,
      'mismatch',
      { fileName: 'bridge.js' },
    );
  });
  it('clean: the wrapper is kept and taken off', () => {
    tester.expectValid(`import { EventEmitter } from 'node:events';
export class Hub {
  private readonly events = new EventEmitter();
  private readonly wrappers = new Map<(message: string) => void, (message: string) => void>();
  subscribe(topic: string, handler: (message: string) => void): () => void {
    const listener = (message: string) => handler(\`\${topic}: \${message}\`);
    this.wrappers.set(handler, listener);
    this.events.on(topic, listener);
    return () => this.events.off(topic, listener);
  }
}`);
  });
});

describe('listener-leak: a listener on an object a collection keeps (a pool, a registry)', () => {
  it('flags the error listener a failed query leaves on a pooled connection (TypeScript)', () => {
    tester.flags(
      `import type { EventEmitter } from 'node:events';
interface Connection extends EventEmitter {
  query(sql: string): Promise<unknown>;
}
export class Pool {
  private readonly idle: Connection[] = [];
  async run(sql: string): Promise<unknown> {
    const connection = this.idle.pop()!;
    const onError = (err: Error) => console.error('connection error', err);
    connection./*!*/on('error', onError);
    const result = await connection.query(sql);
    connection.off('error', onError);
    this.idle.push(connection);
    return result;
  }
}`,
      'thrown',
    );
  });
  it('flags a peer looked up in a module-level registry, per call (JavaScript)', () => {
    tester.flags(
      `const peers = new Map();
async function send(id, payload) {
  const peer = peers.get(id);
  peer./*!*/on('ack', () => console.log('ack', id));
  await peer.write(payload);
}
module.exports = { send, peers };`,
      'leak',
      { fileName: 'peers.js' },
    );
  });
  it('clean: the listener is taken off in `finally`', () => {
    tester.expectValid(`import type { EventEmitter } from 'node:events';
interface Connection extends EventEmitter {
  query(sql: string): Promise<unknown>;
}
export class Pool {
  private readonly idle: Connection[] = [];
  async run(sql: string): Promise<unknown> {
    const connection = this.idle.pop()!;
    const onError = (err: Error) => console.error('connection error', err);
    connection.on('error', onError);
    try {
      return await connection.query(sql);
    } finally {
      connection.off('error', onError);
      this.idle.push(connection);
    }
  }
}`);
  });
  it('clean: an element taken out of the queue for good (nothing puts it back)', () => {
    tester.expectValid(`import type { EventEmitter } from 'node:events';
interface Job extends EventEmitter {
  run(): Promise<void>;
}
export class Runner {
  private readonly queue: Job[] = [];
  async next(): Promise<void> {
    const job = this.queue.shift();
    if (job === undefined) return;
    job.on('progress', (n: number) => console.log(n));
    await job.run();
  }
}`);
  });
});

describe('listener-leak: an abort listener per call on a signal that outlives the call', () => {
  it("flags a request's `once` listener on the client's own controller (TypeScript)", () => {
    tester.flags(
      `export class ApiClient {
  private readonly controller = new AbortController();
  async get(path: string): Promise<unknown> {
    const request = new AbortController();
    this.controller.signal./*!*/addEventListener('abort', () => request.abort(), { once: true });
    const response = await fetch(path, { signal: request.signal });
    return response.json();
  }
  close(): void {
    this.controller.abort();
  }
}`,
      'keptSignal',
    );
  });
  it('flags it in JavaScript, with the controller made in the constructor and the work chained with `.then()`', () => {
    tester.flags(
      `class Poller {
  constructor() {
    this.stopper = new AbortController();
  }
  poll(url) {
    const attempt = new AbortController();
    this.stopper.signal./*!*/addEventListener('abort', () => attempt.abort());
    return fetch(url, { signal: attempt.signal }).then((response) => response.json());
  }
}
module.exports = { Poller };`,
      'keptSignal',
      { fileName: 'poller.js' },
    );
  });
  it('clean: the request takes its listener off when it settles', () => {
    tester.expectValid(`export class ApiClient {
  private readonly controller = new AbortController();
  async get(path: string): Promise<unknown> {
    const request = new AbortController();
    const forward = () => request.abort();
    this.controller.signal.addEventListener('abort', forward, { once: true });
    try {
      const response = await fetch(path, { signal: request.signal });
      return await response.json();
    } finally {
      this.controller.signal.removeEventListener('abort', forward);
    }
  }
}`);
  });
  it('clean: a listener that holds nothing of the call (set up once per instance)', () => {
    tester.expectValid(`export class Service {
  private readonly controller = new AbortController();
  async start(): Promise<void> {
    this.controller.signal.addEventListener('abort', () => this.stop(), { once: true });
    await Promise.resolve();
  }
  stop(): void {}
}`);
  });
});

describe('listener-leak: an exported entry point that installs on a process-wide emitter', () => {
  it.each([
    [
      'CommonJS: a helper an exported async installer calls, on a package singleton (hackathon-starter)',
      `const nock = require('nock');\nfunction logMissing(seen) {\n  nock.emitter.on('no match', (request) => seen.add(request.path));\n}\nasync function installReplay({ mode } = {}) {\n  if (!mode) return;\n  logMissing(new Set());\n  await new Promise((resolve) => setImmediate(resolve));\n}\nmodule.exports = { installReplay };`,
      { fileName: 'fixtures.js', prelude: '' },
    ],
    [
      'TypeScript: the exported installer itself, on a package singleton',
      `import mongoose from 'mongoose';\nexport async function connectDatabase(url: string) {\n  mongoose.connection.on('error', (error: Error) => console.error(url, error));\n  await mongoose.connect(url);\n}`,
      { prelude: '' },
    ],
  ])('leaves %s', (_name, code, options) => {
    tester.expectValid({ code, ...options });
  });

  it.each([
    [
      'CommonJS: the installer is also called per request in its own file',
      `const nock = require('nock');\nfunction logMissing(seen) {\n  nock.emitter./*!*/on('no match', (request) => seen.add(request.path));\n}\nasync function installReplay() {\n  logMissing(new Set());\n}\nasync function handle(request) {\n  await installReplay();\n  return request;\n}\nmodule.exports = { installReplay, handle };`,
      { fileName: 'fixtures.js', prelude: '' },
    ],
    [
      "TypeScript: an emitter of the program's own module, not a package's",
      `import { bus } from './bus';\nfunction watch(seen: Set<string>) {\n  bus./*!*/on('message', (text: string) => seen.add(text));\n}\nexport async function subscribe() {\n  watch(new Set());\n}`,
      {
        prelude: '',
        files: {
          'bus.ts': `import { EventEmitter } from 'node:events';\nexport const bus = new EventEmitter();\n`,
        },
      },
    ],
  ])('still flags %s', (_name, code, options) => {
    tester.flags(code, 'leak', options);
  });
});
