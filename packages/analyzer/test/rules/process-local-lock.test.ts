import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const header = `import express from 'express';
declare function charge(id: string): Promise<void>;
const app = express();
`;
const tester = ruleTester('process-local-lock', { prelude: header });

describe('process-local-lock: flagged', () => {
  it.each([
    [
      'a Set lock in an Express handler',
      `const inFlight = new Set<string>();
app.post('/orders/:id/pay', async (req, res) => {
  const id = req.params.id;
  if (inFlight.has(id)) return res.status(409).end();
  inFlight.add(id);
  try {
    await charge(id);
    res.sendStatus(204);
  } finally {
    inFlight.delete(id);
  }
});`,
      [5, 3],
    ],
    [
      'a Map lock with a timestamp',
      `const locks = new Map<string, number>();
export async function pay(id: string) {
  if (locks.get(id)) throw new Error('busy');
  locks.set(id, Date.now());
  await charge(id);
  locks.delete(id);
}`,
      [4, 3],
    ],
    [
      'a Map lock with true',
      `const busy = new Map<string, boolean>();
export async function pay(id: string) {
  if (busy.has(id)) return;
  busy.set(id, true);
  try { await charge(id); } finally { busy.delete(id); }
}`,
      [4, 3],
    ],
    [
      'a lock keyed by a property',
      `const running = new Set<string>();
app.post('/jobs', async (req, res) => {
  const body = req.body as { jobId: string };
  if (running.has(body.jobId)) { res.status(409).end(); return; }
  running.add(body.jobId);
  await charge(body.jobId);
  running.delete(body.jobId);
  res.end();
});`,
      [5, 3],
    ],
    [
      'a conditional expression check',
      `const pending = new Set<string>();
export async function sync(id: string) {
  const skip = pending.has(id) ? true : false;
  if (skip) return;
  pending.add(id);
  await charge(id);
  pending.delete(id);
}`,
      [5, 3],
    ],
  ])('%s', (_name, code, [line, column]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId: 'localLock' }] });
  });

  it.each([
    [
      'in a file without a server import, a (req, res) handler',
      `const locks = new Set<string>();
export async function handler(req: { id: string }, res: { end(): void }) {
  if (locks.has(req.id)) return res.end();
  locks.add(req.id);
  await Promise.resolve();
  locks.delete(req.id);
}`,
      [4, 3],
    ],
    [
      'a Koa-style ctx handler',
      `const locks = new Set<string>();
export async function route(ctx: { params: { id: string }; status: number }) {
  if (locks.has(ctx.params.id)) { ctx.status = 409; return; }
  locks.add(ctx.params.id);
  await Promise.resolve();
  locks.delete(ctx.params.id);
}`,
      [4, 3],
    ],
    [
      'a handler in a node:http server file',
      `import { createServer } from 'node:http';
const busy = new Set<string>();
createServer(async (request, response) => {
  const url = request.url ?? '/';
  if (busy.has(url)) { response.end(); return; }
  busy.add(url);
  await Promise.resolve();
  busy.delete(url);
  response.end();
});`,
      [6, 3],
    ],
  ])('%s', (_name, code, [line, column]) => {
    tester.expectInvalid({ code, prelude: '', errors: [{ line, column, messageId: 'localLock' }] });
  });

  it('reports at info severity with the fix', () => {
    const [finding] = tester.findings(`const s = new Set<string>();
export async function f(id: string) { if (s.has(id)) return; s.add(id); await charge(id); s.delete(id); }`);
    expect(finding?.severity).toBe('info');
    expect(finding?.message).toContain('@awaitwise/redis');
  });
});

describe('process-local-lock: not flagged', () => {
  it.each([
    [
      'an in-flight promise map (deduplication, not a lock)',
      `const inflight = new Map<string, Promise<void>>();
export async function pay(id: string) {
  if (inflight.has(id)) return inflight.get(id);
  const p = charge(id);
  inflight.set(id, p);
  try { return await p; } finally { inflight.delete(id); }
}`,
    ],
    [
      'a cache of values',
      `const cache = new Map<string, string>();
export async function name(id: string) {
  if (cache.has(id)) return cache.get(id);
  await charge(id);
  cache.set(id, id.toUpperCase());
  return cache.get(id);
}`,
    ],
    [
      'a set that is never released (a seen-set)',
      `const seen = new Set<string>();
export async function once(id: string) {
  if (seen.has(id)) return;
  seen.add(id);
  await charge(id);
}`,
    ],
    [
      'no await while held',
      `const busy = new Set<string>();
export function run(id: string) {
  if (busy.has(id)) return;
  busy.add(id);
  busy.delete(id);
}`,
    ],
    [
      'a local Set, not module state',
      `export async function f(ids: string[]) {
  const done = new Set<string>();
  for (const id of ids) {
    if (done.has(id)) continue;
    done.add(id);
    await charge(id);
    done.delete(id);
  }
}`,
    ],
    [
      'a different key released',
      `const busy = new Set<string>();
export async function run(id: string, other: string) {
  if (busy.has(id)) return;
  busy.add(id);
  await charge(id);
  busy.delete(other);
}`,
    ],
    [
      'no check before the claim',
      `const active = new Set<string>();
export async function track(id: string) {
  active.add(id);
  await charge(id);
  active.delete(id);
}`,
    ],
    [
      'a library module with no server code or handler parameters',
      `const busy = new Set<string>();
export async function refresh(key: string) {
  if (busy.has(key)) return;
  busy.add(key);
  try { await Promise.resolve(); } finally { busy.delete(key); }
}`,
    ],
    [
      'a WeakMap or an object used as a registry',
      `const registry: Record<string, boolean> = {};
export async function f(id: string) {
  if (registry[id]) return;
  registry[id] = true;
  await charge(id);
  delete registry[id];
}`,
    ],
    [
      'a Map of listeners',
      `const listeners = new Map<string, () => void>();
export async function on(id: string, fn: () => void) {
  if (listeners.has(id)) return;
  listeners.set(id, fn);
  await charge(id);
  listeners.delete(id);
}`,
    ],
  ])('%s', (name, code) => {
    const withServer = !name.startsWith('a library module');
    tester.expectValid({ code, ...(withServer ? {} : { prelude: '' }) });
  });
});

describe('process-local-lock: lock primitives, recognised by type or import', () => {
  it('reports an in-process KeyedMutex taken in a request handler, whatever it is called', () => {
    tester.expectInvalid({
      code: `import { KeyedMutex } from '@awaitwise/core';
const checkouts = new KeyedMutex<string>();
app.post('/carts/:id/checkout', async (req, res) => {
  await /*!*/checkouts.run(req.params.id, () => charge(req.params.id));
  res.sendStatus(204);
});`,
      messageId: 'localLock',
    });
  });

  it("reports async-mutex's runExclusive in a handler", () => {
    tester.expectInvalid({
      code: `import { Mutex } from 'async-mutex';
const serial = new Mutex();
app.post('/pay/:id', async (req, res) => {
  await /*!*/serial.runExclusive(() => charge(req.params.id));
  res.end();
});`,
      messageId: 'localLock',
    });
  });

  it('leaves a Map lock alone inside a section a Redis lock already serialises', () => {
    tester.expectValid(`import type { RedisLock } from '@awaitwise/redis';
declare const orderLock: RedisLock;
const inFlight = new Set<string>();
app.post('/orders/:id/pay', async (req, res) => {
  await orderLock.withLock(req.params.id, async () => {
    const id = req.params.id;
    if (inFlight.has(id)) return;
    inFlight.add(id);
    try {
      await charge(id);
    } finally {
      inFlight.delete(id);
    }
  });
  res.end();
});`);
  });

  it('leaves a class of our own called Mutex, and locks outside request handlers, alone', () => {
    tester.expectValid(`class Mutex {
  run<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }
}
const serial = new Mutex();
app.post('/pay/:id', async (req, res) => {
  await serial.run(() => charge(req.params.id));
  res.end();
});`);
    tester.expectValid({
      code: `import { KeyedMutex } from '@awaitwise/core';
const locks = new KeyedMutex<string>();
export function pay(id: string) {
  return locks.run(id, () => Promise.resolve(id));
}`,
      prelude: '',
    });
  });
});
