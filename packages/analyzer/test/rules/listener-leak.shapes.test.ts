import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// The shapes of listener leaks that maintainers fixed, each with its fixed code beside it.
const header = `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
declare function work(): Promise<number>;
declare function fork(path: string): EventEmitter;
`;
const tester = ruleTester('listener-leak', { prelude: header, suffix: '\n' });

describe('listener-leak: an abort listener on a signal the caller hands in', () => {
  it('flags a forwarding listener that is never removed', () => {
    tester.flags(
      `export async function fetchWithTimeout(url: string, signal: AbortSignal) {\n  const controller = new AbortController();\n  signal./*!*/addEventListener('abort', () => controller.abort());\n  return fetch(url, { signal: controller.signal });\n}`,
      'signal',
    );
  });
  it('flags it through an options object and a local alias', () => {
    tester.flags(
      `export class Reply {\n  private readonly controller = new AbortController();\n  async run(options?: { signal?: AbortSignal }) {\n    const signal = options?.signal;\n    if (signal) signal./*!*/addEventListener('abort', () => this.controller.abort());\n    await work();\n  }\n}`,
      'signal',
    );
  });
  it('flags it in JavaScript, where the signal has no type', () => {
    tester.flags(
      `export function request(url, options) {\n  const controller = new AbortController();\n  options.signal./*!*/addEventListener('abort', () => controller.abort());\n  return fetch(url, { signal: controller.signal });\n}`,
      'signal',
      { fileName: 'client.js' },
    );
  });
  it('flags a signal taken out of an options object in a Promise executor', () => {
    tester.flags(
      `export function withDeadline<T>(task: Promise<T>, options: { ms: number; signal?: AbortSignal }) {\n  return new Promise<T>((resolve, reject) => {\n    if (options.signal) {\n      const { signal } = options;\n      signal./*!*/addEventListener('abort', () => reject(signal.reason));\n    }\n    setTimeout(() => reject(new Error('deadline')), options.ms);\n    task.then(resolve, reject);\n  });\n}`,
      'signal',
    );
  });
  it.each([
    [
      'removed in a .finally() of the work',
      `export function withDeadline<T>(task: Promise<T>, options: { ms: number; signal?: AbortSignal }) {\n  return new Promise<T>((resolve, reject) => {\n    if (options.signal) {\n      const { signal } = options;\n      const onAbort = () => reject(signal.reason);\n      signal.addEventListener('abort', onAbort, { once: true });\n      void task.finally(() => signal.removeEventListener('abort', onAbort));\n    }\n    setTimeout(() => reject(new Error('deadline')), options.ms);\n    task.then(resolve, reject);\n  });\n}`,
    ],
    [
      'a function handed to a library that makes the signal per call',
      `declare function useQuery(options: { queryFn: (context: { signal: AbortSignal }) => Promise<unknown> }): void;\nfunction fetchTodos({ signal }: { signal: AbortSignal }): Promise<unknown> {\n  signal.addEventListener('abort', () => console.info('cancelled'));\n  return work();\n}\nuseQuery({ queryFn: fetchTodos });`,
    ],
    [
      'removed in finally',
      `export async function fetchWithTimeout(url: string, signal: AbortSignal) {\n  const controller = new AbortController();\n  const forward = () => controller.abort();\n  signal.addEventListener('abort', forward);\n  try {\n    return await fetch(url, { signal: controller.signal });\n  } finally {\n    signal.removeEventListener('abort', forward);\n  }\n}`,
    ],
    [
      '{ signal } of a controller aborted when the work ends',
      `export async function run(signal: AbortSignal) {\n  const done = new AbortController();\n  signal.addEventListener('abort', () => console.log('stop'), { signal: done.signal });\n  try {\n    await work();\n  } finally {\n    done.abort();\n  }\n}`,
    ],
    [
      '{ once: true }',
      `export function onStop(signal: AbortSignal, stop: () => void) {\n  signal.addEventListener('abort', stop, { once: true });\n}`,
    ],
    [
      'the signal of a controller the function makes',
      `export async function f() {\n  const controller = new AbortController();\n  controller.signal.addEventListener('abort', () => {});\n  await work();\n}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: removed on one way the promise settles, not on another', () => {
  it('flags the listener a timeout leaves behind', () => {
    tester.flags(
      `export function nextMessage(ms: number) {\n  return new Promise<string>((resolve, reject) => {\n    const onMessage = (text: string) => {\n      bus.off('message', onMessage);\n      resolve(text);\n    };\n    bus./*!*/on('message', onMessage);\n    setTimeout(() => reject(new Error('timed out')), ms);\n  });\n}`,
      'settle',
    );
  });
  it('flags `once` listeners that never fire when the other event wins', () => {
    tester.flags(
      `export function ready() {\n  return new Promise<void>((resolve, reject) => {\n    bus./*!*/once('ready', () => resolve());\n    bus./*!*/once('error', reject);\n  });\n}`,
      'settle',
    );
  });
  it('flags an early failure path of a wait on the instance itself', () => {
    tester.flags(
      `export class Engine extends EventEmitter {\n  channels = new Map<string, RTCDataChannel>();\n  drained() {\n    return new Promise<void>((resolve, reject) => {\n      const onClosing = () => reject(new Error('closed'));\n      this./*!*/once('closing', onClosing);\n      const channel = this.channels.get('reliable');\n      if (!channel) {\n        reject(new Error('no channel'));\n        return;\n      }\n      channel.addEventListener('bufferedamountlow', () => {\n        this.off('closing', onClosing);\n        resolve();\n      }, { once: true });\n    });\n  }\n}`,
      'settle',
    );
  });
  it.each([
    [
      'one cleanup on every path, the timeout too',
      `export function nextMessage(ms: number) {\n  return new Promise<string>((resolve, reject) => {\n    const cleanup = () => {\n      clearTimeout(timer);\n      bus.off('message', onMessage);\n    };\n    const onMessage = (text: string) => {\n      cleanup();\n      resolve(text);\n    };\n    bus.on('message', onMessage);\n    const timer = setTimeout(() => {\n      cleanup();\n      reject(new Error('timed out'));\n    }, ms);\n  });\n}`,
    ],
    [
      'a stream handed in, consumed once',
      `export function finished(stream: EventEmitter) {\n  return new Promise((resolve, reject) => {\n    stream.once('end', resolve);\n    stream.once('error', reject);\n  });\n}`,
    ],
    [
      'the wait ends the emitter itself (a child process it kills)',
      `let running: EventEmitter & { kill(): void } | null = null;\nexport function stop() {\n  const child = running;\n  if (!child) return Promise.resolve();\n  return new Promise((resolve) => {\n    child.on('exit', resolve);\n    child.kill();\n  });\n}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: removed after an await that can throw', () => {
  it('flags a removal that a failed await skips', () => {
    tester.flags(
      `export async function withProgress() {\n  const onProgress = (n: number) => console.log(n);\n  bus./*!*/on('progress', onProgress);\n  await work();\n  bus.off('progress', onProgress);\n}`,
      'thrown',
    );
  });
  it('leaves a catch that removes it too alone', () => {
    tester.expectValid(
      `export async function withProgress() {\n  const onProgress = (n: number) => console.log(n);\n  bus.on('progress', onProgress);\n  try {\n    await work();\n  } catch (error) {\n    bus.off('progress', onProgress);\n    throw error;\n  }\n  bus.off('progress', onProgress);\n}`,
    );
  });
});

describe('listener-leak: re-added by every attempt of a retry or reconnect', () => {
  it('flags a listener added on each pass of a retry loop', () => {
    tester.flags(
      `export async function connectWithRetry(client: EventEmitter & { connect(): Promise<void> }) {\n  for (let attempt = 0; attempt < 5; attempt++) {\n    client./*!*/on('error', (error) => console.warn(error));\n    try {\n      await client.connect();\n      return;\n    } catch {}\n  }\n}`,
      'repeated',
    );
  });
  it('flags a listener a reconnect adds again to the same transport', () => {
    tester.flags(
      `export class Feed extends EventEmitter {\n  constructor(private readonly transport: EventEmitter & { open(): Promise<void> }) {\n    super();\n  }\n  connect(): void {\n    this.transport./*!*/on('data', (data) => this.emit('message', data));\n    this.transport.open().catch(() => setTimeout(() => this.connect(), 1000));\n  }\n}`,
      'repeated',
    );
  });
  it.each([
    [
      'one emitter per pass (the loop variable)',
      `export function watch(workers: EventEmitter[]) {\n  for (const worker of workers) worker.on('exit', () => console.log('exit'));\n}`,
    ],
    [
      'another event per pass',
      `for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, () => process.exit(0));\nexport function again() {\n  for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, () => process.exit(0));\n}`,
    ],
    [
      'a new socket made by each reconnect',
      `export class Live {\n  socket?: WebSocket;\n  connect(): void {\n    this.socket = new WebSocket('wss://example.test');\n    this.socket.addEventListener('close', () => setTimeout(() => this.connect(), 1000));\n  }\n}`,
    ],
    [
      'a reconnect that removes the old listeners first',
      `export class Feed extends EventEmitter {\n  constructor(private readonly transport: EventEmitter & { open(): Promise<void> }) {\n    super();\n  }\n  connect(): void {\n    this.transport.removeAllListeners('data');\n    this.transport.on('data', (data) => this.emit('message', data));\n    this.transport.open().catch(() => setTimeout(() => this.connect(), 1000));\n  }\n}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: process-wide listeners added per instance of a class with a lifecycle', () => {
  it('flags handlers on process that stop() leaves in place', () => {
    tester.flags(
      `export class Bridge {\n  private readonly onSignal = () => void this.stop();\n  start(): void {\n    process./*!*/on('SIGTERM', this.onSignal);\n  }\n  async stop(): Promise<void> {\n    await work();\n  }\n}`,
      'lifecycle',
    );
  });
  it('flags a listener removed from another target than the one it was added to', () => {
    tester.flags(
      `export class Room {\n  async connect(): Promise<void> {\n    await work();\n    window.addEventListener('pagehide', this.onLeave);\n    document./*!*/addEventListener('freeze', this.onLeave);\n  }\n  disconnect(): void {\n    window.removeEventListener('pagehide', this.onLeave);\n    window.removeEventListener('freeze', this.onLeave);\n  }\n  private onLeave = () => this.disconnect();\n}`,
      'mismatch',
    );
  });
  it.each([
    [
      'another member of the instance removes it (its own lifecycle hook)',
      `export class Extension {\n  private readonly onMessage = (text: string) => console.log(text);\n  async onConfigure(): Promise<void> {\n    await work();\n    bus.on('message', this.onMessage);\n  }\n  async onDestroy(): Promise<void> {\n    bus.off('message', this.onMessage);\n  }\n  disconnect(): void {}\n}`,
    ],
    [
      'process handlers of an exported entry point nothing in its file calls',
      `export async function start(id: number) {\n  await work();\n  process.on('unhandledRejection', (error) => console.error(id, error));\n}`,
    ],
    [
      'a drag that removes its window listeners when the pointer goes up',
      `export class Canvas {\n  onPointerDown(): void {\n    const onMove = () => this.draw();\n    const onUp = () => {\n      window.removeEventListener('pointermove', onMove);\n      window.removeEventListener('pointerup', onUp);\n    };\n    window.addEventListener('pointermove', onMove);\n    window.addEventListener('pointerup', onUp);\n  }\n  draw(): void {}\n  componentWillUnmount(): void {}\n}`,
    ],
    [
      'stop() removes them through a helper',
      `export class Bridge {\n  private readonly onSignal = () => void this.stop();\n  start(): void {\n    process.on('SIGTERM', this.onSignal);\n  }\n  private detachHooks(): void {\n    process.off('SIGTERM', this.onSignal);\n  }\n  async stop(): Promise<void> {\n    this.detachHooks();\n    await work();\n  }\n}`,
    ],
    [
      'a class with no lifecycle, made once (a store)',
      `export class Theme {\n  constructor() {\n    window.addEventListener('storage', () => this.load());\n  }\n  load() {}\n}\nexport const theme = new Theme();`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: an emitter the instance keeps and lets go', () => {
  it('flags detach() that forgets the worker but not its listener', () => {
    tester.flags(
      `export class Hub extends EventEmitter {\n  private readonly workers = new Map<string, EventEmitter>();\n  attach(name: string, worker: EventEmitter): void {\n    this.workers.set(name, worker);\n    worker./*!*/on('message', (message) => this.emit('event', name, message));\n  }\n  detach(name: string): void {\n    this.workers.delete(name);\n  }\n}`,
      'dropped',
    );
  });
  it.each([
    [
      'a removal that closes the emitter it lets go',
      `export class Pool {\n  private readonly clients: EventEmitter[] = [];\n  add(client: EventEmitter): void {\n    client.on('drain', () => this.next());\n    this.clients.push(client);\n  }\n  remove(client: EventEmitter & { close(): void }): void {\n    client.close();\n    this.clients.splice(this.clients.indexOf(client), 1);\n  }\n  next(): void {}\n}`,
    ],
    [
      'a stream kept in a single field while it is in use',
      `export class Decoder {\n  private current: EventEmitter | undefined;\n  use(stream: EventEmitter): void {\n    this.current = stream;\n    stream.on('error', () => this.fail());\n  }\n  done(): void {\n    this.current = undefined;\n  }\n  fail(): void {}\n}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
  it('leaves detach() that removes the listener alone', () => {
    tester.expectValid(
      `export class Hub extends EventEmitter {\n  private readonly workers = new Map<string, EventEmitter>();\n  private readonly forwarders = new Map<string, (message: unknown) => void>();\n  attach(name: string, worker: EventEmitter): void {\n    const forward = (message: unknown) => this.emit('event', name, message);\n    this.workers.set(name, worker);\n    this.forwarders.set(name, forward);\n    worker.on('message', forward);\n  }\n  detach(name: string): void {\n    const forward = this.forwarders.get(name);\n    if (forward) this.workers.get(name)?.off('message', forward);\n    this.workers.delete(name);\n  }\n}`,
    );
  });
});

describe('listener-leak: a removal that cannot match', () => {
  it('flags a `.bind` at both ends (two different functions)', () => {
    tester.flags(
      `export class Chart {\n  mount(): void {\n    window./*!*/addEventListener('resize', this.redraw.bind(this));\n  }\n  unmount(): void {\n    window.removeEventListener('resize', this.redraw.bind(this));\n  }\n  redraw(): void {}\n}`,
      'mismatch',
    );
  });
  it('flags a capture flag the removal leaves out', () => {
    tester.flags(
      `export function track(onKey: (e: KeyboardEvent) => void) {\n  document./*!*/addEventListener('keydown', onKey, true);\n  return { stop: () => document.removeEventListener('keydown', onKey) };\n}`,
      'mismatch',
    );
  });
  it('leaves a removal of another, named listener alone', () => {
    tester.expectValid(
      `export function route(previous: (...args: unknown[]) => void) {\n  bus.removeListener('upgrade', previous);\n  bus.on('upgrade', function () {\n    previous();\n  });\n}`,
    );
  });
  it('leaves a generic removeListener(event, fn) wrapper alone', () => {
    tester.expectValid(
      `export class Body extends EventEmitter {\n  override removeListener(event: string, listener: (...args: unknown[]) => void): this {\n    return this.off(event, listener);\n  }\n  dump(): Promise<void> {\n    return new Promise((resolve) => {\n      this.on('close', () => resolve());\n    });\n  }\n}`,
    );
  });
  it('leaves one bound function kept in a field alone', () => {
    tester.expectValid(
      `export class Chart {\n  private readonly onResize = this.redraw.bind(this);\n  mount(): void {\n    window.addEventListener('resize', this.onResize);\n  }\n  unmount(): void {\n    window.removeEventListener('resize', this.onResize);\n  }\n  redraw(): void {}\n}`,
    );
  });
});

describe('listener-leak: per call on a long-lived emitter', () => {
  it('flags an async function that every public call runs', () => {
    tester.flags(
      `async function launch() {\n  process./*!*/on('exit', async () => await work());\n  return work();\n}\nexport async function ensureRunning() {\n  return launch();\n}`,
      'leak',
    );
  });
  it('flags a factory whose objects stay reachable until a click that may never come', () => {
    tester.flags(
      `export function createPlayer(): AudioContext {\n  const context = new AudioContext();\n  const resume = () => {\n    void context.resume();\n    document.body.removeEventListener('click', resume);\n  };\n  document.body./*!*/addEventListener('click', resume);\n  return context;\n}`,
      'factory',
    );
  });
  it.each([
    [
      'the factory also removes it when the object closes',
      `export function createPlayer(): AudioContext {\n  const context = new AudioContext();\n  const resume = () => {\n    void context.resume();\n    document.body.removeEventListener('click', resume);\n  };\n  document.body.addEventListener('click', resume);\n  context.addEventListener('statechange', () => {\n    if (context.state === 'closed') document.body.removeEventListener('click', resume);\n  });\n  return context;\n}`,
    ],
    [
      'main() that only module-level code calls',
      `async function main() {\n  process.on('SIGINT', () => process.exit(130));\n  await work();\n}\nmain().catch((error) => console.error(error));`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: test code', () => {
  it('leaves a per-test worker alone (it dies with the test)', () => {
    tester.expectValid({
      code: `declare function beforeEach(fn: () => void): void;\ndeclare function it(name: string, fn: () => Promise<void>): void;\nlet worker: EventEmitter;\nbeforeEach(() => {\n  worker = fork('./worker.js');\n});\nit('answers', async () => {\n  await new Promise((resolve) => worker.on('message', resolve));\n});`,
      fileName: 'test/worker.test.ts',
    });
  });
});

describe('listener-leak: the socket of a request outlives it (keep-alive)', () => {
  const http = `import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';\nimport { get } from 'node:http';\n`;
  it('flags an error listener a request handler adds to req.socket', () => {
    tester.flags(
      `${http}export function send(req: IncomingMessage, res: ServerResponse, done: (err?: Error) => void) {\n  const callback = (err?: Error) => done(err);\n  req.on('close', callback);\n  req.socket./*!*/on('error', callback);\n  res.end();\n}`,
      'socket',
    );
  });
  it('flags it in JavaScript, where the request has no type', () => {
    tester.flags(
      `export function send(req, res, done) {\n  const callback = (err) => done(err);\n  req.socket./*!*/on('error', callback);\n  res.end();\n}`,
      'socket',
      { fileName: 'send.js' },
    );
  });
  it("flags a listener on the socket a client request's 'socket' event hands over", () => {
    tester.flags(
      `${http}export function fetchText(url: string, done: (err: Error | null) => void) {\n  const request = get(url, () => done(null));\n  request.on('socket', (socket) => {\n    socket./*!*/on('end', () => done(new Error('closed')));\n  });\n}`,
      'socket',
    );
  });
  it('flags socket.setTimeout(ms, listener), which adds a timeout listener', () => {
    tester.flags(
      `${http}export function arm(request: ClientRequest, reject: (error: Error) => void, ms: number) {\n  const onTimeout = () => reject(new Error('timeout'));\n  request.socket?./*!*/setTimeout(ms, onTimeout);\n}`,
      'socket',
    );
  });
  it.each([
    [
      'removed when the send is over',
      `${http}export function send(req: IncomingMessage, res: ServerResponse, done: (err?: Error) => void) {\n  const callback = (err?: Error) => {\n    req.socket.removeListener('error', callback);\n    done(err);\n  };\n  req.socket.on('error', callback);\n  res.end();\n}`,
    ],
    [
      "removed from request.socket when the request ends (the 'socket' event's socket is request.socket)",
      `${http}export function fetchText(url: string, done: (err: Error | null) => void) {\n  const onEnd = () => done(new Error('closed'));\n  const request = get(url, () => {\n    request.socket?.removeListener('end', onEnd);\n    done(null);\n  });\n  request.once('socket', (socket) => {\n    socket.once('end', onEnd);\n  });\n}`,
    ],
    [
      'the timeout listener taken off when the request closes',
      `${http}export function arm(request: ClientRequest, reject: (error: Error) => void, ms: number) {\n  const onTimeout = () => reject(new Error('timeout'));\n  request.socket?.setTimeout(ms, onTimeout);\n  request.on('close', () => request.socket?.removeListener('timeout', onTimeout));\n}`,
    ],
    [
      "the instance's own socket (this.socket) is the instance's to manage",
      `import type { Socket } from 'node:net';\nexport class Client {\n  constructor(private readonly socket: Socket) {}\n  watch() {\n    this.socket.on('error', () => {});\n  }\n}`,
    ],
    [
      'the global timer (delay second)',
      `export function later(fn: () => void) {\n  globalThis.setTimeout(fn, 10);\n  window.setTimeout(fn, 10);\n}`,
    ],
    [
      'a socket the code reads itself (an upgraded connection: it serves no other request)',
      `${http}export function onUpgrade(response: IncomingMessage, handler: { onData(chunk: Buffer): void; onError(): void }) {\n  response.socket.on('data', handler.onData);\n  response.socket.on('error', handler.onError);\n}`,
    ],
    [
      'a socket the handler destroys when it is done',
      `${http}export function reject(req: IncomingMessage) {\n  req.socket.on('error', () => {});\n  req.socket.destroy();\n}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: once listeners racing in an executor on the instance (const self = this)', () => {
  it('flags the error listener left when the awaited event comes', () => {
    tester.flags(
      `export class Link extends EventEmitter {\n  credit() {\n    const self = this;\n    return new Promise<void>((resolve, reject) => {\n      self.once('credit', () => resolve());\n      self./*!*/once('link-error', (error: Error) => reject(error));\n    });\n  }\n}`,
      'settle',
    );
  });
  it('clean: the error listener removed when the awaited event comes (the emitter that failed takes the rest)', () => {
    tester.expectValid(
      `export class Link extends EventEmitter {\n  credit() {\n    const self = this;\n    return new Promise<void>((resolve, reject) => {\n      const onError = (error: Error) => reject(error);\n      self.once('link-error', onError);\n      self.once('credit', () => {\n        self.removeListener('link-error', onError);\n        resolve();\n      });\n    });\n  }\n}`,
    );
  });
});

describe('listener-leak: code that runs per event of another emitter', () => {
  it('flags a module emitter listener added by a method the connection listener calls', () => {
    tester.flags(
      `export class LiveUpdates {\n  constructor(io: EventEmitter) {\n    io.on('connection', this.onConnection.bind(this));\n  }\n  forward(event: string, socket: EventEmitter) {\n    bus./*!*/on(event, (data: unknown) => socket.emit(event, data));\n  }\n  onConnection(socket: EventEmitter) {\n    this.forward('trend', socket);\n  }\n}`,
      'leak',
    );
  });
  it('flags a listener on the instance added per connection (prototype methods, self = this)', () => {
    tester.flags(
      `'use strict';\nconst { EventEmitter } = require('node:events');\nconst util = require('node:util');\nfunction Handler(io) {\n  EventEmitter.call(this);\n  io.on('connect', this.connect.bind(this));\n}\nutil.inherits(Handler, EventEmitter);\nHandler.prototype.connect = function (socket) {\n  var self = this;\n  self./*!*/on('changed', function () {\n    socket.emit('changed');\n  });\n};\nmodule.exports = Handler;`,
      'leak',
      { fileName: 'handler.js', prelude: '' },
    );
  });
  it.each([
    [
      'the previous listener taken off first',
      `export class LiveUpdates {\n  constructor(io: EventEmitter) {\n    io.on('connection', this.onConnection.bind(this));\n  }\n  forward(event: string, socket: EventEmitter) {\n    bus.removeAllListeners(event);\n    bus.on(event, (data: unknown) => socket.emit(event, data));\n  }\n  onConnection(socket: EventEmitter) {\n    this.forward('trend', socket);\n  }\n}`,
    ],
    [
      'a method called only from the constructor (once per instance, on its own events)',
      `export class Service extends EventEmitter {\n  constructor() {\n    super();\n    this.wire();\n  }\n  wire() {\n    this.on('changed', () => console.log('changed'));\n  }\n}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: React effects run on every mount', () => {
  const react = `import { useEffect, useState } from 'react';\n`;
  it('flags a document listener an effect adds without a cleanup', () => {
    tester.flags(
      `${react}export function Dialog() {\n  const [open, setOpen] = useState(false);\n  useEffect(() => {\n    document./*!*/addEventListener('click', () => setOpen(!open));\n  }, []);\n  return open;\n}`,
      'leak',
      { fileName: 'dialog.tsx' },
    );
  });
  it('flags a cleanup that removes what addEventListener returned (undefined), not the handler', () => {
    tester.flags(
      `${react}export function Header() {\n  const [y, setY] = useState(0);\n  useEffect(() => {\n    const onScroll = window./*!*/addEventListener('scroll', () => setY(window.scrollY));\n    return () => window.removeEventListener('scroll', onScroll as never);\n  }, []);\n  return y;\n}`,
      'leak',
      { fileName: 'header.tsx' },
    );
  });
  it.each([
    [
      'an unsubscribe function kept from the registration',
      `${react}declare const store: { on(event: string, fn: () => void): () => void };\nexport function Badge() {\n  const [count, setCount] = useState(0);\n  useEffect(() => {\n    const off = store.on('change', () => setCount((value) => value + 1));\n    return off;\n  }, []);\n  return count;\n}`,
    ],
    [
      'the cleanup removes the same handler',
      `${react}export function Dialog() {\n  const [open, setOpen] = useState(false);\n  useEffect(() => {\n    const onClick = () => setOpen((value) => !value);\n    document.addEventListener('click', onClick);\n    return () => document.removeEventListener('click', onClick);\n  }, []);\n  return open;\n}`,
    ],
    [
      "a listener on the component's own element (a ref): it goes with the element",
      `${react}import { useRef } from 'react';\nexport function Box() {\n  const ref = useRef<HTMLDivElement>(null);\n  useEffect(() => {\n    ref.current?.addEventListener('click', () => console.log('click'));\n  }, []);\n  return ref;\n}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid({ code, fileName: 'dialog.tsx' });
  });
});

describe('listener-leak: constructor functions with a lifecycle', () => {
  const es5 = `'use strict';\nconst util = require('node:util');\nconst { EventEmitter } = require('node:events');\n`;
  it('flags a process listener each instance adds that stop() leaves', () => {
    tester.flags(
      `${es5}function Discovery() {\n  EventEmitter.call(this);\n  process./*!*/on('exit', this.stop.bind(this));\n}\nutil.inherits(Discovery, EventEmitter);\nDiscovery.prototype.stop = function () {\n  this.emit('stopped');\n};\nmodule.exports = Discovery;`,
      'lifecycle',
      { fileName: 'discovery.js', prelude: '' },
    );
  });
  it('clean: stop() removes it', () => {
    tester.expectValid({
      code: `${es5}function Discovery() {\n  EventEmitter.call(this);\n  this.onExit = this.stop.bind(this);\n  process.on('exit', this.onExit);\n}\nutil.inherits(Discovery, EventEmitter);\nDiscovery.prototype.stop = function () {\n  process.removeListener('exit', this.onExit);\n};\nmodule.exports = Discovery;`,
      fileName: 'discovery.js',
      prelude: '',
    });
  });
});

describe('listener-leak: a failure listener that only removes itself', () => {
  it('flags an error listener left on the caller’s stream when the read succeeds', () => {
    tester.flags(
      `export function readChunk(stream: NodeJS.ReadableStream, cb: (err: Error | null, chunk?: unknown) => void) {\n  const onEnd = () => {\n    stream.removeListener('end', onEnd);\n    cb(null, null);\n  };\n  const onEarlyError = (err: Error) => {\n    stream.removeListener('error', onEarlyError);\n    cb(err);\n  };\n  stream./*!*/on('error', onEarlyError);\n  const chunk = stream.read();\n  if (chunk) cb(null, chunk);\n  else stream.on('end', onEnd);\n}`,
      'selfOnly',
    );
  });
  it.each([
    [
      'removed right after the read',
      `export function readChunk(stream: NodeJS.ReadableStream, cb: (err: Error | null, chunk?: unknown) => void) {\n  const onEnd = () => {\n    stream.removeListener('end', onEnd);\n    cb(null, null);\n  };\n  const onEarlyError = (err: Error) => {\n    stream.removeListener('error', onEarlyError);\n    cb(err);\n  };\n  stream.on('error', onEarlyError);\n  const chunk = stream.read();\n  stream.removeListener('error', onEarlyError);\n  if (chunk) cb(null, chunk);\n  else stream.on('end', onEnd);\n}`,
    ],
    [
      'a pointer-up listener that tears the drag down (an event that comes)',
      `export function startDrag(onMove: (event: PointerEvent) => void) {\n  const teardown = () => {\n    window.removeEventListener('pointermove', onMove);\n    window.removeEventListener('pointerup', teardown);\n  };\n  window.addEventListener('pointermove', onMove);\n  window.addEventListener('pointerup', teardown);\n}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: removals the rule used to miss', () => {
  it('clean: per-drag listeners removed through the references stored next to them (excalidraw)', () => {
    tester.expectValid(
      `interface DragState {\n  listeners: { onMove: ((event: PointerEvent) => void) | null; onUp: ((event: PointerEvent) => void) | null };\n}\nexport class Canvas {\n  private drag: DragState | null = null;\n  pointerDown() {\n    const state: DragState = { listeners: { onMove: null, onUp: null } };\n    const onMove = (event: PointerEvent) => console.log(event.x);\n    const onUp = () => this.pointerUp(state);\n    window.addEventListener('pointermove', onMove);\n    window.addEventListener('pointerup', onUp);\n    state.listeners.onMove = onMove;\n    state.listeners.onUp = onUp;\n    this.drag = state;\n  }\n  pointerUp(state: DragState) {\n    window.removeEventListener('pointermove', state.listeners.onMove!);\n    window.removeEventListener('pointerup', state.listeners.onUp!);\n    this.drag = null;\n    this.pointerDown();\n  }\n}`,
    );
  });
  it('clean: a settle through an executor helper that only runs after the cleanup (redis wait.ts)', () => {
    tester.expectValid(
      `export function waitLoop(signal: AbortSignal | undefined, attempt: () => Promise<boolean>) {\n  return new Promise<void>((resolve, reject) => {\n    let finished = false;\n    const finish = (settle: () => void) => {\n      if (finished) return;\n      finished = true;\n      signal?.removeEventListener('abort', onAbort);\n      settle();\n    };\n    const onAbort = () => finish(() => reject(signal?.reason));\n    signal?.addEventListener('abort', onAbort, { once: true });\n    const fail = (error: Error) => {\n      reject(error);\n    };\n    attempt().then(\n      () => finish(() => resolve()),\n      (error: unknown) => finish(() => fail(error as Error)),\n    );\n  });\n}`,
    );
  });
  it('still flags a helper that settles without the cleanup', () => {
    tester.flags(
      `export function waitLoop(signal: AbortSignal | undefined, attempt: () => Promise<boolean>) {\n  return new Promise<void>((resolve, reject) => {\n    const onAbort = () => {\n      signal?.removeEventListener('abort', onAbort);\n      reject(signal?.reason);\n    };\n    signal?./*!*/addEventListener('abort', onAbort, { once: true });\n    const fail = (error: Error) => {\n      reject(error);\n    };\n    attempt().then(() => {\n      signal?.removeEventListener('abort', onAbort);\n      resolve();\n    }, (error: unknown) => fail(error as Error));\n  });\n}`,
      'settle',
    );
  });
});

describe('listener-leak: strict, a process listener holding an instance of a class without a lifecycle', () => {
  const code = `export class HelperManager {\n  load(): void {\n    process./*!*/on('exit', () => this.onExit());\n  }\n  onExit(): void {}\n}`;
  it('is left out by default (most such classes are made once)', () => {
    tester.expectValid(code.replace('/*!*/', ''));
  });
  it('is reported with { strict: true }', () => {
    tester.flags(code, 'instance', { options: { strict: true } });
  });
  it('clean with { strict: true }: the instance removes it when it exits', () => {
    tester.expectValid({
      code: `export class HelperManager {\n  private readonly listener = () => this.onExit();\n  load(): void {\n    process.on('exit', this.listener);\n  }\n  onExit(): void {\n    process.removeListener('exit', this.listener);\n  }\n}`,
      options: { strict: true },
    });
  });
});

describe('listener-leak: an async method only the constructor calls runs once per instance', () => {
  it.each([
    [
      'TypeScript: a bot that listens on the client it is given (eritislami/evobot)',
      `export class Bot {\n  constructor(private readonly client: EventEmitter) {\n    this.client.on('warn', (info: string) => console.log(info));\n    void this.listen();\n  }\n  private async listen() {\n    this.client.on('interaction', async (name: string) => {\n      await work();\n      console.log(name);\n    });\n  }\n}`,
      {},
    ],
    [
      'JavaScript: an init method the constructor calls',
      `class Watcher {\n  constructor(source) {\n    this.source = source;\n    this.init();\n  }\n  async init() {\n    await Promise.resolve();\n    this.source.on('change', () => console.log('changed'));\n  }\n}\nmodule.exports = { Watcher };`,
      { fileName: 'watcher.js', prelude: '' },
    ],
  ])('leaves %s', (_name, code, options) => {
    tester.expectValid({ code, ...options });
  });

  it('still flags the method when other code calls it again (a reconnect)', () => {
    tester.flags(
      `export class Bot {\n  constructor(private readonly client: EventEmitter) {\n    void this.listen();\n  }\n  async reconnect() {\n    await work();\n    await this.listen();\n  }\n  private async listen() {\n    this.client./*!*/on('interaction', (name: string) => console.log(name));\n  }\n}`,
      'leak',
    );
  });
});
