import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Listener leaks found by following how long the emitter lives and how often the code adding to it runs, each class
// in several spellings, with the fixed code beside it.
const tester = ruleTester('listener-leak', { suffix: '\n' });

describe('listener-leak: a listener re-added on every tick of a retry timer or every re-run of a reconnect', () => {
  it('flags the listener `socket.connect(port, host, listener)` adds on each retry of the same socket', () => {
    tester.flags(
      `import { Socket } from 'node:net';
export class Mixer {
  private readonly socket = new Socket();
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly host: string) {
    this.socket.on('close', () => {
      this.timer ??= setInterval(() => this.connect(), 5000);
    });
    this.socket.on('error', () => {});
  }
  connect(): void {
    if (this.socket.connecting) return;
    this.socket./*!*/connect(8099, this.host, () => console.info('connected'));
  }
}`,
      'repeated',
    );
  });
  it('flags a `once` for an event that a failed attempt never emits, added by a setInterval callback (JavaScript)', () => {
    tester.flags(
      `'use strict';
const { EventEmitter } = require('node:events');
const link = new EventEmitter();
let retry;
function attempt() {
  link./*!*/once('ready', () => clearInterval(retry));
  link.emit('dial');
}
function keepTrying() {
  retry = setInterval(attempt, 1000);
}
module.exports = { keepTrying, attempt };`,
      'repeated',
      { fileName: 'link.js' },
    );
  });
  it("flags the `once('connect')` a prototype method adds to the instance’s client each time it reconnects itself (not the `once('error')` that fired and starts the re-run)", () => {
    tester.flags(
      `'use strict';
const net = require('node:net');
function Feed(port) {
  this.port = port;
  this.client = new net.Socket();
}
Feed.prototype.start = function () {
  const self = this;
  self.client./*!*/once('connect', function () {
    self.client.write('hello');
  });
  self.client.connect(self.port);
  self.client.once('error', function () {
    setTimeout(function () {
      self.start();
    }, 1000);
  });
};
module.exports = Feed;`,
      'repeated',
      { fileName: 'feed.js' },
    );
  });
  it.each([
    [
      'the attempt connects without a listener (the constructor’s `connect` listener reports it)',
      `import { Socket } from 'node:net';
export class Mixer {
  private readonly socket = new Socket();
  constructor(private readonly host: string) {
    this.socket.on('connect', () => console.info('connected'));
    this.socket.on('close', () => {
      setInterval(() => this.connect(), 5000);
    });
  }
  connect(): void {
    this.socket.connect(8099, this.host);
  }
}`,
    ],
    [
      'each attempt makes a new socket',
      `import { Socket } from 'node:net';
export class Mixer {
  private socket = new Socket();
  constructor(private readonly host: string) {
    setInterval(() => this.connect(), 5000);
  }
  connect(): void {
    this.socket.destroy();
    this.socket = new Socket();
    this.socket.connect(8099, this.host, () => console.info('connected'));
  }
}`,
    ],
    [
      'the previous attempt’s listener is removed first',
      `import { EventEmitter } from 'node:events';
const link = new EventEmitter();
const onReady = () => console.info('ready');
export function keepTrying() {
  setInterval(() => {
    link.removeListener('ready', onReady);
    link.once('ready', onReady);
    link.emit('dial');
  }, 1000);
}`,
    ],
    [
      'a `connect(port, host)` without a listener (the host is a string, not a callback)',
      `import { Socket } from 'node:net';
const socket = new Socket();
export function retry(host: string) {
  setInterval(() => socket.connect(80, host), 1000);
}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: code run per event, and emitters handed back by a helper', () => {
  it('flags controls set up again on every reconnect of a module-level client, through a helper that returns it', () => {
    tester.flags(
      `'use strict';
const { EventEmitter } = require('node:events');
const state = { client: new EventEmitter() };
function announce(topic) {
  state.client.emit('publish', topic);
  return state.client;
}
function setupButton() {
  announce('button')./*!*/on('message', (topic) => console.log(topic));
}
state.client.on('connect', () => {
  setupButton();
});
module.exports = { state };`,
      'leak',
      { fileName: 'integration.js' },
    );
  });
  it('flags it through an arrow helper and a method a setInterval runs (TypeScript)', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
const shared = new EventEmitter();
const channel = (): EventEmitter => shared;
export class Poller {
  start(): void {
    setInterval(() => this.poll(), 1000);
  }
  poll(): void {
    channel()./*!*/on('result', (value: unknown) => console.log(value));
    shared.emit('ask');
  }
}`,
      'leak',
    );
  });
  it('flags a process listener a method adds each time an `on…` hook of a watcher runs it (JavaScript class)', () => {
    tester.flags(
      `import { spawn } from 'node:child_process';
export default class Serve {
  /** @param {{ watch(options: { onBuild: () => void }): void }} project */
  run(project) {
    project.watch({
      onBuild: () => {
        if (this.child) this.child.kill();
        this.launch();
      },
    });
  }
  launch() {
    this.child = spawn('node', ['app.js']);
    process./*!*/on('exit', () => this.child.kill());
  }
}`,
      'leak',
      { fileName: 'serve.js', prelude: '' },
    );
  });
  it('flags a window listener an `onReconnect()` hook of an options object adds', () => {
    tester.flags(
      `declare class Client {
  constructor(options: { url: string; onReconnect(): void });
}
export function connect(url: string): Client {
  return new Client({
    url,
    onReconnect() {
      window./*!*/addEventListener('online', () => console.info('back online'));
    },
  });
}`,
      'leak',
    );
  });
  it.each([
    [
      'the controls are set up on the first `connect` only (`once`)',
      `'use strict';
const { EventEmitter } = require('node:events');
const state = { client: new EventEmitter() };
function announce(topic) {
  state.client.emit('publish', topic);
  return state.client;
}
function setupButton() {
  announce('button').on('message', (topic) => console.log(topic));
}
function start() {
  state.client.once('connect', () => {
    setupButton();
  });
}
module.exports = { start };`,
    ],
    [
      'the helper makes a new emitter each time',
      `import { EventEmitter } from 'node:events';
const made = (): EventEmitter => new EventEmitter();
export class Poller {
  start(): void {
    setInterval(() => this.poll(), 1000);
  }
  poll(): void {
    made().on('result', (value: unknown) => console.log(value));
  }
}`,
    ],
    [
      'the process listeners are added once, by `run`, and kill whichever child is current',
      `import { spawn } from 'node:child_process';
export default class Serve {
  /** @param {{ watch(options: { onBuild: () => void }): void }} project */
  run(project) {
    process.on('exit', () => this.child && this.child.kill());
    project.watch({
      onBuild: () => {
        if (this.child) this.child.kill();
        this.launch();
      },
    });
  }
  launch() {
    this.child = spawn('node', ['app.js']);
  }
}`,
    ],
    [
      'the hook takes the previous listener off before adding it',
      `declare class Client {
  constructor(options: { url: string; onReconnect(): void });
}
const onOnline = () => console.info('back online');
export function connect(url: string): Client {
  return new Client({
    url,
    onReconnect() {
      window.removeEventListener('online', onOnline);
      window.addEventListener('online', onOnline);
    },
  });
}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid({ code, fileName: code.startsWith("'use strict'") ? 'integration.js' : 'serve.ts' });
  });
});

describe('listener-leak: a process-wide listener holding an object the caller gets back and can close', () => {
  it('flags shutdown handlers each application run adds (a helper handed the application)', () => {
    tester.flags(
      `export interface App {
  listen(): Promise<void>;
  close(reason?: string): Promise<void>;
}
export async function runApplication(create: () => Promise<App>): Promise<App> {
  const app = await create();
  await app.listen();
  closeOnSignals(app, ['SIGINT', 'SIGTERM']);
  return app;
}
function closeOnSignals(app: App, signals: readonly NodeJS.Signals[]): void {
  for (const signal of signals) {
    process./*!*/once(signal, () => {
      void app.close(signal);
    });
  }
}`,
      'held',
    );
  });
  it('flags a factory that returns a server and leaves a SIGTERM handler holding it (CommonJS)', () => {
    tester.flags(
      `'use strict';
const http = require('node:http');
function createServer(handler) {
  const server = http.createServer(handler);
  process./*!*/on('SIGTERM', () => server.close());
  return server;
}
module.exports = { createServer };`,
      'held',
      { fileName: 'server.js' },
    );
  });
  it('flags a widget factory that leaves a window listener holding the widget it returns', () => {
    tester.flags(
      `class Widget {
  constructor(readonly element: HTMLElement) {}
  layout(): void {}
  destroy(): void {
    this.element.remove();
  }
}
export function mountWidget(element: HTMLElement): Widget {
  const widget = new Widget(element);
  window./*!*/addEventListener('resize', () => widget.layout());
  return widget;
}`,
      'held',
    );
  });
  it.each([
    [
      'closing the application takes the handlers off',
      `export interface App {
  close(reason?: string): Promise<void>;
}
export async function runApplication(create: () => Promise<App>): Promise<App> {
  const app = await create();
  const stop = closeOnSignals(app, ['SIGINT', 'SIGTERM']);
  const close = app.close.bind(app);
  app.close = async (reason?: string) => {
    stop();
    await close(reason);
  };
  return app;
}
function closeOnSignals(app: App, signals: readonly NodeJS.Signals[]): () => void {
  const added: Array<[NodeJS.Signals, () => void]> = [];
  for (const signal of signals) {
    const handler = () => void app.close(signal);
    added.push([signal, handler]);
    process.once(signal, handler);
  }
  return () => {
    for (const [signal, handler] of added) process.off(signal, handler);
  };
}`,
    ],
    [
      'an entry point that keeps its server (nothing else can close it)',
      `import http from 'node:http';
export async function main(): Promise<void> {
  const server = http.createServer();
  process.on('SIGTERM', () => server.close());
  server.listen(8080);
}`,
    ],
    [
      'the object it returns has no lifecycle (nothing to close)',
      `export function counter(): { count: number } {
  const state = { count: 0 };
  window.addEventListener('click', () => state.count++);
  return state;
}`,
    ],
    [
      'a factory the module calls once, at start-up',
      `import http from 'node:http';
function createServer(): http.Server {
  const server = http.createServer();
  process.on('SIGTERM', () => server.close());
  return server;
}
createServer().listen(8080);`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: an emitter the instance keeps and lets go, in every spelling', () => {
  it('flags a `once` on a subscriber’s socket that unsubscribing never removes (prototype methods, a local name for the list, `delete`)', () => {
    tester.flags(
      `'use strict';
/** @typedef {{ socket: import('node:events').EventEmitter, send(text: string): void }} Subscriber */
function Registry() {
  /** @type {Record<string, Subscriber[]>} */
  this.byTopic = {};
}
/** @param {string} topic @param {Subscriber} subscriber */
Registry.prototype.subscribe = function (topic, subscriber) {
  const list = this.byTopic[topic] || (this.byTopic[topic] = []);
  subscriber.socket./*!*/once('close', this.dropAll.bind(this, subscriber));
  list.push(subscriber);
};
/** @param {string} topic @param {Subscriber} subscriber */
Registry.prototype.unsubscribe = function (topic, subscriber) {
  const list = this.byTopic[topic];
  if (list.length === 1) delete this.byTopic[topic];
  else list.splice(list.indexOf(subscriber), 1);
};
/** @param {Subscriber} subscriber */
Registry.prototype.dropAll = function (subscriber) {
  for (const topic in this.byTopic) this.unsubscribe(topic, subscriber);
};
module.exports = Registry;`,
      'dropped',
      { fileName: 'registry.js', prelude: '' },
    );
  });
  it('flags a listener on a member kept in an entry of an object of arrays (a class, `??=`)', () => {
    tester.flags(
      `import type { EventEmitter } from 'node:events';
interface Member {
  readonly socket: EventEmitter;
}
export class Rooms {
  private readonly rooms: Record<string, Member[]> = {};
  join(room: string, member: Member): void {
    const entry = (this.rooms[room] ??= []);
    member.socket./*!*/on('message', (text: string) => this.broadcast(room, text));
    entry.push(member);
  }
  leave(room: string, member: Member): void {
    this.rooms[room]?.splice(this.rooms[room].indexOf(member), 1);
  }
  broadcast(room: string, text: string): void {
    for (const member of this.rooms[room] ?? []) member.socket.emit('send', text);
  }
}`,
      'dropped',
    );
  });
  it('flags a `{ once: true }` listener on a port kept in a Set and let go by `detach`', () => {
    tester.flags(
      `export class Hub {
  private readonly ports = new Set<MessagePort>();
  attach(port: MessagePort): void {
    port./*!*/addEventListener('messageerror', () => this.report(port), { once: true });
    this.ports.add(port);
  }
  detach(port: MessagePort): void {
    this.ports.delete(port);
  }
  report(port: MessagePort): void {
    console.warn('bad message', port);
  }
}`,
      'dropped',
    );
  });
  it.each([
    [
      'unsubscribing removes it',
      `'use strict';
/** @typedef {{ socket: import('node:events').EventEmitter, send(text: string): void }} Subscriber */
function Registry() {
  /** @type {Record<string, Subscriber[]>} */
  this.byTopic = {};
  /** @type {Map<Subscriber, () => void>} */
  this.onClose = new Map();
}
/** @param {string} topic @param {Subscriber} subscriber */
Registry.prototype.subscribe = function (topic, subscriber) {
  const list = this.byTopic[topic] || (this.byTopic[topic] = []);
  const listener = this.dropAll.bind(this, subscriber);
  this.onClose.set(subscriber, listener);
  subscriber.socket.once('close', listener);
  list.push(subscriber);
};
/** @param {string} topic @param {Subscriber} subscriber */
Registry.prototype.unsubscribe = function (topic, subscriber) {
  const listener = this.onClose.get(subscriber);
  if (listener) subscriber.socket.removeListener('close', listener);
  const list = this.byTopic[topic];
  if (list.length === 1) delete this.byTopic[topic];
  else list.splice(list.indexOf(subscriber), 1);
};
/** @param {Subscriber} subscriber */
Registry.prototype.dropAll = function (subscriber) {
  for (const topic in this.byTopic) this.unsubscribe(topic, subscriber);
};
module.exports = Registry;`,
      'registry.js',
    ],
    [
      'leaving closes the member’s socket (its listeners go with it)',
      `import type { EventEmitter } from 'node:events';
interface Member {
  readonly socket: EventEmitter & { destroy(): void };
}
export class Rooms {
  private readonly rooms: Record<string, Member[]> = {};
  join(room: string, member: Member): void {
    const entry = (this.rooms[room] ??= []);
    member.socket.on('message', (text: string) => console.log(room, text));
    entry.push(member);
  }
  leave(room: string, member: Member): void {
    this.rooms[room]?.splice(this.rooms[room].indexOf(member), 1);
    member.socket.destroy();
  }
}`,
      'rooms.ts',
    ],
  ] as const)('clean: %s', (_name, code, fileName) => {
    tester.expectValid({ code, fileName, prelude: '' });
  });
});

describe("listener-leak: a `once('connect')` on a request’s socket", () => {
  const header = `import http from 'node:http';\n`;
  it('flags one added whether or not the socket is still connecting (a reused keep-alive socket never connects again)', () => {
    tester.flags(
      `${header}export function upload(url: string, body: Buffer, agent: http.Agent) {
  const req = http.request(url, { method: 'POST', agent });
  req.once('socket', () => {
    req.socket?./*!*/once('connect', () => console.info('sending', body.length));
  });
  req.end(body);
}`,
      'socket',
    );
  });
  it.each([
    [
      'only while it is connecting',
      `${header}export function upload(url: string, body: Buffer, agent: http.Agent) {
  const req = http.request(url, { method: 'POST', agent });
  req.once('socket', (socket) => {
    if (socket.connecting) socket.once('connect', () => console.info('sending', body.length));
    else console.info('sending', body.length);
  });
  req.end(body);
}`,
    ],
    [
      'in the else branch of `!socket.connecting`',
      `${header}export function upload(url: string, body: Buffer, agent: http.Agent) {
  const req = http.request(url, { method: 'POST', agent });
  req.once('socket', (socket) => {
    const start = () => console.info('sending', body.length);
    if (!socket.connecting) {
      start();
    } else {
      socket.once('connect', start);
    }
  });
  req.end(body);
}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: a `once` left on a connection the instance keeps when the other way of settling wins', () => {
  it('flags the error listener a send leaves on the socket the instance was handed when the write succeeds', () => {
    tester.flags(
      `import type { EventEmitter } from 'node:events';
type Socket = EventEmitter & { write(data: string, done: () => void): void };
export class Connection {
  constructor(private readonly socket: Socket) {}
  send(data: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket./*!*/once('error', reject);
      this.socket.write(data, () => resolve());
    });
  }
}`,
      'settle',
    );
  });
  it('flags the listener for the event that did not come, on a port kept in a field', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
export class Reader {
  private readonly port = createPort();
  next(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.port./*!*/once('message', resolve);
      this.port./*!*/once('timeout', reject);
    });
  }
}
declare function createPort(): EventEmitter;`,
      'settle',
    );
  });
  it('flags it in JavaScript, on a client handed to the function and waited on with a timeout', () => {
    tester.flags(
      `'use strict';
/** @param {import('node:events').EventEmitter} client @param {number} ms */
function waitReady(client, ms) {
  return new Promise(function (resolve, reject) {
    client./*!*/once('ready', resolve);
    setTimeout(function () {
      reject(new Error('not ready after ' + ms + ' ms'));
    }, ms);
  });
}
module.exports = { waitReady };`,
      'settle',
      { fileName: 'ready.js', prelude: '' },
    );
  });
  it.each([
    [
      'the wait is for the stream’s end (what is left goes with it)',
      `import type { Writable } from 'node:stream';
export class Sink {
  constructor(private readonly stream: Writable) {}
  finish(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.once('finish', resolve);
      this.stream.once('error', reject);
      this.stream.end();
    });
  }
}`,
    ],
    [
      'one cleanup on every way it settles',
      `import type { EventEmitter } from 'node:events';
type Socket = EventEmitter & { write(data: string, done: () => void): void };
export class Connection {
  constructor(private readonly socket: Socket) {}
  send(data: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.socket.once('error', onError);
      this.socket.write(data, () => {
        this.socket.off('error', onError);
        resolve();
      });
    });
  }
}`,
    ],
    [
      'each listener takes the other off (the fixed Reader)',
      `import type { EventEmitter } from 'node:events';
export class Reader {
  constructor(private readonly port: EventEmitter) {}
  next(): Promise<string> {
    return new Promise((resolve, reject) => {
      const onMessage = (text: string) => {
        this.port.off('response-error', onError);
        resolve(text);
      };
      const onError = (error: Error) => {
        this.port.off('message', onMessage);
        reject(error);
      };
      this.port.once('message', onMessage);
      this.port.once('response-error', onError);
    });
  }
}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: the error listener is the settler itself', () => {
  it('clean: a wait for an event of an emitter handed in, rejected by the emitter failing (pino’s test helper)', () => {
    tester.expectValid({
      code: `'use strict';
function once(emitter, name) {
  return new Promise((resolve, reject) => {
    if (name !== 'error') emitter.once('error', reject);
    emitter.once(name, (...args) => {
      emitter.removeListener('error', reject);
      resolve(args);
    });
  });
}
module.exports = { once };`,
      fileName: 'helper.js',
      prelude: '',
    });
  });
});

describe('listener-leak: a re-run started by the `once` listener itself', () => {
  it('clean: a parser that waits for `drain` and resumes from that listener (undici’s websocket receiver)', () => {
    tester.expectValid(`import type { Writable } from 'node:stream';
export class Receiver {
  constructor(private readonly socket: Writable) {}
  run(done: () => void): void {
    if (this.socket.writableNeedDrain) {
      this.socket.once('drain', () => this.run(done));
      return;
    }
    done();
  }
}`);
  });
});

describe('listener-leak: a listener added to an emitter the code is letting go of', () => {
  // An unbind method run from the connection's own 'close' listener swallows late errors of the connection it drops:
  // the connection is let go (the field that held it is cleared), so the sink goes with it and nothing piles up.
  it('clean: an error sink added to the connection being dropped, from a field cleared there (JavaScript class)', () => {
    tester.expectValid({
      fileName: 'recovering.js',
      code: `'use strict';
const { EventEmitter } = require('node:events');
class Recovering extends EventEmitter {
  bind(conn) {
    const onClose = () => {
      this.unbind();
      this.emit('disconnect');
    };
    const onError = (err) => this.emit('error', err);
    conn.on('close', onClose);
    conn.on('error', onError);
    this.bound = { conn, onClose, onError };
  }
  unbind() {
    if (!this.bound) return;
    const { conn, onClose, onError } = this.bound;
    conn.removeListener('close', onClose);
    conn.removeListener('error', onError);
    conn.on('error', () => {});
    this.bound = null;
  }
}
module.exports = { Recovering };`,
    });
  });
  it('clean: the same with the connection read from a field set to undefined (TypeScript, `delete` too)', () => {
    tester.expectValid(`import { EventEmitter } from 'node:events';
export class Link extends EventEmitter {
  private socket: EventEmitter | undefined;
  private peers: Record<string, EventEmitter> = {};
  attach(socket: EventEmitter, peer: string): void {
    this.socket = socket;
    this.peers[peer] = socket;
    socket.on('end', () => this.detach(peer));
  }
  private detach(peer: string): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.on('error', () => undefined);
    const gone = this.peers[peer];
    delete this.peers[peer];
    gone?.on('error', () => undefined);
  }
}`);
  });
  it('flags the sink when it goes to an emitter the instance keeps for the next connections', () => {
    tester.flags(
      `'use strict';
const { EventEmitter } = require('node:events');
class Recovering extends EventEmitter {
  constructor(transport) {
    super();
    this.transport = transport;
  }
  bind(conn) {
    const onClose = () => this.unbind();
    conn.on('close', onClose);
    this.bound = { conn, onClose };
  }
  unbind() {
    if (!this.bound) return;
    const { conn, onClose } = this.bound;
    conn.removeListener('close', onClose);
    this.transport./*!*/on('error', () => {});
    this.bound = null;
  }
}
module.exports = { Recovering };`,
      'leak',
      { fileName: 'recovering.js' },
    );
  });
  it('flags it when the field is cleared but the emitter was read from another that stays', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
export class Link {
  private current: EventEmitter | undefined;
  constructor(private readonly hub: EventEmitter) {}
  attach(socket: EventEmitter): void {
    this.current = socket;
    socket.on('end', () => this.detach());
  }
  private detach(): void {
    const hub = this.hub;
    this.current = undefined;
    hub./*!*/on('error', () => undefined);
  }
}`,
      'leak',
    );
  });
});

describe("listener-leak: a `once` abort listener on the caller's signal, left when the work succeeds", () => {
  // `{ once: true }` takes the listener off only if the signal aborts: a signal shared by many calls (an app-wide
  // shutdown signal, one controller per user session) that never aborts keeps one listener, and its closure, per call.
  it('flags it in an async function that finishes without removing it (TypeScript)', () => {
    tester.flags(
      `export async function fetchJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const inner = new AbortController();
  signal?./*!*/addEventListener('abort', () => inner.abort(), { once: true });
  const response = await fetch(url, { signal: inner.signal });
  return response.json();
}`,
      'signalOnce',
    );
  });
  it('flags it in a method that returns the promise of the work (JavaScript, `options.signal`)', () => {
    tester.flags(
      `'use strict';
class Api {
  send(body, options) {
    const inner = new AbortController();
    const onAbort = () => inner.abort();
    options.signal./*!*/addEventListener('abort', onAbort, { once: true });
    return fetch('https://api.test/jobs', { method: 'POST', body, signal: inner.signal });
  }
}
module.exports = { Api };`,
      'signalOnce',
      { fileName: 'api.js' },
    );
  });
  it('clean: removed in `finally` when the work settles (TypeScript)', () => {
    tester.expectValid(`export async function fetchJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await fetch(url, { signal: inner.signal });
    return await response.json();
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}`);
  });
  it('clean: removed by `.finally()` of the returned promise (JavaScript)', () => {
    tester.expectValid({
      fileName: 'api.js',
      code: `'use strict';
class Api {
  send(body, options) {
    const inner = new AbortController();
    const onAbort = () => inner.abort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    return fetch('https://api.test/jobs', { method: 'POST', body, signal: inner.signal }).finally(() =>
      options.signal.removeEventListener('abort', onAbort),
    );
  }
}
module.exports = { Api };`,
    });
  });
  it('clean: work that runs until the signal aborts (a loop on `signal.aborted`)', () => {
    tester.expectValid(`export async function pump(signal: AbortSignal, next: () => Promise<void>, close: () => void) {
  signal.addEventListener('abort', close, { once: true });
  while (!signal.aborted) await next();
}`);
  });
  it('clean: a helper whose whole job is to register the stop (no work that ends)', () => {
    tester.expectValid(`export function onStop(signal: AbortSignal, stop: () => void): void {
  signal.addEventListener('abort', stop, { once: true });
}`);
  });
});

describe('listener-leak: a component class that listens on window/document and has no end of its own', () => {
  // The framework mounts and unmounts a component as often as the page asks; with no `componentWillUnmount` /
  // `disconnectedCallback` / `ngOnDestroy` removing it, every instance that ever mounted stays on `window`.
  it('flags a React class component that adds a window listener when it mounts (TSX)', () => {
    tester.flags(
      `import { Component, type ReactNode } from 'react';
export class Sticky extends Component<{ children?: ReactNode }, { top: boolean }> {
  state = { top: true };
  componentDidMount(): void {
    window./*!*/addEventListener('scroll', this.onScroll);
  }
  onScroll = (): void => this.setState({ top: window.scrollY === 0 });
  render() {
    return <div className={this.state.top ? 'top' : ''}>{this.props.children}</div>;
  }
}`,
      'lifecycle',
      { fileName: 'sticky.tsx' },
    );
  });
  it('flags a custom element that listens on document each time it is connected (JavaScript)', () => {
    tester.flags(
      `export class ThemeToggle extends HTMLElement {
  connectedCallback() {
    this.onChange = () => this.render();
    document./*!*/addEventListener('visibilitychange', this.onChange);
  }
  render() {
    this.textContent = document.hidden ? 'hidden' : 'shown';
  }
}
customElements.define('theme-toggle', ThemeToggle);`,
      'lifecycle',
      { fileName: 'theme-toggle.js' },
    );
  });
  it('clean: the React class removes it in componentWillUnmount (JavaScript, `React.Component`)', () => {
    tester.expectValid({
      fileName: 'sticky.jsx',
      code: `import React from 'react';
export class Sticky extends React.Component {
  constructor(props) {
    super(props);
    this.state = { top: true };
    this.onScroll = () => this.setState({ top: window.scrollY === 0 });
  }
  componentDidMount() {
    window.addEventListener('scroll', this.onScroll);
  }
  componentWillUnmount() {
    window.removeEventListener('scroll', this.onScroll);
  }
  render() {
    return <div className={this.state.top ? 'top' : ''}>{this.props.children}</div>;
  }
}`,
    });
  });
  it('clean: the custom element removes it in disconnectedCallback (TypeScript)', () => {
    tester.expectValid(`export class ThemeToggle extends HTMLElement {
  private readonly onChange = (): void => this.render();
  connectedCallback(): void {
    document.addEventListener('visibilitychange', this.onChange);
  }
  disconnectedCallback(): void {
    document.removeEventListener('visibilitychange', this.onChange);
  }
  render(): void {
    this.textContent = document.hidden ? 'hidden' : 'shown';
  }
}`);
  });
  it('clean: a plain class (not a component) set up once by the program', () => {
    tester.expectValid(`export class Layout {
  start(): void {
    window.addEventListener('resize', () => this.measure());
  }
  measure(): void {}
}`);
  });
});

describe('listener-leak: a function handed to a component as a prop, run on each mount', () => {
  it('flags a window listener added by a mount callback passed by name, never taken off (JSX)', () => {
    tester.flags(
      `import { Lifecycle } from './lifecycle.js';
const startTracking = ({ setState }) => {
  const onScroll = () => setState({ y: window.scrollY });
  window./*!*/addEventListener('scroll', onScroll);
};
export const ScrollPosition = ({ children }) => (
  <Lifecycle initialState={{ y: 0 }} onMount={startTracking} render={({ state }) => children(state.y)} />
);`,
      'leak',
      {
        fileName: 'scroll-position.jsx',
        files: { 'lifecycle.js': 'export const Lifecycle = () => null;\n' },
      },
    );
  });
  it('flags one added by an inline prop callback (TSX)', () => {
    tester.flags(
      `import type { ReactNode } from 'react';
declare function Overlay(props: { onOpen: () => void; children?: ReactNode }): ReactNode;
export const Menu = ({ close }: { close: () => void }) => (
  <Overlay
    onOpen={() => {
      document./*!*/addEventListener('keydown', (event) => {
        if (event.key === 'Escape') close();
      });
    }}
  />
);`,
      'leak',
      { fileName: 'menu.tsx' },
    );
  });
  it('clean: the mount callback keeps a function that removes it, run on unmount (JSX)', () => {
    tester.expectValid({
      fileName: 'scroll-position.jsx',
      files: { 'lifecycle.js': 'export const Lifecycle = () => null;\n' },
      code: `import { Lifecycle } from './lifecycle.js';
const startTracking = ({ refs, setState }) => {
  const onScroll = () => setState({ y: window.scrollY });
  window.addEventListener('scroll', onScroll);
  refs.stop = () => window.removeEventListener('scroll', onScroll);
};
const stopTracking = ({ refs }) => refs.stop();
export const ScrollPosition = ({ children }) => (
  <Lifecycle
    refs={{ stop: null }}
    initialState={{ y: 0 }}
    onMount={startTracking}
    onUnmount={stopTracking}
    render={({ state }) => children(state.y)}
  />
);`,
    });
  });
  it('clean: a press handler that adds the move listener and takes it off on release (TSX)', () => {
    tester.expectValid({
      fileName: 'slider.tsx',
      code: `export function Slider({ onChange }: { onChange: (x: number) => void }) {
  const onMove = (event: PointerEvent) => onChange(event.clientX);
  const onUp = () => {
    window.removeEventListener('pointermove', onMove);
    window.removeEventListener('pointerup', onUp);
  };
  return (
    <div
      onPointerDown={() => {
        window.addEventListener('pointermove', onMove);
        window.addEventListener('pointerup', onUp);
      }}
    />
  );
}`,
    });
  });
});
