// @awaitwise/core: per-task overhead of `limit` and `map` against their peers, side by side in one process.
//
//   node bench/core.js                # full run, writes bench/results/core.md (core-node<major>.md on Node != 20)
//   node bench/core.js --quick        # fewer tasks and rounds (a smoke run)
//   node bench/core.js limit objects  # only the sections named (limit, context, map, memory, objects); no file written
//
// Workload: TASKS tasks, CONCURRENCY at a time; each task is `async () => { await null; }` (one microtask), so what
// is measured is the machinery, not the work. Every contender runs the same tasks in every round, in a shuffled
// order per round; the table shows each contender's fastest round (on a loaded, shared machine the slower rounds
// measure the neighbours). The floors are what no limiter can beat: `Promise.all` over
// every task at once with no limit, and, for `map`, a hand-written pool of CONCURRENCY async workers. The row
// "minimal limiter (irreducible work)" is a reference, not a contender: the least any limiter must do per queued
// task (one pending promise, one queue slot, one reaction on the task's promise), so the gap between it and the
// floor is what limiting costs at all, and the gap between `limit` and it is what our features cost.
// Peak memory: 10^6 tasks queued behind CONCURRENCY blocked ones, each contender in its own child process run with
// --expose-gc; heapUsed after a full GC minus the heapUsed before queueing.
// Objects per queued task (`node bench/core.js objects`): the semaphores used as limiters, and the same `async` body
// with no semaphore, each in a child process: two heap snapshots around queueing OBJECT_TASKS tasks, counted by kind.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sema } from 'async-sema';
import { Semaphore as AsyncMutexSemaphore } from 'async-mutex';
import { Semaphore as EsToolkitSemaphore } from 'es-toolkit';
import pLimit from 'p-limit';
import pMap from 'p-map';
import PQueue from 'p-queue';
import { limit, map, Semaphore } from '../packages/core/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const TASKS = quick ? 20_000 : 100_000;
const ROUNDS = quick ? 5 : 11;
const CONCURRENCY = 16;
const MEMORY_TASKS = 1_000_000;
const OBJECT_TASKS = 20_000;
/** Results of Node 20 (the oldest supported) go to results/core.md, those of another major to core-node<major>.md. */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/*
 * A full collection before every round, for every contender, even when run as plain `node bench/core.js`: without
 * it, the garbage one contender leaves in the old generation is collected during whichever round comes next.
 */
if (typeof globalThis.gc !== 'function') {
  setFlagsFromString('--expose-gc');
  globalThis.gc = runInNewContext('gc');
}

const task = async () => {
  await null;
};
const mapper = async (x) => {
  await null;
  return x * 2;
};

/*
 * The least any limiter must do per queued task, as a reference (not a product: no validation, no arguments, no sync
 * throws, no clear, no signals): one pending promise returned to the caller (made with a shared executor, so no
 * closure for it), one queue slot (three entries of a flat array), one reaction on the task's promise that frees
 * the slot, starts the next task and settles the caller's promise. A task that finds a free slot starts at once and
 * its own promise is returned, with one reaction to free the slot.
 */
let capturedResolve;
let capturedReject;
const captureResolvers = (resolve, reject) => {
  capturedResolve = resolve;
  capturedReject = reject;
};
function minimalLimiter(concurrency) {
  let active = 0;
  let queue = [];
  let head = 0;
  const done = () => {
    active--;
    if (head < queue.length) startNext();
  };
  const startNext = () => {
    const fn = queue[head];
    const resolve = queue[head + 1];
    const reject = queue[head + 2];
    queue[head] = queue[head + 1] = queue[head + 2] = undefined;
    head += 3;
    if (head === queue.length) {
      queue = [];
      head = 0;
    }
    active++;
    fn().then(
      (value) => {
        done();
        resolve(value);
      },
      (error) => {
        done();
        reject(error);
      },
    );
  };
  return (fn) => {
    if (active < concurrency) {
      active++;
      const promise = fn();
      promise.then(done, done);
      return promise;
    }
    const promise = new Promise(captureResolvers);
    queue.push(fn, capturedResolve, capturedReject);
    return promise;
  };
}

/*
 * A minimal semaphore used as a limiter, as a reference for the semaphore rows. Not a product (no permit object, no
 * weights, no signals, no idempotent release) and not a floor: a waiter made by `then` on the previous waiter's
 * promise, as @awaitwise/core's Semaphore does, costs less than this one's promise with resolving functions of its
 * own. A free permit is a shared resolved promise, a waiter is one pending promise (shared executor) and one queue
 * slot, a release resolves the first waiter with undefined. Its callers run the same `async` body as the semaphores'
 * below, so its row minus the floor is what those bodies cost, and a semaphore's row minus it is what that semaphore
 * itself adds (negative when it needs less).
 */
const RESOLVED = Promise.resolve();
function minimalSemaphore(permits) {
  let available = permits;
  let queue = [];
  let head = 0;
  return {
    acquire() {
      if (available !== 0) {
        available--;
        return RESOLVED;
      }
      const promise = new Promise(captureResolvers);
      queue.push(capturedResolve);
      return promise;
    },
    release() {
      if (head === queue.length) {
        available++;
        return;
      }
      const resolve = queue[head];
      queue[head++] = undefined;
      if (head === queue.length) {
        queue = [];
        head = 0;
      }
      resolve();
    },
  };
}

/**
 * Runs TASKS tasks through a semaphore whose `release()` takes no permit (es-toolkit, async-sema, the minimal one),
 * CONCURRENCY at a time: the same `async` body for each, so only the semaphore differs. It is the use both peers'
 * READMEs show (`await acquire()`, then `try { … } finally { release(); }`); async-sema is also made the way its README
 * shows, with a preallocated `capacity` for its waiter queue.
 */
function runCounting(semaphore) {
  const run = async () => {
    await semaphore.acquire();
    try {
      await task();
    } finally {
      semaphore.release();
    }
  };
  const all = new Array(TASKS);
  for (let i = 0; i < TASKS; i++) all[i] = run();
  return Promise.all(all);
}

/** Runs each `fn` given to it holding a permit of a semaphore whose `release()` takes no permit, as `runCounting` does. */
function aroundCounting(semaphore) {
  return async (fn) => {
    await semaphore.acquire();
    try {
      return await fn();
    } finally {
      semaphore.release();
    }
  };
}

/** async-sema as its README's example makes it (the `capacity` preallocates its waiter queue). */
const newSema = () => new Sema(CONCURRENCY, { capacity: 100 });

/** Each contender: name and a function that runs TASKS tasks with CONCURRENCY at once and resolves when done. */
const limitContenders = {
  'Promise.all, no limit (floor)': () => {
    const all = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = task();
    return Promise.all(all);
  },
  '@awaitwise/core limit': () => {
    const limiter = limit(CONCURRENCY);
    const all = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = limiter(task);
    return Promise.all(all);
  },
  'minimal limiter (irreducible work)': () => {
    const limiter = minimalLimiter(CONCURRENCY);
    const all = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = limiter(task);
    return Promise.all(all);
  },
  '@awaitwise/core Semaphore acquire/release': () => {
    const semaphore = new Semaphore(CONCURRENCY);
    const run = async () => {
      const permit = await semaphore.acquire();
      try {
        await task();
      } finally {
        permit.release();
      }
    };
    const all = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = run();
    return Promise.all(all);
  },
  'minimal semaphore (irreducible work)': () => runCounting(minimalSemaphore(CONCURRENCY)),
  'p-limit': () => {
    const limiter = pLimit(CONCURRENCY);
    const all = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = limiter(task);
    return Promise.all(all);
  },
  'p-queue': () => {
    const queue = new PQueue({ concurrency: CONCURRENCY });
    const all = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = queue.add(task);
    return Promise.all(all);
  },
  'async-sema': () => runCounting(newSema()),
  'es-toolkit Semaphore': () => runCounting(new EsToolkitSemaphore(CONCURRENCY)),
  'async-mutex Semaphore': () => {
    const semaphore = new AsyncMutexSemaphore(CONCURRENCY);
    const all = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = semaphore.runExclusive(task);
    return Promise.all(all);
  },
};

/**
 * With an AsyncLocalStorage in use, Node 20 turns on promise hooks for the whole process and every promise gets
 * slower, so these run in a child process of their own (they would slow down every contender measured after them).
 */
const contextContenders = {
  'Promise.all, no limit (floor)': limitContenders['Promise.all, no limit (floor)'],
  '@awaitwise/core limit': limitContenders['@awaitwise/core limit'],
  '@awaitwise/core limit (preserveContext)': () => {
    const limiter = limit(CONCURRENCY, { preserveContext: true });
    const all = new Array(TASKS);
    for (let i = 0; i < TASKS; i++) all[i] = limiter(task);
    return Promise.all(all);
  },
  'p-limit': limitContenders['p-limit'],
};

async function contextChild() {
  const { AsyncLocalStorage } = await import('node:async_hooks');
  const storage = new AsyncLocalStorage();
  const results = await storage.run({ requestId: 1 }, () => measure(contextContenders));
  process.stdout.write(JSON.stringify({ results, rounds: lastRounds, cpuRounds: lastCpuRounds }));
}

const items = Array.from({ length: TASKS }, (_, i) => i);
const mapContenders = {
  'hand-written worker pool (floor)': async () => {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await mapper(items[index]);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return results;
  },
  '@awaitwise/core map': () => map(items, mapper, { concurrency: CONCURRENCY }),
  'p-map': () => pMap(items, mapper, { concurrency: CONCURRENCY }),
};

function shuffle(array) {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [array[i], array[j]] = [array[j], array[i]];
  }
  return array;
}

// The fastest round: on a shared, loaded machine the other rounds measure the neighbours, not the code.
const best = (values) => Math.min(...values);
const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];

/** Every round's ns per task of the last `measure()` call, by contender (for paired, round-by-round ratios). */
let lastRounds = {};
/**
 * Every round's CPU time per task (ns, all of the process's threads: the garbage collector's helpers count) of the
 * last `measure()` call. On a shared machine the neighbours stretch wall time, not the work a round does, so CPU
 * time swings less from round to round.
 */
let lastCpuRounds = {};

/** Median and range of `a`'s time over `b`'s, round by round (both ran in the same shuffled round). */
function pairedRatios(a, b, rounds = lastRounds) {
  const ratios = rounds[a].map((ns, round) => ns / rounds[b][round]).sort((x, y) => x - y);
  const median = ratios[Math.floor(ratios.length / 2)];
  return `${median.toFixed(2)} (${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)})`;
}

async function measure(contenders) {
  const names = Object.keys(contenders);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const cpuTimes = Object.fromEntries(names.map((name) => [name, []]));
  // one warm-up round, not recorded
  for (const name of names) await contenders[name]();
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of shuffle([...names])) {
      globalThis.gc?.();
      const start = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      await contenders[name]();
      const cpu = process.cpuUsage(cpuStart);
      times[name].push(Number(process.hrtime.bigint() - start) / TASKS);
      cpuTimes[name].push(((cpu.user + cpu.system) * 1000) / TASKS);
    }
  }
  lastRounds = times;
  lastCpuRounds = cpuTimes;
  return Object.fromEntries(names.map((name) => [name, best(times[name])]));
}

/**
 * The best round of each contender (tasks/s, ns per task, ratios), then the median round's wall and CPU time per
 * task and the spread of its wall time (slowest round over fastest) from the last `measure()` call's rounds.
 */
function table(results, floorName, versusName, rounds = lastRounds, cpuRounds = lastCpuRounds) {
  const floor = results[floorName];
  const versus = versusName === undefined ? undefined : results[versusName];
  const lines = [
    `| contender | tasks/s | ns per task | × floor | ${versusName === undefined ? '' : `speed vs ${versusName} | `}` +
      'median ns (wall) | median ns (CPU) | spread (wall, max/min) |',
    `|---|---:|---:|---:|${versusName === undefined ? '' : '---:|'}---:|---:|---:|`,
  ];
  for (const [name, ns] of Object.entries(results).sort((a, b) => a[1] - b[1])) {
    const cells = [
      name,
      Math.round(1e9 / ns).toLocaleString('en-US'),
      ns.toFixed(0),
      (ns / floor).toFixed(2),
    ];
    if (versus !== undefined) cells.push(`${(versus / ns).toFixed(2)}×`);
    const wall = rounds[name];
    const cpu = cpuRounds[name];
    cells.push(
      wall === undefined ? '' : median(wall).toFixed(0),
      cpu === undefined ? '' : median(cpu).toFixed(0),
      wall === undefined ? '' : `${(Math.max(...wall) / Math.min(...wall)).toFixed(2)}×`,
    );
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

// ---- memory: one contender per child process ----
/** Contenders whose name ends with this queue their tasks inside `AsyncLocalStorage.run()` (a request context). */
const IN_CONTEXT = 'in an AsyncLocalStorage context';
const memoryContenders = {
  '@awaitwise/core limit': () => {
    const limiter = limit(CONCURRENCY);
    return (fn) => limiter(fn);
  },
  '@awaitwise/core limit (preserveContext)': () => {
    const limiter = limit(CONCURRENCY, { preserveContext: true });
    return (fn) => limiter(fn);
  },
  [`@awaitwise/core limit ${IN_CONTEXT}`]: () => {
    const limiter = limit(CONCURRENCY);
    return (fn) => limiter(fn);
  },
  [`@awaitwise/core limit (preserveContext) ${IN_CONTEXT}`]: () => {
    const limiter = limit(CONCURRENCY, { preserveContext: true });
    return (fn) => limiter(fn);
  },
  '@awaitwise/core Semaphore acquire/release': () => {
    const semaphore = new Semaphore(CONCURRENCY);
    return async (fn) => {
      const permit = await semaphore.acquire();
      try {
        return await fn();
      } finally {
        permit.release();
      }
    };
  },
  'p-limit': () => {
    const limiter = pLimit(CONCURRENCY);
    return (fn) => limiter(fn);
  },
  'p-queue': () => {
    const queue = new PQueue({ concurrency: CONCURRENCY });
    return (fn) => queue.add(fn);
  },
  'async-sema': () => aroundCounting(newSema()),
  'es-toolkit Semaphore': () => aroundCounting(new EsToolkitSemaphore(CONCURRENCY)),
  'async-mutex Semaphore': () => {
    const semaphore = new AsyncMutexSemaphore(CONCURRENCY);
    return (fn) => semaphore.runExclusive(fn);
  },
};

async function memoryChild(name) {
  const blocked = new Promise(() => undefined);
  const fn = () => blocked;
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
    globalThis.gc();
  };
  await settle();
  const before = process.memoryUsage().heapUsed;
  const schedule = memoryContenders[name]();
  const promises = new Array(MEMORY_TASKS);
  const queueAll = () => {
    for (let i = 0; i < MEMORY_TASKS; i++) promises[i] = schedule(fn);
  };
  if (name.endsWith(IN_CONTEXT)) {
    const { AsyncLocalStorage } = await import('node:async_hooks');
    new AsyncLocalStorage().run({ requestId: 1 }, queueAll);
  } else queueAll();
  await settle();
  const after = process.memoryUsage().heapUsed;
  process.stdout.write(JSON.stringify({ bytes: after - before, kept: promises.length }));
}

/** The `async` body the semaphore rows run, with no semaphore: what the caller's side costs by itself. */
const CALLER_ALONE = 'the same async body, no semaphore';
const objectContenders = {
  [CALLER_ALONE]: () => async (fn) => {
    try {
      return await fn();
    } finally {
      noop();
    }
  },
  '@awaitwise/core Semaphore acquire/release': memoryContenders['@awaitwise/core Semaphore acquire/release'],
  'minimal semaphore (irreducible work)': () => aroundCounting(minimalSemaphore(CONCURRENCY)),
  'es-toolkit Semaphore': memoryContenders['es-toolkit Semaphore'],
  'async-sema': memoryContenders['async-sema'],
};

function noop() {
  // the reference body's `finally`
}

/** Heap objects by kind (count and bytes) in a heap snapshot file. */
function objectsByKind(file) {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const kinds = new Map();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt]];
    const name = strings[nodes[i + nameAt]];
    const kind =
      type === 'closure'
        ? 'closure'
        : type === 'array'
          ? name === ''
            ? 'FixedArray'
            : name
          : type === 'object' || type === 'hidden'
            ? name.replace('system / ', '')
            : type;
    const entry = kinds.get(kind) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += nodes[i + sizeAt];
    kinds.set(kind, entry);
  }
  return kinds;
}

/**
 * Queues OBJECT_TASKS tasks behind CONCURRENCY blocked ones between two heap snapshots (each after the microtasks the
 * queueing started have run and a full GC), and prints what the second holds more than the first, per queued task.
 * Objects made later (a permit at its grant) are not in it.
 */
async function objectsChild(name) {
  const blocked = new Promise(() => undefined);
  const fn = () => blocked;
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
  };
  const schedule = objectContenders[name]();
  const promises = new Array(OBJECT_TASKS);
  await settle();
  const before = writeHeapSnapshot(join(tmpdir(), `core-objects-${process.pid}-before.heapsnapshot`));
  for (let i = 0; i < OBJECT_TASKS; i++) promises[i] = schedule(fn);
  await settle();
  const after = writeHeapSnapshot(join(tmpdir(), `core-objects-${process.pid}-after.heapsnapshot`));
  const [kindsBefore, kindsAfter] = [objectsByKind(before), objectsByKind(after)];
  rmSync(before);
  rmSync(after);
  const perTask = {};
  for (const [kind, { count, bytes }] of kindsAfter) {
    const was = kindsBefore.get(kind) ?? { count: 0, bytes: 0 };
    const objects = (count - was.count) / OBJECT_TASKS;
    if (Math.abs(objects) >= 0.5) perTask[kind] = { objects, bytes: (bytes - was.bytes) / OBJECT_TASKS };
  }
  process.stdout.write(JSON.stringify({ perTask, kept: promises.length }));
}

async function main() {
  if (args.includes('--context-child')) {
    await contextChild();
    return;
  }
  const objectsIndex = args.indexOf('--objects-child');
  if (objectsIndex !== -1) {
    await objectsChild(args[objectsIndex + 1]);
    return;
  }
  const childIndex = args.indexOf('--memory-child');
  if (childIndex !== -1) {
    await memoryChild(args[childIndex + 1]);
    return;
  }
  const filters = args.filter((arg) => !arg.startsWith('--'));
  /** The figures issue #15 asks for, printed together at the end. */
  const figures = [];
  const wanted = (section) => filters.length === 0 || filters.some((filter) => section.includes(filter));
  const out = [
    `## @awaitwise/core: limit and map overhead${NODE_MAJOR === 20 ? '' : ` (Node ${NODE_MAJOR})`}`,
    '',
    `${TASKS.toLocaleString('en-US')} tasks, concurrency ${CONCURRENCY}, each task \`async () => { await null; }\`; ` +
      `best of ${ROUNDS} shuffled rounds after a warm-up, in one process (\`node bench/core.js\`). ` +
      `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'} (shared machine: read the ratios).`,
    '',
  ];
  if (wanted('limit')) {
    console.log('limit …');
    const results = await measure(limitContenders);
    const ours = results['@awaitwise/core limit'];
    const summary =
      `\`limit\` per task: ${(ours / results['Promise.all, no limit (floor)']).toFixed(2)}× the floor, ` +
      `${(ours / results['minimal limiter (irreducible work)']).toFixed(2)}× the minimal limiter (the least any ` +
      `limiter must do per queued task: one pending promise for the caller, one queue slot, one reaction on the ` +
      `task's promise), ${(results['p-limit'] / ours).toFixed(2)}× faster than p-limit. ` +
      `The floor spends most of its time collecting garbage and swings more than \`limit\` from round to round, so ` +
      `here are also the ratios round by round (median and range over the ${ROUNDS} rounds): \`limit\` ÷ floor ` +
      `${pairedRatios('@awaitwise/core limit', 'Promise.all, no limit (floor)')}, p-limit ÷ \`limit\` ` +
      `${pairedRatios('p-limit', '@awaitwise/core limit')}.`;
    out.push(
      '### limit (and semaphores used as limiters)',
      '',
      table(results, 'Promise.all, no limit (floor)', 'p-limit'),
      '',
      summary,
      '',
    );
    console.log(table(results, 'Promise.all, no limit (floor)', 'p-limit'));
    console.log(summary);
    const semaphore = '@awaitwise/core Semaphore acquire/release';
    const fasterPeer =
      results['es-toolkit Semaphore'] <= results['async-sema'] ? 'es-toolkit Semaphore' : 'async-sema';
    const ownCost = (name) => (results[name] - results['minimal semaphore (irreducible work)']).toFixed(0);
    const semaphoreSummary =
      `\`Semaphore\` used as a limiter (\`await acquire()\`, work, \`release()\`): ` +
      `${(results[fasterPeer] / results[semaphore]).toFixed(2)}× faster than the faster of async-sema and es-toolkit ` +
      `(${fasterPeer}) on the best rounds; round by round (median and range over the ${ROUNDS} rounds), ` +
      `es-toolkit ÷ \`Semaphore\` ${pairedRatios('es-toolkit Semaphore', semaphore)}, ` +
      `async-sema ÷ \`Semaphore\` ${pairedRatios('async-sema', semaphore)}; in CPU time (the process's, round by ` +
      `round), es-toolkit ÷ \`Semaphore\` ${pairedRatios('es-toolkit Semaphore', semaphore, lastCpuRounds)}, ` +
      `async-sema ÷ \`Semaphore\` ${pairedRatios('async-sema', semaphore, lastCpuRounds)}. ` +
      `What each adds to the minimal semaphore (same task bodies, no permit object; best rounds): ` +
      `\`Semaphore\` ${ownCost(semaphore)} ns per task, es-toolkit ${ownCost('es-toolkit Semaphore')}, ` +
      `async-sema ${ownCost('async-sema')}.`;
    figures.push(
      `- Semaphore used as a limiter vs the faster of async-sema and es-toolkit (need ≥ 1.10): ` +
        `${(results[fasterPeer] / results[semaphore]).toFixed(2)}× on the best rounds (${fasterPeer}); paired ` +
        `medians, wall ${pairedRatios(fasterPeer, semaphore)}, CPU ${pairedRatios(fasterPeer, semaphore, lastCpuRounds)}`,
    );
    out.push(semaphoreSummary, '');
    console.log(semaphoreSummary);
  }
  if (wanted('context')) {
    console.log('limit with AsyncLocalStorage active …');
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', fileURLToPath(import.meta.url), '--context-child', ...(quick ? ['--quick'] : [])],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`context child failed: ${child.stderr}`);
    const { results, rounds, cpuRounds } = JSON.parse(child.stdout);
    lastRounds = rounds;
    lastCpuRounds = cpuRounds;
    const text = table(results, 'Promise.all, no limit (floor)', 'p-limit');
    const contextSummary =
      `\`preserveContext\` per task: ${(results['@awaitwise/core limit (preserveContext)'] / results['@awaitwise/core limit']).toFixed(2)}× ` +
      `plain \`limit\` on the best rounds; round by round (median and range over the ${ROUNDS} rounds), ` +
      `\`limit (preserveContext)\` ÷ \`limit\` ` +
      `${pairedRatios('@awaitwise/core limit (preserveContext)', '@awaitwise/core limit')} in wall time, ` +
      `${pairedRatios('@awaitwise/core limit (preserveContext)', '@awaitwise/core limit', lastCpuRounds)} in CPU ` +
      `time; p-limit ÷ \`limit (preserveContext)\` ${pairedRatios('p-limit', '@awaitwise/core limit (preserveContext)')}.`;
    figures.push(
      `- preserveContext per task vs plain limit, inside an AsyncLocalStorage context (need ≤ 2): ` +
        `${(results['@awaitwise/core limit (preserveContext)'] / results['@awaitwise/core limit']).toFixed(2)}× on ` +
        `the best rounds; paired medians, wall ` +
        `${pairedRatios('@awaitwise/core limit (preserveContext)', '@awaitwise/core limit')}, CPU ` +
        `${pairedRatios('@awaitwise/core limit (preserveContext)', '@awaitwise/core limit', lastCpuRounds)}`,
    );
    out.push(
      '### limit with an AsyncLocalStorage active (preserveContext)',
      '',
      'In a child process running inside `AsyncLocalStorage.run()`: Node 20 then enables promise hooks for the whole ' +
        'process, which slows every promise, so this is measured apart from the table above.',
      '',
      text,
      '',
      contextSummary,
      '',
    );
    console.log(text);
    console.log(contextSummary);
  }
  if (wanted('map')) {
    console.log('map …');
    const results = await measure(mapContenders);
    out.push('### map', '', table(results, 'hand-written worker pool (floor)', 'p-map'), '');
    console.log(table(results, 'hand-written worker pool (floor)', 'p-map'));
  }
  if (wanted('memory')) {
    console.log('memory …');
    const lines = [
      `### Memory with ${MEMORY_TASKS.toLocaleString('en-US')} queued tasks`,
      '',
      'Each contender alone in a child process (`--expose-gc`): heapUsed after queueing and a full GC, minus before; ' +
        'includes the promises returned to the caller.',
      '',
      '| contender | heap delta (MiB) | bytes per queued task |',
      '|---|---:|---:|',
    ];
    const rows = [];
    for (const name of Object.keys(memoryContenders)) {
      const child = spawnSync(
        process.execPath,
        ['--expose-gc', fileURLToPath(import.meta.url), '--memory-child', name],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        },
      );
      if (child.status !== 0) {
        rows.push([name, Number.NaN]);
        console.error(`memory child ${name} failed: ${child.stderr}`);
        continue;
      }
      const { bytes } = JSON.parse(child.stdout);
      rows.push([name, bytes]);
    }
    for (const [name, bytes] of rows.sort((a, b) => a[1] - b[1])) {
      lines.push(`| ${name} | ${(bytes / 2 ** 20).toFixed(1)} | ${(bytes / MEMORY_TASKS).toFixed(0)} |`);
    }
    const bytesOf = Object.fromEntries(rows);
    const perTask = (name) => (bytesOf[name] / MEMORY_TASKS).toFixed(0);
    const ratio = (suffix) =>
      (
        bytesOf[`@awaitwise/core limit (preserveContext)${suffix}`] /
        bytesOf[`@awaitwise/core limit${suffix}`]
      ).toFixed(2);
    lines.push(
      '',
      `\`preserveContext\` per queued task: ${perTask('@awaitwise/core limit (preserveContext)')} bytes against ` +
        `${perTask('@awaitwise/core limit')} for plain \`limit\` (${ratio('')}×); queued inside an AsyncLocalStorage ` +
        `context, ${perTask(`@awaitwise/core limit (preserveContext) ${IN_CONTEXT}`)} against ` +
        `${perTask(`@awaitwise/core limit ${IN_CONTEXT}`)} (${ratio(` ${IN_CONTEXT}`)}×).`,
    );
    figures.push(
      `- preserveContext memory per queued task vs plain limit (need ≤ 2): ${ratio('')}×; queued inside an ` +
        `AsyncLocalStorage context ${ratio(` ${IN_CONTEXT}`)}×`,
    );
    out.push(...lines, '');
    console.log(lines.join('\n'));
  }
  if (wanted('objects')) {
    console.log('objects …');
    const lines = [
      `### Objects per queued task`,
      '',
      `${OBJECT_TASKS.toLocaleString('en-US')} tasks queued behind ${CONCURRENCY} blocked ones, each contender alone ` +
        'in a child process: what a heap snapshot holds after queueing (the microtasks it started run, a full GC) ' +
        'more than one before, per queued task, by kind; "beyond the body" subtracts the same `async` body run with ' +
        'no semaphore. A queued task stays alive until its turn, so every one of these is copied by the young ' +
        'collector and promoted; objects made later (our permit, one per grant) are not counted.',
      '',
      '| contender | objects | bytes | beyond the body: objects | bytes | by kind |',
      '|---|---:|---:|---:|---:|---|',
    ];
    const counted = {};
    for (const name of Object.keys(objectContenders)) {
      const child = spawnSync(
        process.execPath,
        ['--expose-gc', fileURLToPath(import.meta.url), '--objects-child', name],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      if (child.status !== 0) {
        console.error(`objects child ${name} failed: ${child.stderr}`);
        continue;
      }
      const kinds = Object.entries(JSON.parse(child.stdout).perTask).sort((a, b) => b[1].bytes - a[1].bytes);
      counted[name] = {
        objects: kinds.reduce((sum, [, kind]) => sum + kind.objects, 0),
        bytes: kinds.reduce((sum, [, kind]) => sum + kind.bytes, 0),
        kinds: kinds.map(([kind, { objects }]) => `${kind} ${objects.toFixed(1)}`).join(', '),
      };
    }
    const body = counted[CALLER_ALONE];
    for (const [name, { objects, bytes, kinds }] of Object.entries(counted)) {
      const beyond =
        body === undefined || name === CALLER_ALONE
          ? '— | —'
          : `${(objects - body.objects).toFixed(1)} | ${(bytes - body.bytes).toFixed(0)}`;
      lines.push(`| ${name} | ${objects.toFixed(1)} | ${bytes.toFixed(0)} | ${beyond} | ${kinds} |`);
    }
    out.push(...lines, '');
    console.log(lines.join('\n'));
  }
  if (figures.length !== 0) {
    const block = [`### Issue #15 figures (Node ${process.version})`, '', ...figures];
    out.push(...block, '');
    console.log(block.join('\n'));
  }
  if (filters.length === 0 && !quick) {
    mkdirSync(join(here, 'results'), { recursive: true });
    const file = NODE_MAJOR === 20 ? 'core.md' : `core-node${NODE_MAJOR}.md`;
    writeFileSync(join(here, 'results', file), out.join('\n'));
    console.log(`wrote bench/results/${file}`);
  }
}

await main();
