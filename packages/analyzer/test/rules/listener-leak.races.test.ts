import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// A wait raced against other work: `Promise.race([work(), abortPromise(signal)])`. When the work wins, nothing waits
// for the event any more, and a listener that only its own event takes off (`once`) stays on the long-lived emitter.
const header = `import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
declare function work(): Promise<number>;
`;
const tester = ruleTester('listener-leak', { prelude: header, suffix: '\n' });

describe('listener-leak: a listener that settles a raced promise', () => {
  it.each([
    [
      'TypeScript: the wait written inline in the race, on a signal the caller hands in',
      `export async function callTool(signal: AbortSignal) {\n  return await Promise.race([\n    work(),\n    new Promise<never>((_, reject) => {\n      if (signal.aborted) return reject(signal.reason);\n      signal./*!*/addEventListener('abort', () => reject(signal.reason), { once: true });\n    }),\n  ]);\n}`,
      {},
    ],
    [
      'TypeScript: the wait held in a const, then raced',
      `export async function runLimited<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {\n  const aborted = new Promise<never>((_, reject) => {\n    signal./*!*/addEventListener('abort', () => reject(signal.reason), { once: true });\n  });\n  aborted.catch(() => {});\n  return await Promise.race([task(), aborted]);\n}`,
      {},
    ],
    [
      'JavaScript: a helper returns the wait and its caller races it',
      `function abortPromise(signal) {\n  if (signal.aborted) return Promise.resolve();\n  return new Promise((resolve) => {\n    signal./*!*/addEventListener('abort', resolve, { once: true });\n  });\n}\nexport async function waitForUpdate(updates, signal) {\n  await Promise.race([updates.next(), abortPromise(signal)]);\n}`,
      { fileName: 'wait.js', prelude: '' },
    ],
    [
      'TypeScript: the instance keeps the stop signal; the wait is an arrow helper, raced with Promise.any',
      `export class Community {\n  private readonly stop = new AbortController();\n  private readonly stopped = () =>\n    new Promise<never>((_, reject) => {\n      this.stop.signal./*!*/addEventListener('abort', () => reject(new Error('stopped')), { once: true });\n    });\n  async resolveName(): Promise<number> {\n    return Promise.any([work(), this.stopped()]);\n  }\n}`,
      {},
    ],
    [
      'TypeScript: a module emitter, the race returned with .then()',
      `export function nextMessage(): Promise<unknown> {\n  const closed = new Promise((resolve) => bus./*!*/once('close', resolve));\n  return Promise.race([work(), closed]).then((value) => value);\n}`,
      {},
    ],
  ])('flags %s', (_name, code, options) => {
    tester.flags(code, 'raced', options);
  });

  it.each([
    [
      'removed when the race settles (the fix)',
      `export async function withAbort<T>(task: Promise<T>, signal: AbortSignal): Promise<T> {\n  let fail: (reason: unknown) => void = () => {};\n  const aborted = new Promise<never>((_, reject) => {\n    fail = reject;\n  });\n  const onAbort = () => fail(signal.reason);\n  signal.addEventListener('abort', onAbort, { once: true });\n  try {\n    return await Promise.race([task, aborted]);\n  } finally {\n    signal.removeEventListener('abort', onAbort);\n  }\n}`,
      {},
    ],
    [
      'removed by a controller of its own that the race aborts (the fix, JavaScript)',
      `function abortPromise(signal, cleanup) {\n  return new Promise((resolve) => {\n    signal.addEventListener('abort', resolve, { once: true, signal: cleanup });\n  });\n}\nexport async function waitForUpdate(updates, signal) {\n  const done = new AbortController();\n  try {\n    await Promise.race([updates.next(), abortPromise(signal, done.signal)]);\n  } finally {\n    done.abort();\n  }\n}`,
      { fileName: 'wait.js', prelude: '' },
    ],
    [
      'a signal made for this call only',
      `export async function withDeadline(ms: number) {\n  const controller = new AbortController();\n  setTimeout(() => controller.abort(), ms);\n  return Promise.race([\n    work(),\n    new Promise<never>((_, reject) => {\n      controller.signal.addEventListener('abort', () => reject(new Error('deadline')), { once: true });\n    }),\n  ]);\n}`,
      {},
    ],
    [
      'a wait that is awaited alone (the event is what the code waits for)',
      `export async function untilAborted(signal: AbortSignal) {\n  await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));\n  await work();\n}`,
      {},
    ],
    [
      'a wait on an emitter made per call',
      `export async function firstLine(open: () => EventEmitter) {\n  const stream = open();\n  return Promise.race([work(), new Promise((resolve) => stream.once('line', resolve))]);\n}`,
      {},
    ],
    [
      'a connection the code ends after the race',
      `export async function firstReply(socket: EventEmitter & { destroy(): void }) {\n  try {\n    return await Promise.race([work(), new Promise((resolve) => socket.once('data', resolve))]);\n  } finally {\n    socket.destroy();\n  }\n}`,
      {},
    ],
  ])('leaves %s', (_name, code, options) => {
    tester.expectValid({ code, ...options });
  });
});

describe('listener-leak: the message names who keeps the signal', () => {
  it.each([
    [
      'a module-level shutdown signal',
      `const shutdown = new AbortController();\nexport async function handle(url: string) {\n  const controller = new AbortController();\n  shutdown.signal./*!*/addEventListener('abort', () => controller.abort());\n  return fetch(url, { signal: controller.signal });\n}`,
      /a signal of the whole module/,
    ],
    [
      'a signal the instance keeps',
      `export class Client {\n  constructor(private readonly signal: AbortSignal) {}\n  async get(url: string) {\n    const controller = new AbortController();\n    this.signal./*!*/addEventListener('abort', () => controller.abort());\n    return fetch(url, { signal: controller.signal });\n  }\n}`,
      /a signal the instance keeps/,
    ],
    [
      'a signal the caller hands in',
      `export async function get(url: string, signal: AbortSignal) {\n  const controller = new AbortController();\n  signal./*!*/addEventListener('abort', () => controller.abort());\n  return fetch(url, { signal: controller.signal });\n}`,
      /a signal the caller hands in/,
    ],
  ])('%s', (_name, code, message) => {
    tester.expectInvalid({ code, messageId: 'signal', message });
  });
});
