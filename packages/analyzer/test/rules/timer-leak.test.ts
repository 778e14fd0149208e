import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const tester = ruleTester('timer-leak', {
  prelude: 'declare function work(): Promise<number>;\n',
  suffix: '\nexport {};\n',
});

describe('timer-leak: flagged', () => {
  it.each([
    [
      'race against an inline rejecting timer',
      `async function f(ms: number) {\n  return Promise.race([\n    work(),\n    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms)),\n  ]);\n}`,
      [4, 5, 'raceTimer'],
    ],
    [
      'race against a sleep',
      `async function f() {\n  await Promise.race([work(), new Promise((r) => setTimeout(r, 1000))]);\n}`,
      [2, 31, 'raceTimer'],
    ],
    [
      'race against a timer promise in a variable',
      `async function f() {\n  const t = new Promise<never>((_, rej) => setTimeout(rej, 5000, new Error('t')));\n  return Promise.race([work(), t]);\n}`,
      [3, 32, 'raceTimer'],
    ],
    [
      'race against a local sleep helper',
      `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));\nasync function f() {\n  return Promise.race([work(), sleep(100)]);\n}`,
      [3, 32, 'raceTimer'],
    ],
    [
      'race against timers/promises setTimeout without a signal',
      `import { setTimeout as delay } from 'node:timers/promises';\nasync function f() {\n  return Promise.race([work(), delay(100)]);\n}`,
      [3, 32, 'raceTimer'],
    ],
    [
      'executor whose success path leaves the timer running',
      `function f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    setTimeout(() => reject(new Error('timeout')), ms);\n    work().then(resolve, reject);\n  });\n}`,
      [3, 5, 'executorTimer'],
    ],
    [
      'handle kept but never cleared',
      `function f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    const timer = setTimeout(() => reject(new Error('timeout')), ms);\n    work().then((v) => resolve(v));\n    timer.ref();\n  });\n}`,
      [3, 19, 'executorTimer'],
    ],
    [
      'timeout helper returning a rejecting timer promise',
      `function timeoutAfter(ms: number) {\n  return new Promise<never>((_, reject) => {\n    setTimeout(() => reject(new Error('timed out')), ms);\n  });\n}`,
      [3, 5, 'timeoutHelper'],
    ],
    [
      'arrow timeout helper',
      `const rejectAfter = (ms: number) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error('t')), ms));`,
      [1, 71, 'timeoutHelper'],
    ],
    [
      'globalThis.setTimeout in the executor',
      `function f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    globalThis.setTimeout(() => { reject(new Error('t')); }, ms);\n    work().then(resolve);\n  });\n}`,
      [3, 5, 'executorTimer'],
    ],
    [
      'function-expression executor with resolve passed on',
      `function f(ms: number) {\n  return new Promise<number>(function (resolve, reject) {\n    setTimeout(function () { reject(new Error('t')); }, ms);\n    work().then(resolve);\n  });\n}`,
      [3, 5, 'executorTimer'],
    ],
  ] as const)('%s', (_name, code, [line, column, messageId]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId }] });
  });
});

describe('timer-leak: clean', () => {
  it.each([
    [
      'timer cleared in finally',
      `async function f(ms: number) {\n  let timer: NodeJS.Timeout | undefined;\n  try {\n    return await Promise.race([work(), new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error('t')), ms); })]);\n  } finally {\n    clearTimeout(timer);\n  }\n}`,
    ],
    [
      'timer cleared on success in the executor',
      `function f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    const timer = setTimeout(() => reject(new Error('t')), ms);\n    work().then((v) => { clearTimeout(timer); resolve(v); }, reject);\n  });\n}`,
    ],
    [
      'unref-ed timer',
      `async function f() {\n  return Promise.race([work(), new Promise((r) => setTimeout(r, 100).unref())]);\n}`,
    ],
    [
      'AbortSignal.timeout',
      `async function f() {\n  return fetch('https://x.test', { signal: AbortSignal.timeout(1000) });\n}`,
    ],
    ['plain sleep awaited alone', `async function f() {\n  await new Promise((r) => setTimeout(r, 100));\n}`],
    [
      'timers/promises with a signal that is aborted',
      `import { setTimeout as delay } from 'node:timers/promises';\nasync function f() {\n  const ac = new AbortController();\n  try {\n    return await Promise.race([work(), delay(100, undefined, { signal: ac.signal })]);\n  } finally {\n    ac.abort();\n  }\n}`,
    ],
    [
      'a local sleep helper awaited alone',
      `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));\nasync function f() {\n  await sleep(10);\n}`,
    ],
    [
      'handle handed to a registry',
      `declare const timers: Set<NodeJS.Timeout>;\nfunction f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    const t = setTimeout(() => reject(new Error('t')), ms);\n    timers.add(t);\n    work().then(resolve);\n  });\n}`,
    ],
    [
      'timer that does not settle the promise',
      `function f() {\n  return new Promise<number>((resolve) => {\n    setTimeout(() => console.log('slow'), 100);\n    work().then(resolve);\n  });\n}`,
    ],
    [
      'this.timer cleared in another method',
      `class C {\n  timer?: NodeJS.Timeout;\n  wait(ms: number) {\n    return new Promise<number>((resolve, reject) => {\n      this.timer = setTimeout(() => reject(new Error('t')), ms);\n      work().then(resolve);\n    });\n  }\n  stop() { clearTimeout(this.timer); }\n}`,
    ],
    [
      'a shadowed setTimeout',
      `function f(setTimeout: (cb: () => void) => void) {\n  return new Promise<number>((resolve, reject) => {\n    setTimeout(() => reject(new Error('t')));\n    work().then(resolve);\n  });\n}`,
    ],
    ['race without timers', `async function f() {\n  return Promise.race([work(), work()]);\n}`],
  ] as const)('%s', (_name, code) => {
    tester.expectValid(code);
  });
});
