import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Where an emitter comes from when the code gets it from a call, and how often it is made when it is made only while
// missing; and a removal that runs after the wait, outside the executor. Each class flagged and its fixed form clean.
const tester = ruleTester('listener-leak', { suffix: '\n' });

describe('listener-leak: an emitter handed back by a call that keeps it (a field, a module cache)', () => {
  it('flags a per-call listener on the bus a method of another object hands back (TypeScript, crawlee)', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
export class Settings {
  private static current: Settings | undefined;
  private readonly bus = new EventEmitter();
  static global(): Settings {
    Settings.current ??= new Settings();
    return Settings.current;
  }
  eventBus(): EventEmitter {
    return this.bus;
  }
}
export class UrlList {
  private readonly bus: EventEmitter;
  constructor(private readonly key: string) {
    this.bus = Settings.global().eventBus();
  }
  async load(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.bus./*!*/on('persist', () => this.save());
  }
  save(): void {
    console.log('saved', this.key);
  }
}`,
      'leak',
    );
  });
  it('flags the same when the method that hands the bus back is in another file', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
import { settings } from './settings.js';
export class UrlList {
  private readonly bus: EventEmitter = settings.eventBus();
  async load(key: string): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.bus./*!*/on('persist', () => console.log('saved', key));
  }
}`,
      'leak',
      {
        fileName: 'url-list.ts',
        files: {
          'settings.ts': `import { EventEmitter } from 'node:events';
class Settings {
  private readonly bus = new EventEmitter();
  eventBus(): EventEmitter {
    return this.bus;
  }
}
export const settings = new Settings();
`,
        },
      },
    );
  });
  it('flags a listener per query on a pool taken from a module-level cache (CommonJS)', () => {
    tester.flags(
      `'use strict';
const { EventEmitter } = require('node:events');
const pools = {};
function poolFor(key) {
  return pools[key] ? pools[key] : (pools[key] = new EventEmitter());
}
async function run(key, sql) {
  const pool = poolFor(key);
  pool./*!*/on('error', (err) => console.log('failed', sql, err));
  await new Promise((resolve) => setImmediate(resolve));
}
module.exports = { run };`,
      'leak',
      { fileName: 'agent.js' },
    );
  });
  it.each([
    [
      'the bus is taken off in teardown()',
      `import { EventEmitter } from 'node:events';
export class Settings {
  private readonly bus = new EventEmitter();
  eventBus(): EventEmitter {
    return this.bus;
  }
}
export class UrlList {
  private readonly bus: EventEmitter;
  constructor(settings: Settings, private readonly key: string) {
    this.bus = settings.eventBus();
    this.save = this.save.bind(this);
  }
  async load(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.bus.on('persist', this.save);
  }
  async teardown(): Promise<void> {
    this.bus.off('persist', this.save);
  }
  save(): void {
    console.log('saved', this.key);
  }
}`,
    ],
    [
      'the method makes a new emitter on every call (each listener goes with its emitter)',
      `import { EventEmitter } from 'node:events';
export class Factory {
  channel(): EventEmitter {
    return new EventEmitter();
  }
}
export async function listen(factory: Factory): Promise<void> {
  const channel = factory.channel();
  channel.on('message', (text: string) => console.log(text));
  await new Promise((resolve) => setImmediate(resolve));
}`,
    ],
    [
      'the method replaces the field it hands back on every call',
      `import { EventEmitter } from 'node:events';
export class Factory {
  private current: EventEmitter | undefined;
  fresh(): EventEmitter {
    this.current = new EventEmitter();
    return this.current;
  }
}
export async function listen(factory: Factory): Promise<void> {
  const channel = factory.fresh();
  channel.on('message', (text: string) => console.log(text));
  await new Promise((resolve) => setImmediate(resolve));
}`,
    ],
    [
      'the cached pool gets its error listener once, where it is made (CommonJS)',
      `'use strict';
const { EventEmitter } = require('node:events');
const pools = {};
function poolFor(key) {
  if (!pools[key]) {
    pools[key] = new EventEmitter();
    pools[key].on('error', (err) => console.log('failed', err));
  }
  return pools[key];
}
async function run(key) {
  const pool = poolFor(key);
  await new Promise((resolve) => setImmediate(resolve));
  return pool;
}
module.exports = { run };`,
    ],
  ])('clean: %s', (_name, code) => {
    tester.expectValid({ code, fileName: code.includes('require(') ? 'agent.js' : 'input.ts' });
  });
});

describe('listener-leak: an emitter made only while it is missing is the same one on every later run', () => {
  it('flags the handlers a restart adds again to the server it kept (JavaScript class, Arsenal)', () => {
    tester.flags(
      `'use strict';
const http = require('node:http');
class PortServer {
  constructor(port, onFailure) {
    this.port = port;
    this.onFailure = onFailure;
    this.server = null;
  }
  handleError(err) {
    if (this.onFailure(err) === true) process.nextTick(() => this.start());
  }
  start() {
    if (!this.server) {
      this.server = http.createServer((req, res) => res.end('ok'));
    }
    this.server./*!*/on('error', (err) => this.handleError(err));
    this.server.listen(this.port);
    return this;
  }
}
module.exports = { PortServer };`,
      'repeated',
      { fileName: 'server.js' },
    );
  });
  it('flags the same in TypeScript with an `=== undefined` check', () => {
    tester.flags(
      `import { createServer, type Server } from 'node:http';
export class PortServer {
  private server: Server | undefined;
  constructor(private readonly port: number) {}
  private retry(): void {
    setTimeout(() => this.start(), 1000);
  }
  start(): void {
    if (this.server === undefined) this.server = createServer((req, res) => res.end('ok'));
    this.server./*!*/on('error', () => this.retry());
    this.server.listen(this.port);
  }
}`,
      'repeated',
    );
  });
  it.each([
    [
      'the handlers are added in the branch that makes the server (JavaScript)',
      `'use strict';
const http = require('node:http');
class PortServer {
  constructor(port, onFailure) {
    this.port = port;
    this.onFailure = onFailure;
    this.server = null;
  }
  handleError(err) {
    if (this.onFailure(err) === true) process.nextTick(() => this.start());
  }
  start() {
    if (!this.server) {
      this.server = http.createServer((req, res) => res.end('ok'));
      this.server.on('error', (err) => this.handleError(err));
    }
    this.server.listen(this.port);
    return this;
  }
}
module.exports = { PortServer };`,
    ],
    [
      'every run makes a new server (no check), so each listener goes with its own',
      `import { createServer, type Server } from 'node:http';
export class PortServer {
  private server: Server | undefined;
  constructor(private readonly port: number) {}
  private retry(): void {
    setTimeout(() => this.start(), 1000);
  }
  start(): void {
    this.server = createServer((req, res) => res.end('ok'));
    this.server.on('error', () => this.retry());
    this.server.listen(this.port);
  }
}`,
    ],
  ])('clean: %s', (_name, code) => {
    tester.expectValid({ code, fileName: code.includes('require(') ? 'server.js' : 'input.ts' });
  });
});

describe('listener-leak: a handler kept in a variable the executor assigns, removed once the wait is over', () => {
  it.each([
    [
      'removed in `.finally` on the promise, outside the executor (TypeScript)',
      `import type { EventEmitter } from 'node:events';
export function waitReady(emitter: EventEmitter, ms: number): Promise<void> {
  let onReady: () => void = () => {};
  const waiting = new Promise<void>((resolve, reject) => {
    onReady = () => resolve();
    emitter.once('ready', onReady);
    setTimeout(() => reject(new Error('timeout')), ms);
  });
  return waiting.finally(() => emitter.off('ready', onReady));
}`,
    ],
    [
      'removed in the `finally` block after the await (JavaScript)',
      `export async function waitOpen(socket, ms) {
  let onOpen = () => {};
  let timer;
  try {
    await new Promise((resolve, reject) => {
      onOpen = () => resolve();
      socket.once('open', onOpen);
      timer = setTimeout(() => reject(new Error('timeout')), ms);
    });
  } finally {
    clearTimeout(timer);
    socket.off('open', onOpen);
  }
}`,
    ],
  ])('clean: %s', (_name, code) => {
    tester.expectValid({ code, fileName: code.includes(': EventEmitter') ? 'input.ts' : 'wait.js' });
  });
  it('flags it when the removal runs only after the wait succeeds (`.then`)', () => {
    tester.flags(
      `import type { EventEmitter } from 'node:events';
export function waitReady(emitter: EventEmitter, ms: number): Promise<void> {
  let onReady: () => void = () => {};
  const waiting = new Promise<void>((resolve, reject) => {
    onReady = () => resolve();
    emitter./*!*/once('ready', onReady);
    setTimeout(() => reject(new Error('timeout')), ms);
  });
  return waiting.then(() => emitter.off('ready', onReady));
}`,
      'settle',
    );
  });
});

describe('listener-leak: a listener added from the listener of an event its library documents as coming once', () => {
  const desktop = `declare module 'desktop-shell' {
  import { EventEmitter } from 'node:events';
  interface Shell extends EventEmitter {
    /** Emitted once, when the shell has finished initializing. */
    on(event: 'ready', listener: () => void): this;
    /** Emitted when the user activates the application (each click on its icon). */
    on(event: 'activate', listener: () => void): this;
  }
  interface Screen extends EventEmitter {
    on(event: 'display-removed', listener: () => void): this;
  }
  export const shell: Shell;
  export const screen: Screen;
}
`;
  it('clean: added from a module-level `ready` listener the library documents as emitted once (caprine)', () => {
    tester.expectValid({
      code: `import { screen, shell } from 'desktop-shell';
shell.on('ready', () => {
  screen.on('display-removed', () => console.log('moved'));
});`,
      files: { 'desktop-shell.d.ts': desktop },
    });
  });
  it('flags the same added from an event that comes again (`activate`)', () => {
    tester.flags(
      `import { screen, shell } from 'desktop-shell';
shell.on('activate', () => {
  screen./*!*/on('display-removed', () => console.log('moved'));
});`,
      'leak',
      { files: { 'desktop-shell.d.ts': desktop } },
    );
  });
  it('flags the `ready` listener when a function that runs per call registers it', () => {
    tester.flags(
      `import { screen, shell } from 'desktop-shell';
export async function openWindow(name: string): Promise<void> {
  shell.on('ready', () => {
    screen./*!*/on('display-removed', () => console.log('moved', name));
  });
}`,
      'leak',
      { files: { 'desktop-shell.d.ts': desktop } },
    );
  });
});
