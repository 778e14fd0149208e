import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Our own primitives and the common third-party ones protect a section whatever the variable is called: they are
// recognised by the declaration of the value's type, or by the import it was created from.
const tester = ruleTester('check-then-act', {
  prelude: `interface Cart { id: string; total: number }
declare const Orders: {
  findOne(filter: { cartId: string }): Promise<{ id: string } | null>;
  insertOne(doc: { cartId: string }): Promise<void>;
};
`,
});

const checkout = `
    const existing = await Orders.findOne({ cartId });
    if (existing) return existing;
    await Orders.insertOne({ cartId });
    return undefined;`;

describe('check-then-act: sections our primitives protect', () => {
  it.each([
    [
      "KeyedMutex.run (the core README's own example, any variable name)",
      `import { KeyedMutex } from '@awaitwise/core';
const checkouts = new KeyedMutex<string>();
export function checkout(cartId: string) {
  return checkouts.run(cartId, async () => {${checkout}
  });
}`,
    ],
    [
      'a KeyedMutex held in a field and locked before the read',
      `import { KeyedMutex } from '@awaitwise/core';
export class CheckoutService {
  private readonly gate = new KeyedMutex<string>();
  async checkout(cartId: string) {
    using _permit = await this.gate.lock(cartId);${checkout}
  }
}`,
    ],
    [
      'singleflight around the whole function',
      `import { singleflight } from '@awaitwise/core';
export const checkout = singleflight(async (cartId: string) => {${checkout}
});`,
    ],
    [
      'a Mutex passed in with its type',
      `import type { Mutex } from '@awaitwise/core';
export async function checkout(m: Mutex, cartId: string) {
  return m.run(async () => {${checkout}
  });
}`,
    ],
    [
      "async-mutex's runExclusive",
      `import { Mutex } from 'async-mutex';
const serial = new Mutex();
export function checkout(cartId: string) {
  return serial.runExclusive(async () => {${checkout}
  });
}`,
    ],
    [
      'p-limit at a concurrency of 1',
      `import pLimit from 'p-limit';
const one = pLimit(1);
export function checkout(cartId: string) {
  return one(async () => {${checkout}
  });
}`,
    ],
    [
      'a lock from require() in JavaScript (no types)',
      `const { Mutex } = require('async-mutex');
const serial = new Mutex();
async function checkout(cartId) {
  return serial.runExclusive(async () => {${checkout}
  });
}
module.exports = { checkout };`,
      'checkout.js',
    ],
  ])('%s', (_name, code, fileName?: string) => {
    tester.expectValid(fileName === undefined ? code : { code, fileName, prelude: '' });
  });
});

describe('check-then-act: look-alikes that do not protect', () => {
  it.each([
    [
      'a class of our own that happens to be called Mutex',
      `class Mutex {
  run<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }
}
const serial = new Mutex();
export function checkout(cartId: string) {
  return serial.run(async () => {
    const existing = await Orders.findOne({ cartId });
    if (existing) return existing;
    await /*!*/Orders.insertOne({ cartId });
    return undefined;
  });
}`,
    ],
    [
      'p-limit at a concurrency above 1',
      `import pLimit from 'p-limit';
const few = pLimit(4);
export function checkout(cartId: string) {
  return few(async () => {
    const existing = await Orders.findOne({ cartId });
    if (existing) return existing;
    await /*!*/Orders.insertOne({ cartId });
    return undefined;
  });
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'keyRace' });
  });
});
