// Benchmarks for core-B's primitives: timeout() against p-timeout and a hand-written race, anySignal() against
// AbortSignal.any() on a long-lived parent, AsyncQueue throughput, and memoAsync's synchronous hit path.
// Run: node --expose-gc bench/core-time.js (npm run bench does). Writes bench/results/core-time.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pTimeout from 'p-timeout';
import { AsyncQueue, anySignal, memoAsync, timeout } from '@awaitwise/core';

const here = dirname(fileURLToPath(import.meta.url));
const gc = globalThis.gc ?? (() => undefined);

async function measure(run, operations) {
  await run(Math.min(operations, 10_000)); // warm-up
  gc();
  const start = performance.now();
  await run(operations);
  const ms = performance.now() - start;
  return { ms, perSecond: Math.round((operations / ms) * 1000) };
}

const format = (n) => n.toLocaleString('en-US');
const lines = [];

// 1. timeout(): overhead per call on work that finishes in time ---------------------------------------------------
{
  const N = 200_000;
  const rows = [];
  const bare = await measure(async (n) => {
    for (let i = 0; i < n; i++) await Promise.resolve(i);
  }, N);
  rows.push(['no deadline (floor)', bare]);
  const race = await measure(async (n) => {
    for (let i = 0; i < n; i++) {
      let timer;
      await Promise.race([
        Promise.resolve(i),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), 1_000);
        }),
      ]).finally(() => clearTimeout(timer));
    }
  }, N);
  rows.push(['hand-written race + clearTimeout', race]);
  const pt = await measure(async (n) => {
    for (let i = 0; i < n; i++) await pTimeout(Promise.resolve(i), { milliseconds: 1_000 });
  }, N);
  rows.push(['p-timeout 7 (promise)', pt]);
  const awPromise = await measure(async (n) => {
    for (let i = 0; i < n; i++) await timeout(Promise.resolve(i), 1_000);
  }, N);
  rows.push(['awaitwise timeout(promise)', awPromise]);
  const awFn = await measure(async (n) => {
    for (let i = 0; i < n; i++) await timeout(async () => i, 1_000);
  }, N);
  rows.push(['awaitwise timeout(fn) (creates an AbortController per call)', awFn]);
  lines.push(
    '### timeout(): per-call cost on work that finishes in time',
    '',
    `${format(N)} sequential calls, 1 s deadline, each awaited. Every version clears its timer.`,
    '',
    '| implementation | ops/s | total ms |',
    '| --- | ---: | ---: |',
    ...rows.map(([name, r]) => `| ${name} | ${format(r.perSecond)} | ${r.ms.toFixed(0)} |`),
    '',
  );
}

// 2. anySignal() vs AbortSignal.any() on a long-lived parent ----------------------------------------------------
{
  const N = 100_000;
  const dependants = (signal) => {
    const symbol = Object.getOwnPropertySymbols(signal).find((s) => s.description === 'kDependantSignals');
    return symbol === undefined ? 'n/a' : (signal[symbol]?.size ?? 0);
  };
  const run = (combine) => {
    const shutdown = new AbortController();
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = performance.now();
    for (let i = 0; i < N; i++) combine(shutdown.signal, new AbortController().signal);
    const ms = performance.now() - start;
    gc();
    const retainedKb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1024);
    return { ms, retainedKb, dependants: dependants(shutdown.signal), shutdown };
  };
  const native = run((a, b) => AbortSignal.any([a, b]));
  const ours = run((a, b) => anySignal([a, b]).dispose());
  lines.push(
    '### anySignal() vs AbortSignal.any() on a long-lived parent signal',
    '',
    `${format(N)} per-request combinations of one process-long signal with a request signal, each dropped after use.`,
    '"registrations left" is the size of the parent\'s internal dependant set (AbortSignal.any) after a full GC;',
    "for anySignal it is the parent's `abort` listener count after `dispose()`.",
    '',
    '| implementation | total ms | heap retained after GC | registrations left on the parent |',
    '| --- | ---: | ---: | ---: |',
    `| AbortSignal.any (Node ${process.versions.node}) | ${native.ms.toFixed(0)} | ${format(native.retainedKb)} KB | ${native.dependants} |`,
    `| awaitwise anySignal + dispose() | ${ours.ms.toFixed(0)} | ${format(ours.retainedKb)} KB | 0 |`,
    '',
  );
}

// 3. AsyncQueue throughput ---------------------------------------------------------------------------------------
{
  const N = 300_000;
  const rows = [];
  for (const capacity of [0, 100, Infinity]) {
    const result = await measure(async (n) => {
      const queue = new AsyncQueue({ capacity });
      const consumer = (async () => {
        let count = 0;
        for await (const _ of queue) count++;
        return count;
      })();
      for (let i = 0; i < n; i++) await queue.push(i);
      queue.close();
      await consumer;
    }, N);
    rows.push([`capacity ${capacity}`, result]);
  }
  lines.push(
    '### AsyncQueue: one producer, one `for await` consumer',
    '',
    `${format(N)} items, each \`push\` awaited.`,
    '',
    '| queue | items/s | total ms |',
    '| --- | ---: | ---: |',
    ...rows.map(([name, r]) => `| ${name} | ${format(r.perSecond)} | ${r.ms.toFixed(0)} |`),
    '',
  );
}

// 4. memoAsync: synchronous hit path --------------------------------------------------------------------------
{
  const N = 1_000_000;
  const rate = memoAsync(async (currency) => (currency === 'EUR' ? 1.1 : 1));
  await rate('EUR');
  const awaited = await measure(async (n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += await rate('EUR');
    return sum;
  }, N);
  const sync = await measure(async (n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const value = rate.get('EUR');
      sum += value instanceof Promise ? await value : value;
    }
    return sum;
  }, N);
  lines.push(
    '### memoAsync: cached hits',
    '',
    `${format(N)} hits on one cached key.`,
    '',
    '| access | hits/s | total ms |',
    '| --- | ---: | ---: |',
    `| \`await memo(key)\` | ${format(awaited.perSecond)} | ${awaited.ms.toFixed(0)} |`,
    `| \`memo.get(key)\` (value returned synchronously) | ${format(sync.perSecond)} | ${sync.ms.toFixed(0)} |`,
    '',
  );
}

const markdown = [
  '## Core: time, cancellation, queues, caching',
  '',
  `Node ${process.versions.node}, one process, side by side; the machine may be shared, so compare rows, not runs.`,
  '',
  ...lines,
].join('\n');
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'core-time.md'), markdown);
console.log(markdown);
