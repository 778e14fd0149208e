import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// What the code itself says about an emitter's lifetime (it takes some listeners off, it can be ended and started
// again), and removals spelled in the ways real code spells them. Each shape in two spellings, with its fixed code.
const tester = ruleTester('listener-leak', { prelude: '', suffix: '\n' });

const sshClient = `import { EventEmitter } from 'node:events';
declare class SshClient extends EventEmitter {
  connect(config: object): this;
  openSession(callback: (err: Error | undefined, session: object) => void): void;
}
declare function retryOperation(): { attempt(fn: (n: number) => void): void; retry(err: Error): boolean };
`;

describe('listener-leak: a listener left while the code takes its sibling off the same emitter', () => {
  it('flags the ready listener each attempt of a retry leaves on the instance’s client (TypeScript, class)', () => {
    tester.flags(
      `${sshClient}export class Session {
  private readonly client = new SshClient();
  connect(config: object): Promise<object> {
    const operation = retryOperation();
    return new Promise((resolve, reject) => {
      operation.attempt(() => {
        const onError = (err: Error) => {
          this.client.removeListener('error', onError);
          if (!operation.retry(err)) reject(err);
        };
        this.client
          ./*!*/on('ready', () => {
            this.client.removeListener('error', onError);
            this.client.openSession((err, session) => (err ? reject(err) : resolve(session)));
          })
          .on('error', onError)
          .connect(config);
      });
    });
  }
}`,
      'sibling',
    );
  });
  it('clean: the failed attempt takes its ready listener off too', () => {
    tester.expectValid(`${sshClient}export class Session {
  private readonly client = new SshClient();
  connect(config: object): Promise<object> {
    const operation = retryOperation();
    return new Promise((resolve, reject) => {
      operation.attempt(() => {
        const onReady = () => {
          this.client.removeListener('error', onError);
          this.client.openSession((err, session) => (err ? reject(err) : resolve(session)));
        };
        const onError = (err: Error) => {
          this.client.removeListener('error', onError);
          this.client.removeListener('ready', onReady);
          if (!operation.retry(err)) reject(err);
        };
        this.client.on('ready', onReady).on('error', onError).connect(config);
      });
    });
  }
}`);
  });

  const socketWatch = (body: string) => `'use strict';
function watchEnding(request, onCut) {
  let sawEnd = false;
  request.on('socket', (socket) => {
    const onClose = () => {
      if (!sawEnd) onCut(new Error('premature close'));
    };
${body}
  });
}
module.exports = { watchEnding };
`;
  it("flags the data listener a request leaves on its keep-alive socket while 'close' is taken off (CommonJS)", () => {
    tester.flags(
      socketWatch(`    socket.prependListener('close', onClose);
    request.on('abort', () => socket.removeListener('close', onClose));
    socket./*!*/on('data', (chunk) => {
      sawEnd = chunk.length === 0;
    });`),
      'sibling',
      { fileName: 'watch.js' },
    );
  });
  it('clean: both are taken off when the request closes', () => {
    tester.expectValid({
      code: socketWatch(`    const onData = (chunk) => {
      sawEnd = chunk.length === 0;
    };
    socket.prependListener('close', onClose);
    socket.on('data', onData);
    request.on('close', () => {
      socket.removeListener('close', onClose);
      socket.removeListener('data', onData);
    });`),
      fileName: 'watch.js',
    });
  });
  it.each([
    [
      'the emitter is made by the function itself (its listeners go with it)',
      `import { spawn } from 'node:child_process';
export function run(command: string) {
  const child = spawn(command);
  const onError = (err: Error) => console.error(err);
  child.on('error', onError);
  child.stdout.on('data', (chunk: Buffer) => console.log(String(chunk)));
  child.on('spawn', () => child.removeListener('error', onError));
}`,
    ],
    [
      'the code waits for the emitter to end (what is left goes with it)',
      `export function collect(stream: NodeJS.ReadableStream, done: (err: Error | null, text?: string) => void) {
  let text = '';
  const onError = (err: Error) => done(err);
  stream.on('error', onError);
  stream.on('data', (chunk: Buffer) => (text += String(chunk)));
  stream.on('end', () => {
    stream.removeListener('error', onError);
    done(null, text);
  });
}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: a listener a start method adds to the instance, left by the method that ends it', () => {
  it('flags connect(callback) listeners that close() leaves (constructor function, self = this)', () => {
    tester.flags(
      `'use strict';
const { EventEmitter } = require('node:events');
const util = require('node:util');
function Client(options) {
  EventEmitter.call(this);
  this.url = options.url;
  this.socket = null;
}
util.inherits(Client, EventEmitter);
Client.prototype.connect = function (onConnected) {
  const self = this;
  if (onConnected) {
    self./*!*/addListener('connected', function () {
      onConnected(undefined);
    });
  }
  self.socket = new WebSocket(self.url);
};
Client.prototype.close = function () {
  this.socket.close();
};
module.exports = Client;`,
      'restart',
      { fileName: 'client.js' },
    );
  });
  it('clean: close() takes the listeners off (removeAllListeners of the event)', () => {
    tester.expectValid({
      code: `'use strict';
const { EventEmitter } = require('node:events');
const util = require('node:util');
function Client(options) {
  EventEmitter.call(this);
  this.url = options.url;
  this.socket = null;
}
util.inherits(Client, EventEmitter);
Client.prototype.connect = function (onConnected) {
  const self = this;
  if (onConnected) {
    self.addListener('connected', function () {
      onConnected(undefined);
    });
  }
  self.socket = new WebSocket(self.url);
};
Client.prototype.close = function () {
  this.socket.close();
  this.removeAllListeners('connected');
};
module.exports = Client;`,
      fileName: 'client.js',
    });
  });
  it('flags it in a class (TypeScript)', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
export class Feed extends EventEmitter {
  private socket: WebSocket | undefined;
  start(url: string, onItem: (item: string) => void): void {
    this./*!*/on('item', (item: string) => onItem(item));
    this.socket = new WebSocket(url);
    this.socket.onmessage = (message) => this.emit('item', String(message.data));
  }
  stop(): void {
    this.socket?.close();
  }
}`,
      'restart',
    );
  });
  it.each([
    [
      'stop() removes it',
      `import { EventEmitter } from 'node:events';
export class Feed extends EventEmitter {
  private socket: WebSocket | undefined;
  start(url: string, onItem: (item: string) => void): void {
    this.on('item', (item: string) => onItem(item));
    this.socket = new WebSocket(url);
  }
  stop(): void {
    this.socket?.close();
    this.off('item');
  }
}`,
    ],
    [
      "the caller's own listener handed over as is (a subscription API)",
      `import { EventEmitter } from 'node:events';
export class Feed extends EventEmitter {
  onItem(listener: (item: string) => void): void {
    this.on('item', listener);
  }
  stop(): void {
    this.emit('stopped');
  }
}`,
    ],
    [
      'a listener that holds nothing of the call',
      `import { EventEmitter } from 'node:events';
export class Feed extends EventEmitter {
  private count = 0;
  start(url: string): void {
    this.on('item', () => this.count++);
    console.log(url);
  }
  stop(): void {
    this.emit('stopped');
  }
}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('listener-leak: removals spelled other ways', () => {
  const react = `import { useEffect, useState } from 'react';
declare const socket: { on(event: string, fn: (data: string) => void): void; off(event?: string, fn?: unknown): void };
`;
  it('flags a socket.io listener an effect adds without a cleanup', () => {
    tester.flags(
      `${react}export function Chat() {
  const [lines, setLines] = useState<string[]>([]);
  useEffect(() => {
    socket./*!*/on('message', (line) => setLines((all) => [...all, line]));
  }, []);
  return lines;
}`,
      'leak',
      { fileName: 'chat.tsx' },
    );
  });
  it("clean: the cleanup calls off('message') without the function (every listener of the event)", () => {
    tester.expectValid({
      code: `${react}export function Chat() {
  const [lines, setLines] = useState<string[]>([]);
  useEffect(() => {
    socket.on('message', (line) => setLines((all) => [...all, line]));
    return () => socket.off('message');
  }, []);
  return lines;
}`,
      fileName: 'chat.tsx',
    });
  });
  it.each([
    [
      'removed through a helper of the file that is handed the emitter and the function',
      `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
function unlisten(emitter: EventEmitter, event: string, listener: (...args: unknown[]) => void) {
  emitter.removeListener(event, listener);
}
export async function waitForJob(id: string): Promise<void> {
  const onDone = (done: string) => console.log(done, id);
  bus.on('done', onDone);
  try {
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    unlisten(bus, 'done', onDone);
  }
}`,
    ],
    [
      'kept in an array and taken off in a loop over it',
      `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export async function watch(id: string): Promise<void> {
  const taken: Array<[string, (value: string) => void]> = [];
  const onDone = (value: string) => console.log(value, id);
  bus.on('done', onDone);
  taken.push(['done', onDone]);
  try {
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    for (const [event, listener] of taken) bus.off(event, listener);
  }
}`,
    ],
  ] as const)('clean: %s', (_name, code) => {
    tester.expectValid(code);
  });
  it('still flags when the helper takes off another function', () => {
    tester.flags(
      `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
function unlisten(emitter: EventEmitter, event: string, listener: (...args: unknown[]) => void) {
  emitter.removeListener(event, listener);
}
export async function waitForJob(id: string): Promise<void> {
  const onDone = (done: string) => console.log(done, id);
  bus./*!*/on('done', onDone);
  try {
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    unlisten(bus, 'done', () => onDone(''));
  }
}`,
      'mismatch',
    );
  });
});

describe('listener-leak: a removal that passes a member the instance never has', () => {
  it('flags the listener whose removal names an undefined method (JavaScript class)', () => {
    tester.flags(
      `export class Dragger {
  constructor(node) {
    this.node = node;
    this.onMove = this.onMove.bind(this);
    window.addEventListener('mousemove', this.onMove);
    window./*!*/addEventListener('touchmove', this.onMove);
  }
  destroy() {
    window.removeEventListener('mousemove', this.onMove);
    window.removeEventListener('touchmove', this.onTouchMove);
  }
  onMove(event) {
    this.node.style.left = \`\${event.clientX}px\`;
  }
}`,
      'mismatch',
      { fileName: 'dragger.js' },
    );
  });
  it('flags it in a constructor function with prototype methods (`self`)', () => {
    tester.flags(
      `'use strict';
function Watcher(target) {
  const self = this;
  self.target = target;
  self.handleResize = function () { self.target.resize(); };
  window./*!*/addEventListener('resize', self.handleResize);
}
Watcher.prototype.close = function () {
  const self = this;
  window.removeEventListener('resize', self.onResize);
};
module.exports = { Watcher };`,
      'mismatch',
      { fileName: 'watcher.js' },
    );
  });
  it('clean: the removal names the member that was added (JavaScript class)', () => {
    tester.expectValid({
      fileName: 'dragger.js',
      code: `export class Dragger {
  constructor(node) {
    this.node = node;
    this.onMove = this.onMove.bind(this);
    window.addEventListener('touchmove', this.onMove);
  }
  destroy() {
    window.removeEventListener('touchmove', this.onMove);
  }
  onMove(event) {
    this.node.style.left = \`\${event.touches[0].clientX}px\`;
  }
}`,
    });
  });
  it('clean: a member assigned later by another method (`this.handler = …` in `start`)', () => {
    tester.expectValid({
      fileName: 'watcher.js',
      code: `export class Watcher {
  start() {
    this.handler = () => this.tick();
    window.addEventListener('resize', this.handler);
  }
  stop() {
    window.removeEventListener('resize', this.handler);
  }
  tick() {}
}`,
    });
  });
});
