import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Each shape comes from public fixes of timer leaks (rewritten here): races whose timer outlives the work, timeouts
// cleared on success only, executors that leave their timeout armed, intervals re-armed per call, effects and classes
// that never clear their interval. Every flagged shape has its fixed form among the clean cases.
const tester = ruleTester('timer-leak', {
  prelude: 'declare function work(): Promise<number>;\n',
  suffix: '\nexport {};\n',
});
const strictTester = ruleTester('timer-leak', {
  prelude: 'declare function work(): Promise<number>;\n',
  suffix: '\nexport {};\n',
  options: { strict: true },
});

const flagged: ReadonlyArray<readonly [string, string, string]> = [
  // Races: the timer promise in every spelling.
  [
    'race against an inline rejecting timer',
    `async function f(ms: number) {\n  return Promise.race([\n    work(),\n    /*!*/new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms)),\n  ]);\n}`,
    'raceTimer',
  ],
  [
    'race against a sleep',
    `async function f() {\n  await Promise.race([work(), /*!*/new Promise((r) => setTimeout(r, 1000))]);\n}`,
    'raceTimer',
  ],
  [
    'race against a timer promise in a variable',
    `async function f() {\n  const t = new Promise<never>((_, rej) => setTimeout(rej, 5000, new Error('t')));\n  return Promise.race([work(), /*!*/t]);\n}`,
    'raceTimer',
  ],
  [
    'race against a timer promise assigned later to a variable (npm-check-updates)',
    `async function f(ms: number, doctor: boolean, run: (t?: NodeJS.Timeout) => Promise<void>) {\n  let timer: NodeJS.Timeout | undefined;\n  let deadline: Promise<void> = new Promise(() => null);\n  if (ms) {\n    deadline = new Promise((_, reject) => {\n      timer = setTimeout(() => reject(new Error('global timeout')), ms);\n    });\n  }\n  if (doctor) return Promise.race([/*!*/deadline, work()]);\n  return Promise.race([deadline, run(timer)]);\n}`,
    'raceTimer',
  ],
  [
    'race against a local sleep helper',
    `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));\nasync function f() {\n  return Promise.race([work(), /*!*/sleep(100)]);\n}`,
    'raceTimer',
  ],
  [
    'race against a sleep helper chained to throw',
    `function sleep(ms: number) {\n  return new Promise<void>((r) => setTimeout(r, ms));\n}\nasync function f() {\n  return Promise.race([work(), /*!*/sleep(5000).then(() => { throw new Error('slow'); })]);\n}`,
    'raceTimer',
  ],
  [
    'race against an async helper that awaits a sleep then throws',
    `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));\nasync function expire(ms: number): Promise<never> {\n  await sleep(ms);\n  throw new Error('expired');\n}\nasync function f() {\n  return Promise.race([work(), /*!*/expire(3000)]);\n}`,
    'raceTimer',
  ],
  [
    'race against timers/promises setTimeout without a signal',
    `import { setTimeout as delay } from 'node:timers/promises';\nasync function f() {\n  return Promise.race([work(), /*!*/delay(100)]);\n}`,
    'raceTimer',
  ],
  [
    'race against timers/promises through require',
    `const { setTimeout: wait } = require('timers/promises');\nasync function f() {\n  return Promise.race([work(), /*!*/wait(2000)]);\n}`,
    'raceTimer',
  ],
  [
    'race against scheduler.wait',
    `import { scheduler } from 'node:timers/promises';\nasync function f() {\n  return Promise.race([work(), /*!*/scheduler.wait(2000)]);\n}`,
    'raceTimer',
  ],
  [
    'race against a namespace timers/promises setTimeout',
    `import * as timers from 'node:timers/promises';\nasync function f() {\n  return Promise.race([work(), /*!*/timers.setTimeout(2000)]);\n}`,
    'raceTimer',
  ],
  [
    'race against promisify(setTimeout)',
    `import { promisify } from 'node:util';\nconst pause = promisify(setTimeout);\nasync function f() {\n  return Promise.race([work(), /*!*/pause(2000)]);\n}`,
    'raceTimer',
  ],
  [
    'race with a signal whose controller is never aborted',
    `import { setTimeout as delay } from 'node:timers/promises';\nasync function f() {\n  const ac = new AbortController();\n  return Promise.race([work(), /*!*/delay(100, undefined, { signal: ac.signal })]);\n}`,
    'raceTimer',
  ],
  [
    'Promise.any against a sleep',
    `async function f() {\n  return Promise.any([work(), /*!*/new Promise((r) => setTimeout(r, 3000))]);\n}`,
    'raceTimer',
  ],
  [
    'an unref-ed raced timer still runs and keeps its closure (Truxify circuit breaker)',
    `async function f() {\n  const expiry = new Promise<never>((_, reject) => {\n    const handle = setTimeout(() => reject(new Error('t')), 5000);\n    handle.unref();\n  });\n  return Promise.race([work(), /*!*/expiry]);\n}`,
    'raceTimer',
  ],
  [
    'handle cleared only inside its own callback',
    `function promiseTimeout<T>(ms: number, promise: Promise<T>) {\n  const timeout = new Promise<never>((_, reject) => {\n    const id = setTimeout(() => {\n      clearTimeout(id);\n      reject(new Error('Timed out.'));\n    }, ms);\n  });\n  return Promise.race([promise, /*!*/timeout]);\n}`,
    'raceTimer',
  ],
  [
    'race cleared after it, but not when the work rejects',
    `async function f(ms: number) {\n  let timer: NodeJS.Timeout | undefined;\n  const result = await Promise.race([\n    work(),\n    /*!*/new Promise<never>((_, reject) => {\n      timer = setTimeout(() => reject(new Error('t')), ms);\n    }),\n  ]);\n  clearTimeout(timer);\n  return result;\n}`,
    'raceClearedOnSuccess',
  ],
  [
    'race against a helper imported from another file',
    `import { sleep } from './util.js';\nasync function f() {\n  return Promise.race([work(), /*!*/sleep(2000)]);\n}`,
    'raceTimer',
  ],
  // Executors and helpers.
  [
    'executor whose success path leaves the timer running',
    `function f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    /*!*/setTimeout(() => reject(new Error('timeout')), ms);\n    work().then(resolve, reject);\n  });\n}`,
    'executorTimer',
  ],
  [
    'handle kept but never cleared',
    `function f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    const timer = /*!*/setTimeout(() => reject(new Error('timeout')), ms);\n    work().then((v) => resolve(v));\n    timer.ref();\n  });\n}`,
    'executorTimer',
  ],
  [
    'a wait for an event or a delay',
    `import { EventEmitter } from 'node:events';\nfunction f(child: EventEmitter) {\n  return new Promise<void>((resolve) => {\n    /*!*/setTimeout(resolve, 5000);\n    child.once('exit', () => resolve());\n  });\n}`,
    'executorTimer',
  ],
  [
    'timeout helper returning a rejecting timer promise',
    `function timeoutAfter(ms: number) {\n  return new Promise<never>((_, reject) => {\n    /*!*/setTimeout(() => reject(new Error('timed out')), ms);\n  });\n}`,
    'timeoutHelper',
  ],
  [
    'arrow timeout helper',
    `const rejectAfter = (ms: number) => new Promise<never>((_, reject) => /*!*/setTimeout(() => reject(new Error('t')), ms));`,
    'timeoutHelper',
  ],
  [
    'globalThis.setTimeout in the executor',
    `function f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    /*!*/globalThis.setTimeout(() => { reject(new Error('t')); }, ms);\n    work().then(resolve);\n  });\n}`,
    'executorTimer',
  ],
  [
    'function-expression executor with resolve passed on',
    `function f(ms: number) {\n  return new Promise<number>(function (resolve, reject) {\n    /*!*/setTimeout(function () { reject(new Error('t')); }, ms);\n    work().then(resolve);\n  });\n}`,
    'executorTimer',
  ],
  // A timeout around an operation.
  [
    'abort timer cleared after fetch but not when fetch throws',
    `async function post(url: string) {\n  const controller = new AbortController();\n  const timer = /*!*/setTimeout(() => controller.abort(), 10_000);\n  const response = await fetch(url, { signal: controller.signal });\n  clearTimeout(timer);\n  return response.json();\n}`,
    'clearedOnSuccess',
  ],
  [
    'abort timer cleared inside a try whose catch swallows',
    `async function deliver(url: string) {\n  try {\n    const controller = new AbortController();\n    const timer = /*!*/setTimeout(() => controller.abort(), 10_000);\n    await fetch(url, { method: 'POST', signal: controller.signal });\n    clearTimeout(timer);\n  } catch (error) {\n    console.warn('delivery failed', error);\n  }\n}`,
    'clearedOnSuccess',
  ],
  [
    'abort timer whose handle is dropped (wretch)',
    `function send(url: string, ms: number) {\n  const controller = new AbortController();\n  /*!*/setTimeout(() => controller.abort(), ms);\n  return fetch(url, { signal: controller.signal });\n}`,
    'abortTimer',
  ],
  // Intervals.
  [
    'interval armed again on each call',
    `import { EventEmitter } from 'node:events';\nclass Tracker {\n  private ping: ReturnType<typeof setInterval> | undefined;\n  constructor(router: EventEmitter) {\n    router.on('navigate', () => this.pageView());\n  }\n  pageView() {\n    this.ping = /*!*/setInterval(() => this.send(), 30_000);\n  }\n  stop() { clearInterval(this.ping); }\n  send() {}\n}`,
    'rearmed',
  ],
  [
    'interval armed per session refresh in a module variable',
    `let refresher: ReturnType<typeof setInterval> | undefined;\nfunction setSession(token: string) {\n  console.log(token);\n  refresher = /*!*/setInterval(() => work(), 60_000);\n}\nexport async function signIn() { setSession('a'); }\nexport async function refresh() { setSession('b'); }\nexport function signOut() { clearInterval(refresher); }`,
    'rearmed',
  ],
  [
    'interval started by an effect without cleanup',
    `declare function useEffect(effect: () => void | (() => void), deps?: unknown[]): void;\nexport function Clock(props: { tick(): void }) {\n  useEffect(() => {\n    /*!*/setInterval(() => props.tick(), 1000);\n  }, []);\n  return null;\n}`,
    'effectWithoutCleanup',
  ],
  [
    'interval kept by an effect but never cleared',
    `declare function useEffect(effect: () => void | (() => void), deps?: unknown[]): void;\nexport function Poller(props: { poll(): void }) {\n  useEffect(() => {\n    const id = /*!*/setInterval(() => props.poll(), 3000);\n    return () => console.log('unmounted');\n  }, []);\n  return null;\n}`,
    'effectWithoutCleanup',
  ],
  [
    'teardown that clears on one branch the arming method does not reach (atem-connection)',
    `class Link {\n  private state: 'closed' | 'connecting' | 'open' = 'closed';\n  private retry: NodeJS.Timeout | undefined;\n  connect() {\n    this.retry = setInterval(() => this.hello(), 1000);\n    this.hello();\n  }\n  disconnect() {\n    if (this.state === 'open') {\n      clearInterval(this.retry);\n      this.state = 'closed';\n    } else /*!*/{\n      console.log('not connected');\n    }\n  }\n  private hello() { this.state = 'connecting'; }\n}`,
    'teardownBranch',
  ],
  [
    'interval never cleared by a class that has a teardown',
    `import { EventEmitter } from 'node:events';\nclass Connection extends EventEmitter {\n  private heartbeat: NodeJS.Timeout;\n  constructor(private socket: { write(s: string): void; end(): void }) {\n    super();\n    this.heartbeat = /*!*/setInterval(() => this.socket.write('ping'), 5000);\n  }\n  close() {\n    this.socket.end();\n    this.removeAllListeners();\n  }\n}`,
    'neverClearedByClass',
  ],
];

const clean: ReadonlyArray<readonly [string, string]> = [
  [
    'timer cleared in finally',
    `async function f(ms: number) {\n  let timer: NodeJS.Timeout | undefined;\n  try {\n    return await Promise.race([work(), new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error('t')), ms); })]);\n  } finally {\n    clearTimeout(timer);\n  }\n}`,
  ],
  [
    'an unref-ed raced sleep (it neither holds the process nor does late work)',
    `async function f() {\n  return Promise.race([work(), new Promise((r) => setTimeout(r, 100).unref())]);\n}`,
  ],
  [
    'timer cleared in a .finally() chained on the race',
    `function f(ms: number) {\n  let timer: NodeJS.Timeout | undefined;\n  const deadline = new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error('t')), ms); });\n  return Promise.race([work(), deadline]).finally(() => clearTimeout(timer));\n}`,
  ],
  [
    'race cleared after it and in the catch',
    `async function f(ms: number) {\n  let timer: NodeJS.Timeout | undefined;\n  try {\n    const v = await Promise.race([work(), new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error('t')), ms); })]);\n    clearTimeout(timer);\n    return v;\n  } catch (error) {\n    clearTimeout(timer);\n    throw error;\n  }\n}`,
  ],
  [
    'handle handed to the work of the race (npm-check-updates, fixed)',
    `async function f(ms: number, run: (t?: NodeJS.Timeout) => Promise<void>) {\n  let timer: NodeJS.Timeout | undefined;\n  const deadline = new Promise<void>((_, reject) => {\n    timer = setTimeout(() => reject(new Error('global timeout')), ms);\n  });\n  return Promise.race([deadline, run(timer)]);\n}`,
  ],
  [
    'timer cleared on success in the executor',
    `function f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    const timer = setTimeout(() => reject(new Error('t')), ms);\n    work().then((v) => { clearTimeout(timer); resolve(v); }, reject);\n  });\n}`,
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
    'timers/promises with the caller signal',
    `import { setTimeout as delay } from 'node:timers/promises';\nasync function f(signal: AbortSignal) {\n  return Promise.race([work(), delay(100, undefined, { signal })]);\n}`,
  ],
  [
    'a local sleep helper awaited alone',
    `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));\nasync function f() {\n  await sleep(10);\n}`,
  ],
  [
    'a helper whose timer the signal clears',
    `function sleep(ms: number, signal: AbortSignal) {\n  return new Promise<void>((resolve) => {\n    const t = setTimeout(resolve, ms);\n    signal.addEventListener('abort', () => clearTimeout(t));\n  });\n}\nasync function f(signal: AbortSignal) {\n  return Promise.race([work(), sleep(2000, signal)]);\n}`,
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
    'a raced handle stored in a map and cleared elsewhere',
    `const pending = new Map<string, NodeJS.Timeout>();\nfunction f(id: string, ms: number) {\n  return Promise.race([work(), new Promise<never>((_, reject) => { pending.set(id, setTimeout(() => reject(new Error('t')), ms)); })]);\n}\nexport function cancel(id: string) { clearTimeout(pending.get(id)); }`,
  ],
  [
    'a shadowed setTimeout',
    `function f(setTimeout: (cb: () => void) => void) {\n  return new Promise<number>((resolve, reject) => {\n    setTimeout(() => reject(new Error('t')));\n    work().then(resolve);\n  });\n}`,
  ],
  ['race without timers', `async function f() {\n  return Promise.race([work(), work()]);\n}`],
  [
    'abort timer cleared in finally',
    `async function post(url: string) {\n  const controller = new AbortController();\n  const timer = setTimeout(() => controller.abort(), 10_000);\n  try {\n    return await fetch(url, { signal: controller.signal });\n  } finally {\n    clearTimeout(timer);\n  }\n}`,
  ],
  [
    'abort timer cleared after a try whose catch swallows',
    `async function post(url: string) {\n  const controller = new AbortController();\n  const timer = setTimeout(() => controller.abort(), 10_000);\n  try {\n    await fetch(url, { signal: controller.signal });\n  } catch {\n    console.warn('failed');\n  }\n  clearTimeout(timer);\n}`,
  ],
  [
    'timer cleared before the await',
    `async function f() {\n  const timer = setTimeout(() => console.log('slow'), 10_000);\n  clearTimeout(timer);\n  await work();\n}`,
  ],
  [
    'interval cleared before it is armed again',
    `class Tracker {\n  private ping: ReturnType<typeof setInterval> | undefined;\n  pageView() {\n    clearInterval(this.ping);\n    this.ping = setInterval(() => this.send(), 30_000);\n  }\n  send() {}\n}`,
  ],
  [
    'interval armed once behind a guard',
    `class Link {\n  private timer: NodeJS.Timeout | undefined;\n  connect() {\n    if (!this.timer) this.timer = setInterval(() => this.ping(), 5000);\n  }\n  ping() {}\n}`,
  ],
  [
    'interval armed after a stop() that clears it',
    `class Poller {\n  private timer: NodeJS.Timeout | undefined;\n  start() {\n    this.stop();\n    this.timer = setInterval(() => work(), 5000);\n  }\n  stop() { clearInterval(this.timer); }\n}`,
  ],
  [
    'interval armed by a start() that only the constructor calls',
    `class Relay {\n  private ready: Promise<void>;\n  private beat: NodeJS.Timeout | undefined;\n  constructor() {\n    this.ready = this.start();\n  }\n  async start() {\n    await work();\n    this.beat = setInterval(() => work(), 1000);\n  }\n  stop() { clearInterval(this.beat); }\n}`,
  ],
  [
    'a guard timer around work that cannot reject',
    `declare function kill(): void;\nasync function stop(exited: Promise<void>, ms: number) {\n  const timer = setTimeout(() => kill(), ms);\n  await exited.catch(() => undefined);\n  clearTimeout(timer);\n}`,
  ],
  [
    'interval armed in the constructor',
    `class Clock {\n  private timer = setInterval(() => this.tick(), 1000);\n  tick() {}\n}`,
  ],
  [
    'effect that returns a cleanup',
    `declare function useEffect(effect: () => void | (() => void), deps?: unknown[]): void;\nexport function Clock(props: { tick(): void }) {\n  useEffect(() => {\n    const id = setInterval(() => props.tick(), 1000);\n    return () => clearInterval(id);\n  }, []);\n  return null;\n}`,
  ],
  [
    'effect timeout without cleanup (reported only with strict)',
    `declare function useEffect(effect: () => void | (() => void), deps?: unknown[]): void;\nexport function Toast(props: { hide(): void }) {\n  useEffect(() => {\n    setTimeout(() => props.hide(), 3000);\n  }, []);\n  return null;\n}`,
  ],
  [
    'teardown that clears on the branch the arming method sets up',
    `class Poller {\n  private running = false;\n  private timer: NodeJS.Timeout | undefined;\n  start() {\n    this.timer = setInterval(() => work(), 1000);\n    this.running = true;\n  }\n  stop() {\n    if (this.running) {\n      clearInterval(this.timer);\n      this.running = false;\n    }\n  }\n}`,
  ],
  [
    'class that clears its interval in close',
    `class Connection {\n  private heartbeat = setInterval(() => this.ping(), 5000);\n  ping() {}\n  close() { clearInterval(this.heartbeat); }\n}`,
  ],
  [
    'abort timer kept and cleared when the request settles',
    `function send(url: string, ms: number) {\n  const controller = new AbortController();\n  const timer = setTimeout(() => controller.abort(), ms);\n  return fetch(url, { signal: controller.signal }).finally(() => clearTimeout(timer));\n}`,
  ],
  ['module-level interval', `setInterval(() => work(), 60_000);`],
];

describe('timer-leak: flagged', () => {
  it.each(flagged)('%s', (_name, code, messageId) => {
    tester.expectInvalid({
      code,
      messageId,
      files: {
        'util.ts': 'export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));\n',
      },
    });
  });
});

describe('timer-leak: clean', () => {
  it.each(clean)('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('timer-leak: test code', () => {
  const race = `it('settles first', async () => {\n  await Promise.race([work(), new Promise((r) => setTimeout(r, 10))]);\n});`;
  it('a short bounded wait in a test file is not a leak', () => {
    tester.expectValid({ code: race, fileName: 'orders.test.ts' });
  });
  it('a long wait in a test file is still reported', () => {
    tester.expectInvalid({
      code: `it('settles first', async () => {\n  await Promise.race([work(), /*!*/new Promise((r) => setTimeout(r, 30_000))]);\n});`,
      fileName: 'orders.test.ts',
      messageId: 'raceTimer',
    });
  });
  it('strict reports the short wait too', () => {
    strictTester.expectInvalid({
      code: `it('settles first', async () => {\n  await Promise.race([work(), /*!*/new Promise((r) => setTimeout(r, 10))]);\n});`,
      fileName: 'orders.test.ts',
      messageId: 'raceTimer',
    });
  });
  it('strict reports an effect timeout without cleanup', () => {
    strictTester.expectInvalid({
      code: `declare function useEffect(effect: () => void | (() => void), deps?: unknown[]): void;\nexport function Toast(props: { hide(): void }) {\n  useEffect(() => {\n    /*!*/setTimeout(() => props.hide(), 3000);\n  }, []);\n  return null;\n}`,
      messageId: 'effectWithoutCleanup',
    });
  });
});
