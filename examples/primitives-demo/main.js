// awaitwise primitives demo: each section runs the common broken version of an async pattern next to the
// @awaitwise/core fix, and prints the evidence. Run it with `npm start` (builds first) from the repository root.
import { EventEmitter } from 'node:events';
import {
  KeyedMutex,
  background,
  cooperative,
  isAbortError,
  latest,
  map,
  sleep,
  timeout,
  waitFor,
} from '@awaitwise/core';

const started = performance.now();

function section(id, title) {
  console.log(`\n■ ${title}  (pitfall: ${id})`);
}

function report(label, text) {
  console.log(`  ${label.padEnd(9)} ${text}`);
}

/** A fake HTTP call that tracks how many are in flight at once. */
function makeApi() {
  const api = { inFlight: 0, peak: 0 };
  api.fetch = async (id) => {
    api.inFlight++;
    api.peak = Math.max(api.peak, api.inFlight);
    await sleep(1);
    api.inFlight--;
    return { id };
  };
  return api;
}

// 1. unbounded concurrency ---------------------------------------------------------------------------------------
section('unbounded-concurrency', 'Fetching 1000 items');
{
  const ids = Array.from({ length: 1000 }, (_, i) => i);
  const naive = makeApi();
  await Promise.all(ids.map((id) => naive.fetch(id)));
  report('broken', `Promise.all(ids.map(fetch))          → peak ${naive.peak} requests in flight`);
  const fixed = makeApi();
  await map(ids, (id) => fixed.fetch(id), { concurrency: 8 });
  report('fixed', `map(ids, fetch, { concurrency: 8 })  → peak ${fixed.peak} requests in flight`);
}

// 2. stale response -----------------------------------------------------------------------------------------------
section('stale-response', 'Search as you type: "ab" answers slowly, "abc" quickly');
{
  const delays = { ab: 60, abc: 10 };
  const search = async (query, signal) => {
    await sleep(delays[query], { signal });
    return `results for "${query}"`;
  };

  let shown = '';
  const typing = ['ab', 'abc'].map((query) => search(query).then((results) => (shown = results)));
  await Promise.all(typing);
  report('broken', `the box shows ${shown} although the user typed "abc"`);

  const latestSearch = latest((signal, query) => search(query, signal));
  shown = '';
  const fixedTyping = ['ab', 'abc'].map((query) =>
    latestSearch(query).then(
      (results) => (shown = results),
      (error) => {
        if (!isAbortError(error)) throw error; // superseded: ignored on purpose
      },
    ),
  );
  await Promise.all(fixedTyping);
  report('fixed', `latest(search): the box shows ${shown}; the "ab" request was aborted`);
}

// 3. check-then-act -----------------------------------------------------------------------------------------------
section('check-then-act', 'A double-clicked "Place order" button (two requests, same idempotency key)');
{
  const createOrder = async (db, key) => {
    const existing = db.find((row) => row.key === key); // check…
    await sleep(5); // …await (a real query)…
    if (!existing) db.push({ key }); // …act on a stale check
  };
  const naiveDb = [];
  await Promise.all([createOrder(naiveDb, 'order-42'), createOrder(naiveDb, 'order-42')]);
  report('broken', `${naiveDb.length} rows created`);

  const locks = new KeyedMutex();
  const fixedDb = [];
  const submit = (key) => locks.run(key, () => createOrder(fixedDb, key));
  await Promise.all([submit('order-42'), submit('order-42')]);
  report('fixed', `KeyedMutex.run(key, …): ${fixedDb.length} row created`);
}

// 4. timer leak ---------------------------------------------------------------------------------------------------
section('timer-leak', 'A 5 s deadline around a call that answers in 1 ms');
{
  const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  const before = activeTimers();
  let leaked;
  await Promise.race([
    sleep(1),
    new Promise((_, reject) => {
      leaked = setTimeout(() => reject(new Error('timed out')), 5_000);
    }),
  ]);
  report(
    'broken',
    `Promise.race([call, timer]) → ${activeTimers() - before} timer still armed (keeps the process alive 5 s)`,
  );
  clearTimeout(leaked);

  await timeout((signal) => sleep(1, { signal }), 5_000);
  report('fixed', `timeout(call, 5000)         → ${activeTimers() - before} timers armed`);
}

// 5. listener leak ------------------------------------------------------------------------------------------------
section('listener-leak', 'Waiting 100 times for "ready" on a connection that reports "error" instead');
{
  const naiveConnection = new EventEmitter();
  naiveConnection.setMaxListeners(0); // Node would print a MaxListenersExceededWarning after 10: the leak is the point
  for (let i = 0; i < 100; i++) {
    const ready = new Promise((resolve, reject) => {
      // awaitwise-ignore-next-line listener-leak -- this section shows the leak on purpose
      naiveConnection.once('ready', resolve);
      // awaitwise-ignore-next-line listener-leak -- the same leak on the other path, also on purpose
      naiveConnection.once('error', reject);
    });
    naiveConnection.emit('error', new Error('refused'));
    await ready.catch(() => undefined);
  }
  report(
    'broken',
    `new Promise + once(): ${naiveConnection.listenerCount('ready')} "ready" listeners left behind`,
  );

  const connection = new EventEmitter();
  for (let i = 0; i < 100; i++) {
    const ready = waitFor(connection, 'ready', { timeout: 1_000 });
    connection.emit('error', new Error('refused'));
    await ready.catch(() => undefined);
  }
  report('fixed', `waitFor(connection, 'ready'): ${connection.listenerCount('ready')} listeners left behind`);
}

// 6. floating promise ---------------------------------------------------------------------------------------------
section('floating-promise', 'Sending a receipt without making the response wait');
{
  const failures = [];
  const sendReceipt = async () => {
    await sleep(1);
    throw new Error('SMTP server unreachable');
  };
  report(
    'broken',
    'sendReceipt() with no await → an unhandled rejection: Node exits with code 1 (not run here)',
  );
  background(sendReceipt, { onError: (error) => failures.push(error.message) });
  await sleep(5);
  report('fixed', `background(sendReceipt, { onError }) → onError received "${failures[0]}"`);
}

// 7. event-loop starvation ----------------------------------------------------------------------------------------
section(
  'event-loop-starvation',
  'Indexing 200 rows of CPU work (≈1 ms each) while a 1 ms heartbeat timer is due',
);
{
  const rows = Array.from({ length: 200 }, (_, i) => i);
  const work = () => {
    const end = performance.now() + 1;
    while (performance.now() < end) {
      // CPU work
    }
  };
  const heartbeatDelay = async (loop) => {
    const armed = performance.now();
    let firedAt = 0;
    setTimeout(() => (firedAt = performance.now()), 1);
    await loop();
    await sleep(2);
    return Math.round(firedAt - armed);
  };
  const naive = await heartbeatDelay(async () => {
    for (const row of rows) {
      work(row);
      await Promise.resolve(); // looks async, lets nothing else run
    }
  });
  report('broken', `for…of with await Promise.resolve(): the 1 ms timer fired after ${naive} ms`);
  const fixed = await heartbeatDelay(() => cooperative(rows, work, { budgetMs: 10 }));
  report('fixed', `cooperative(rows, work, { budgetMs: 10 }): the 1 ms timer fired after ${fixed} ms`);
}

console.log(`\nDone in ${Math.round(performance.now() - started)} ms.`);
