import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Timers cleared on one outcome of a promise chain only. The shapes come from public fixes (rewritten here): a
// `withTimeout` helper whose race clears its timer in a `.then` on the work (fixed by moving the clear to `.finally`),
// a race whose result is `.then`-ed to clear it (fixed by adding the rejection path). Before each fix a fast failure
// left the process open for the rest of the timeout. (The executor that forwards its failure with `.catch(reject)` past
// a clear on success is the same leak, kept under `strict`: timer-leak.test.ts.) And the near miss: a settle function on a link of the
// chain before the one that arms the timer has already run (or never will) once the timer exists.
const tester = ruleTester('timer-leak', {
  prelude: 'declare function work(): Promise<number>;\n',
  suffix: '\nexport {};\n',
});
const js = { fileName: 'deadline.js', prelude: '', suffix: '' } as const;

describe('timer-leak: a race whose timer is cleared in a fulfilment handler only', () => {
  it.each([
    [
      'TypeScript: the clear in a `.then` on the raced work',
      `export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {\n  let timer: ReturnType<typeof setTimeout>;\n  return Promise.race([\n    promise.then((value) => {\n      clearTimeout(timer);\n      return value;\n    }),\n    /*!*/new Promise<never>((_, reject) => {\n      timer = setTimeout(() => reject(new Error('timed out')), ms);\n    }),\n  ]);\n}`,
      {},
    ],
    [
      'TypeScript: the clear in a `.then` on the race itself, the timer promise in a variable',
      `export function raceTo<T>(promise: Promise<T>, ms: number) {\n  let id: ReturnType<typeof setTimeout> | undefined;\n  const late = new Promise<'late'>((resolve) => {\n    id = setTimeout(() => resolve('late'), ms);\n  });\n  return Promise.race([promise, /*!*/late]).then((result) => {\n    if (id) clearTimeout(id);\n    return result;\n  });\n}`,
      {},
    ],
    [
      'JavaScript: a method raced against a deadline, cleared when the load succeeds',
      `class Models {\n  constructor(load) {\n    this.load = load;\n  }\n  ready(ms) {\n    let deadline;\n    return Promise.race([\n      this.load().then(function (models) {\n        clearTimeout(deadline);\n        return models;\n      }),\n      /*!*/new Promise(function (resolve, reject) {\n        deadline = setTimeout(function () {\n          reject(new Error('models did not load'));\n        }, ms);\n      }),\n    ]);\n  }\n}\nmodule.exports = { Models };`,
      js,
    ],
  ])('reports %s', (_name, code, settings) => {
    tester.expectInvalid({ code, messageId: 'raceClearedOnSuccess', ...settings });
  });

  it.each([
    [
      'TypeScript: the clear moved to `.finally` on the work',
      `export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {\n  let timer: ReturnType<typeof setTimeout>;\n  return Promise.race([\n    promise.finally(() => clearTimeout(timer)),\n    new Promise<never>((_, reject) => {\n      timer = setTimeout(() => reject(new Error('timed out')), ms);\n    }),\n  ]);\n}`,
      {},
    ],
    [
      'TypeScript: the race result cleared on both outcomes (`.then(ok, failed)`)',
      `export function raceTo<T>(promise: Promise<T>, ms: number) {\n  let id: ReturnType<typeof setTimeout> | undefined;\n  const late = new Promise<'late'>((resolve) => {\n    id = setTimeout(() => resolve('late'), ms);\n  });\n  return Promise.race([promise, late]).then(\n    (result) => {\n      clearTimeout(id);\n      return result;\n    },\n    (error: unknown) => {\n      clearTimeout(id);\n      throw error;\n    },\n  );\n}`,
      {},
    ],
    [
      'TypeScript: a `.then` clear followed by a `.catch` that clears too',
      `export function raceTo<T>(promise: Promise<T>, ms: number) {\n  let id: ReturnType<typeof setTimeout> | undefined;\n  const late = new Promise<never>((_, reject) => {\n    id = setTimeout(() => reject(new Error('late')), ms);\n  });\n  return Promise.race([promise, late])\n    .then((result) => {\n      clearTimeout(id);\n      return result;\n    })\n    .catch((error: unknown) => {\n      clearTimeout(id);\n      throw error;\n    });\n}`,
      {},
    ],
    [
      'TypeScript: work that cannot reject (an exit event) cleared when it fulfils',
      `export function exited(child: { once(event: 'exit', listener: () => void): void }, ms: number) {\n  let timer: ReturnType<typeof setTimeout> | undefined;\n  return Promise.race([\n    new Promise<'exited'>((resolve) => child.once('exit', () => resolve('exited'))).then((how) => {\n      clearTimeout(timer);\n      return how;\n    }),\n    new Promise<'late'>((resolve) => {\n      timer = setTimeout(() => resolve('late'), ms);\n    }),\n  ]);\n}`,
      {},
    ],
    [
      'JavaScript: the clear moved to `.finally` on the load',
      `class Models {\n  constructor(load) {\n    this.load = load;\n  }\n  ready(ms) {\n    let deadline;\n    return Promise.race([\n      this.load().finally(function () {\n        clearTimeout(deadline);\n      }),\n      new Promise(function (resolve, reject) {\n        deadline = setTimeout(function () {\n          reject(new Error('models did not load'));\n        }, ms);\n      }),\n    ]);\n  }\n}\nmodule.exports = { Models };`,
      js,
    ],
  ])('leaves %s', (_name, code, settings) => {
    tester.expectValid({ code, ...settings });
  });
});

describe('timer-leak: a settle function on a link before the one that arms the timer', () => {
  it.each([
    [
      'TypeScript: a lazy import retried after a delay from its `.catch`; `.then(resolve)` ran before it or never will',
      `export function retry<T>(load: () => Promise<T>, left = 3, ms = 1000): Promise<T> {\n  return new Promise<T>((resolve, reject) => {\n    load()\n      .then(resolve)\n      .catch((error: unknown) => {\n        setTimeout(() => {\n          if (left === 1) {\n            reject(error);\n            return;\n          }\n          retry(load, left - 1, ms).then(resolve, reject);\n        }, ms);\n      });\n  });\n}`,
      {},
    ],
    [
      'JavaScript: the same with a rejection handler of `.then` and a function expression',
      `function retry(load, left, ms) {\n  return new Promise(function (resolve, reject) {\n    load().then(\n      function (value) {\n        resolve(value);\n      },\n      function (error) {\n        setTimeout(function () {\n          if (left <= 1) return reject(error);\n          retry(load, left - 1, ms).then(resolve, reject);\n        }, ms);\n      },\n    );\n  });\n}\nmodule.exports = { retry };`,
      js,
    ],
  ])('leaves %s', (_name, code, settings) => {
    tester.expectValid({ code, ...settings });
  });

  it.each([
    [
      'TypeScript: a promise built beside the chain (in `Promise.all`) may settle after the timer is armed',
      `export function firstOf<T>(load: () => Promise<T>, other: Promise<unknown>, ms: number): Promise<T> {\n  return new Promise<T>((resolve, reject) => {\n    Promise.all([load().then(resolve), other]).catch(() => {\n      /*!*/setTimeout(() => reject(new Error('gave up')), ms);\n    });\n  });\n}`,
      {},
    ],
    [
      'JavaScript: a settle on a later link than the arming one',
      `function settleLater(load, ms) {\n  return new Promise(function (resolve, reject) {\n    load()\n      .catch(function () {\n        /*!*/setTimeout(function () {\n          reject(new Error('late'));\n        }, ms);\n      })\n      .then(function () {\n        resolve('loaded');\n      });\n  });\n}\nmodule.exports = { settleLater };`,
      js,
    ],
  ])('reports %s', (_name, code, settings) => {
    tester.expectInvalid({ code, messageId: 'executorTimer', ...settings });
  });
});

describe('timer-leak: a timer cleared in a fulfilment handler of the work it watches', () => {
  it.each([
    [
      'TypeScript: a progress interval cleared when the job succeeds; the `.catch` logs and forgets it',
      `export function withProgress<T>(job: Promise<T>, report: (ms: number) => void): Promise<T | undefined> {\n  const started = Date.now();\n  const ticker = /*!*/setInterval(() => report(Date.now() - started), 100);\n  return job\n    .then((value) => {\n      clearInterval(ticker);\n      return value;\n    })\n    .catch((error: unknown) => {\n      console.error(error);\n      return undefined;\n    });\n}`,
      {},
    ],
    [
      'JavaScript: a watchdog timeout cleared in `.then` on a request',
      `function watched(request, ms, onSlow) {\n  var watchdog = /*!*/setTimeout(onSlow, ms);\n  return request().then(function (response) {\n    clearTimeout(watchdog);\n    return response;\n  });\n}\nmodule.exports = { watched };`,
      js,
    ],
  ])('reports %s', (_name, code, settings) => {
    tester.expectInvalid({ code, messageId: 'clearedOnSuccess', ...settings });
  });

  it.each([
    [
      'TypeScript: the clear in `.finally`',
      `export function withProgress<T>(job: Promise<T>, report: (ms: number) => void): Promise<T> {\n  const started = Date.now();\n  const ticker = setInterval(() => report(Date.now() - started), 100);\n  return job.finally(() => clearInterval(ticker));\n}`,
      {},
    ],
    [
      'TypeScript: cleared in the `.catch` too',
      `export function withProgress<T>(job: Promise<T>, report: (ms: number) => void): Promise<T | undefined> {\n  const started = Date.now();\n  const ticker = setInterval(() => report(Date.now() - started), 100);\n  return job\n    .then((value) => {\n      clearInterval(ticker);\n      return value;\n    })\n    .catch(() => {\n      clearInterval(ticker);\n      return undefined;\n    });\n}`,
      {},
    ],
    [
      'TypeScript: work that cannot reject (a promise of an exit event)',
      `export function exitWatch(child: { once(event: 'exit', listener: () => void): void }, onSlow: () => void) {\n  const watchdog = setTimeout(onSlow, 30_000);\n  return new Promise<void>((resolve) => child.once('exit', resolve)).then(() => {\n    clearTimeout(watchdog);\n  });\n}`,
      {},
    ],
    [
      'JavaScript: both handlers of one `.then` clear',
      `function watched(request, ms, onSlow) {\n  var watchdog = setTimeout(onSlow, ms);\n  return request().then(\n    function (response) {\n      clearTimeout(watchdog);\n      return response;\n    },\n    function (error) {\n      clearTimeout(watchdog);\n      throw error;\n    },\n  );\n}\nmodule.exports = { watched };`,
      js,
    ],
  ])('leaves %s', (_name, code, settings) => {
    tester.expectValid({ code, ...settings });
  });
});

describe('timer-leak: an interval cleared after the awaited work, not when it throws', () => {
  it.each([
    [
      'JavaScript: a progress spinner cleared after `await` inside `try`, the `catch` rethrows',
      `const withSpinner = async (job, draw) => {\n  try {\n    let frame = 0;\n    const spinner = /*!*/setInterval(() => draw((frame += 1)), 80);\n    const result = await job;\n    clearInterval(spinner);\n    return result;\n  } catch (error) {\n    draw(-1);\n    throw error;\n  }\n};\nmodule.exports = { withSpinner };`,
      js,
    ],
    [
      'TypeScript: a heartbeat cleared after the upload',
      `export async function upload(send: () => Promise<void>, beat: () => void) {\n  const heartbeat = /*!*/setInterval(beat, 5_000);\n  await send();\n  clearInterval(heartbeat);\n}`,
      {},
    ],
  ])('reports %s', (_name, code, settings) => {
    tester.expectInvalid({ code, messageId: 'clearedOnSuccess', ...settings });
  });

  it.each([
    [
      'JavaScript: cleared in `finally`',
      `const withSpinner = async (job, draw) => {\n  let spinner;\n  try {\n    let frame = 0;\n    spinner = setInterval(() => draw((frame += 1)), 80);\n    return await job;\n  } catch (error) {\n    draw(-1);\n    throw error;\n  } finally {\n    clearInterval(spinner);\n  }\n};\nmodule.exports = { withSpinner };`,
      js,
    ],
    [
      'TypeScript: cleared in the `catch` as well',
      `export async function upload(send: () => Promise<void>, beat: () => void) {\n  const heartbeat = setInterval(beat, 5_000);\n  try {\n    await send();\n  } catch (error) {\n    clearInterval(heartbeat);\n    throw error;\n  }\n  clearInterval(heartbeat);\n}`,
      {},
    ],
  ])('leaves %s', (_name, code, settings) => {
    tester.expectValid({ code, ...settings });
  });
});
