import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// A check of the object a slot holds (its state: `ws.readyState`, `client.connected`, `session.expiresAt`) followed,
// after an `await`, by a write that replaces that object: every call made meanwhile passes the same check and opens
// its own connection (jackwener/OpenCLI's `connect()` with an async gap between the `readyState` check and `new
// WebSocket`, and the duplicate-socket fixes of masto.js, neos-ts and mezon of the same kind), rewritten in our own
// code; the negatives are the fixes: the attempt in flight stored before the first `await`, or a re-check after it.
const tester = ruleTester('check-then-act', {
  prelude: `declare function currentContext(): Promise<string>;
declare function openClient(url: string): Promise<{ connected: boolean; send(data: string): void }>;
`,
});

describe('check-then-act: a property of the held object checked, the object replaced after an await', () => {
  it('reports a module socket checked by its readyState and replaced after an await', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `let ws: WebSocket | undefined;
let context = '';
export async function connect(url: string): Promise<void> {
  if (ws?.readyState === WebSocket.OPEN || ws?.readyState === WebSocket.CONNECTING) return;
  context = await currentContext();
  /*!*/ws = new WebSocket(url + '?context=' + context);
}`,
    });
  });
  it('reports a field holding a client checked by a property of it (JavaScript class)', () => {
    tester.expectInvalid({
      fileName: 'src/link.js',
      prelude: '',
      messageId: 'lazyInit',
      code: `async function openClient(url) { return { connected: true, url }; }
class Link {
  constructor(url) { this.url = url; this.client = null; }
  async send(data) {
    if (this.client?.connected !== true) {
      /*!*/this.client = await openClient(this.url);
    }
    this.client.send(data);
  }
}
module.exports = { Link };`,
    });
  });
  it('leaves alone the fix: the attempt in flight stored before the first await, later calls join it', () => {
    tester.expectValid(`let ws: WebSocket | undefined;
let connecting: Promise<void> | null = null;
export function connect(url: string): Promise<void> {
  if (connecting) return connecting;
  if (ws?.readyState === WebSocket.OPEN || ws?.readyState === WebSocket.CONNECTING) return Promise.resolve();
  connecting = (async () => {
    try {
      const context = await currentContext();
      ws = new WebSocket(url + '?context=' + context);
    } finally {
      connecting = null;
    }
  })();
  return connecting;
}`);
  });
  it('leaves alone a re-check of the held object after the await', () => {
    tester.expectValid(`export class Link {
  private client: { connected: boolean; send(data: string): void } | null = null;
  constructor(private readonly url: string) {}
  async send(data: string): Promise<void> {
    if (!this.client?.connected) {
      const client = await openClient(this.url);
      if (this.client?.connected) return this.client.send(data);
      this.client = client;
    }
    this.client.send(data);
  }
}`);
  });
  it('leaves alone a property of the held object handed to a predicate, the object replaced by a resume method (mongodb change stream)', () => {
    tester.expectValid(`declare function isRetryable(error: unknown, version: number): boolean;
declare function openCursor(): Promise<{ version: number; close(): Promise<void> }>;
export class Stream {
  private cursor = { version: 0, close: async () => {} };
  private async resume(): Promise<void> {
    await this.cursor.close();
    this.cursor = await openCursor();
  }
  async onError(error: unknown): Promise<void> {
    if (isRetryable(error, this.cursor.version)) {
      await this.resume();
    }
  }
}`);
  });
  it('leaves alone a buffer found empty and refilled by a method the call awaits (mongodb cursor)', () => {
    tester.expectValid({
      fileName: 'src/cursor.js',
      prelude: '',
      code: `class Cursor {
  constructor(source) { this.source = source; this.documents = []; }
  async fetchBatch() {
    const batch = await this.source.next();
    this.documents = batch;
  }
  async hasNext() {
    if ((this.documents?.length ?? 0) !== 0) return true;
    await this.fetchBatch();
    return this.documents.length !== 0;
  }
}
module.exports = { Cursor };`,
    });
  });
  it('leaves alone a property checked and another slot written', () => {
    tester.expectValid(`let ws: WebSocket | undefined;
let lastContext = '';
export async function remember(): Promise<void> {
  if (ws?.readyState !== WebSocket.OPEN) return;
  lastContext = await currentContext();
}`);
  });
});
