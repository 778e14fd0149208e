import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Timers that settle a deferred: a promise whose `resolve`/`reject` left the executor (a `{ promise, resolve, reject }`
// object, `this.resolve`/`this.reject` fields). The shapes come from public fixes (rewritten here): Q's `timeout`
// cleared its timer when the work fulfilled and handed the rejection straight to `deferred.reject` (fixed by a
// rejection handler that clears too); iovalkey's command cleared its timeout where the reply resolved it, while a
// rejected command (an error reply, a closed connection, through its public `reject`) kept it (fixed by a `.finally`
// on the command's promise).
const tester = ruleTester('timer-leak', {
  prelude: 'declare function work(): Promise<number>;\n',
  suffix: '\nexport {};\n',
});
const js = { fileName: 'deadline.js', prelude: '', suffix: '' } as const;

const deferredHelper = `function createDeferred() {\n  let resolve = (_value) => {};\n  let reject = (_reason) => {};\n  const promise = new Promise((res, rej) => {\n    resolve = res;\n    reject = rej;\n  });\n  return { promise, resolve, reject };\n}\n`;

describe('timer-leak: a timer that settles a deferred, cleared on one settle path only', () => {
  it.each([
    [
      'JavaScript: the rejection handed to deferred.reject past a clear on fulfilment (Q)',
      `${deferredHelper}function deadline(work, ms) {\n  const deferred = createDeferred();\n  const id = /*!*/setTimeout(() => {\n    deferred.reject(new Error('deadline passed'));\n  }, ms);\n  work.then((value) => {\n    clearTimeout(id);\n    deferred.resolve(value);\n  }, deferred.reject);\n  return deferred.promise;\n}\nmodule.exports = { deadline };`,
      js,
    ],
    [
      'TypeScript: a method that rejects the stored reject without the clear its success path has',
      `export class Pending {\n  private resolve!: (value: number) => void;\n  private reject!: (error: Error) => void;\n  private timer?: ReturnType<typeof setTimeout>;\n  readonly promise = new Promise<number>((resolve, reject) => {\n    this.resolve = resolve;\n    this.reject = reject;\n  });\n  arm(ms: number) {\n    this.timer = /*!*/setTimeout(() => this.reject(new Error('timed out')), ms);\n  }\n  answer(value: number) {\n    clearTimeout(this.timer);\n    this.resolve(value);\n  }\n  fail(error: Error) {\n    this.reject(error);\n  }\n}`,
      {},
    ],
    [
      'TypeScript: public settle fields other code calls, cleared only where the reply resolves (iovalkey)',
      `export class QueuedCommand {\n  resolve!: (reply: unknown) => void;\n  reject!: (error: Error) => void;\n  readonly promise: Promise<unknown>;\n  private timer?: ReturnType<typeof setTimeout>;\n  constructor(readonly name: string) {\n    this.promise = new Promise((resolve, reject) => {\n      this.resolve = (reply) => {\n        clearTimeout(this.timer);\n        resolve(reply);\n      };\n      this.reject = reject;\n    });\n  }\n  setTimeout(ms: number) {\n    this.timer = /*!*/setTimeout(() => this.reject(new Error(this.name + ' timed out')), ms);\n  }\n}`,
      {},
    ],
  ])('reports %s', (_name, code, settings) => {
    tester.expectInvalid({ code, messageId: 'executorTimer', ...settings });
  });

  it.each([
    [
      'JavaScript: both handlers clear before they settle the deferred (Q, fixed)',
      `${deferredHelper}function deadline(work, ms) {\n  const deferred = createDeferred();\n  const id = setTimeout(() => {\n    deferred.reject(new Error('deadline passed'));\n  }, ms);\n  work.then(\n    (value) => {\n      clearTimeout(id);\n      deferred.resolve(value);\n    },\n    (reason) => {\n      clearTimeout(id);\n      deferred.reject(reason);\n    },\n  );\n  return deferred.promise;\n}\nmodule.exports = { deadline };`,
      js,
    ],
    [
      'TypeScript: the failure method clears too',
      `export class Pending {\n  private resolve!: (value: number) => void;\n  private reject!: (error: Error) => void;\n  private timer?: ReturnType<typeof setTimeout>;\n  readonly promise = new Promise<number>((resolve, reject) => {\n    this.resolve = resolve;\n    this.reject = reject;\n  });\n  arm(ms: number) {\n    this.timer = setTimeout(() => this.reject(new Error('timed out')), ms);\n  }\n  answer(value: number) {\n    clearTimeout(this.timer);\n    this.resolve(value);\n  }\n  fail(error: Error) {\n    clearTimeout(this.timer);\n    this.reject(error);\n  }\n}`,
      {},
    ],
    [
      'TypeScript: a .finally on the promise clears whichever way it settles (iovalkey, fixed)',
      `export class QueuedCommand {\n  resolve!: (reply: unknown) => void;\n  reject!: (error: Error) => void;\n  readonly promise: Promise<unknown>;\n  private timer?: ReturnType<typeof setTimeout>;\n  constructor(readonly name: string) {\n    this.promise = new Promise((resolve, reject) => {\n      this.resolve = resolve;\n      this.reject = reject;\n    }).finally(() => clearTimeout(this.timer));\n  }\n  setTimeout(ms: number) {\n    this.timer = setTimeout(() => this.reject(new Error(this.name + ' timed out')), ms);\n  }\n}`,
      {},
    ],
    [
      'JavaScript: stored settle functions that clear the timers themselves (ioredis Command, on the precision set)',
      `class Command {\n  initPromise() {\n    this.promise = new Promise((resolve, reject) => {\n      this.resolve = this.convert(resolve);\n      this.reject = (err) => {\n        this.clearTimers();\n        reject(err);\n      };\n    });\n  }\n  setTimeout(ms) {\n    if (!this.timer) {\n      this.timer = setTimeout(() => this.reject(new Error('Command timed out')), ms);\n    }\n  }\n  clearTimers() {\n    const existing = this.timer;\n    if (existing) {\n      clearTimeout(existing);\n      delete this.timer;\n    }\n  }\n  convert(resolve) {\n    return (value) => {\n      try {\n        this.clearTimers();\n        resolve(value);\n      } catch (err) {\n        this.reject(err);\n      }\n    };\n  }\n}\nmodule.exports = { Command };`,
      js,
    ],
    [
      'TypeScript: Promise.reject in a timer is not a deferred',
      `export function later(ms: number, done: (p: Promise<number>) => void, onAnswer: (cb: () => void) => void) {\n  const id = setTimeout(() => done(Promise.reject(new Error('late'))), ms);\n  onAnswer(() => {\n    clearTimeout(id);\n    done(Promise.resolve(1));\n  });\n  void Promise.reject(new Error('unrelated')).catch(() => undefined);\n}`,
      {},
    ],
    [
      'JavaScript: the timer handle handed to a registry that clears it',
      `${deferredHelper}const timers = new Set();\nfunction deadline(work, ms) {\n  const deferred = createDeferred();\n  const id = setTimeout(() => deferred.reject(new Error('late')), ms);\n  timers.add(id);\n  work.then((value) => {\n    clearTimeout(id);\n    deferred.resolve(value);\n  }, deferred.reject);\n  return deferred.promise;\n}\nmodule.exports = { deadline, timers };`,
      js,
    ],
  ])('leaves %s', (_name, code, settings) => {
    tester.expectValid({ code, ...settings });
  });
});
