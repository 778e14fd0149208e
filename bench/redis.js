// Redis lock throughput and latency: @awaitwise/redis versus redlock (5.0.0-beta.2) and redis-semaphore's Mutex,
// side by side in one process, on one local redis-server that this script starts (127.0.0.1, free port, no
// persistence) and stops. Every contender loops lock → unlock on ONE shared key for a fixed time; we count the
// pairs per second and the p50/p99 latency of a pair (from asking for the lock to having released it, so under
// contention it includes the wait). 1, 16 and 64 concurrent contenders. Writes bench/results/redis.md.
//
//   node bench/redis.js                 # 3 s per cell
//   node bench/redis.js --seconds 5
//
// Peers' settings: redlock retryDelay 10 ms / jitter 10 ms / unlimited retries (its default 200 ms delay would be
// far slower under contention); redis-semaphore's defaults (retryInterval 10 ms). Ours: defaults (fair queue,
// pub/sub hand-off, 500 ms polling fallback). All three on ioredis.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import Redlock from 'redlock';
import { Mutex } from 'redis-semaphore';
import { createRedisLock } from '../packages/redis/dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg === -1 ? 3 : Number(process.argv[secondsArg + 1]);
const CONTENDERS = [1, 16, 64];
const TTL = 10_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aw-bench-redis-'));
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    port,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `contenders` loops of lock → unlock for `seconds`; returns the raw figures of that slice. */
async function measure(makeContender, contenders, seconds) {
  const latencies = [];
  let inside = 0;
  let violations = 0;
  const deadline = performance.now() + seconds * 1000;
  const perContender = [];
  const loop = async (_, index) => {
    const pair = makeContender();
    perContender[index] = 0;
    while (performance.now() < deadline) {
      perContender[index]++;
      const start = performance.now();
      const release = await pair();
      inside++;
      if (inside > 1) violations++;
      inside--;
      await release();
      latencies.push(performance.now() - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: contenders }, loop));
  const elapsed = (performance.now() - started) / 1000;
  return { latencies, elapsed, violations, perContender };
}

/** Merges the slices of one library at one level into its figures. */
function summarize(slices) {
  const latencies = slices.flatMap((slice) => slice.latencies).sort((a, b) => a - b);
  const elapsed = slices.reduce((sum, slice) => sum + slice.elapsed, 0);
  const perContender = slices[0].perContender.map((_, index) =>
    slices.reduce((sum, slice) => sum + slice.perContender[index], 0),
  );
  return {
    pairsPerSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    pairs: latencies.length,
    violations: slices.reduce((sum, slice) => sum + slice.violations, 0),
    busiestShare: Math.max(...perContender) / latencies.length,
    redisUsPerPair: (slices.reduce((sum, slice) => sum + slice.redisCpu, 0) * 1e6) / latencies.length,
    idle: perContender.filter((count) => count <= slices.length).length,
  };
}

const server = await startRedis();
const clients = [];
const client = () => {
  const redis = new Redis({ port: server.port, host: '127.0.0.1' });
  clients.push(redis);
  return redis;
};

/** CPU seconds the redis-server process has used (user + system), from `INFO cpu`. */
const admin = client();
async function redisCpu() {
  const info = await admin.info('cpu');
  const seconds = (name) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return seconds('used_cpu_user') + seconds('used_cpu_sys');
}

const ours = createRedisLock(client(), { ttl: TTL, prefix: 'bench:aw:' });
const redlock = new Redlock([client()], { retryCount: 1_000_000, retryDelay: 10, retryJitter: 10 });
const semaphoreClient = client();

const libraries = [
  {
    name: '@awaitwise/redis',
    contender: (key) => () => async () => {
      const lease = await ours.lock(key);
      return () => lease.release();
    },
  },
  {
    name: 'redlock 5.0.0-beta.2',
    contender: (key) => () => async () => {
      const lock = await redlock.acquire([key], TTL);
      return () => lock.release();
    },
  },
  {
    name: 'redis-semaphore Mutex',
    contender: (key) => () => {
      const mutex = new Mutex(semaphoreClient, key, { lockTimeout: TTL, acquireTimeout: 600_000 });
      return async () => {
        await mutex.acquire();
        return () => mutex.release();
      };
    },
  },
];

// Warm-up: load the scripts, open the connections.
for (const library of libraries) await measureQuick(library);
async function measureQuick(library) {
  const pair = library.contender(`warm:${library.name}`)();
  for (let i = 0; i < 50; i++) await (await pair())();
}

// The machine is shared and its load drifts, so each level runs ROUNDS short slices per library, in a rotating
// order, and merges them: every library sees the same mix of quiet and busy moments.
const ROUNDS = 5;
const rows = [];
for (const contenders of CONTENDERS) {
  const slices = new Map(libraries.map((library) => [library, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < libraries.length; i++) {
      const library = libraries[(i + round) % libraries.length];
      const key = `k:${contenders}:${library.name}`;
      const cpuBefore = await redisCpu();
      const slice = await measure(library.contender(key), contenders, SECONDS / ROUNDS);
      slice.redisCpu = (await redisCpu()) - cpuBefore;
      slices.get(library).push(slice);
    }
  }
  for (const library of libraries) {
    const result = summarize(slices.get(library));
    rows.push({ library: library.name, contenders, ...result });
    console.log(
      `${library.name.padEnd(24)} ${String(contenders).padStart(3)} contenders: ` +
        `${result.pairsPerSecond.toFixed(0).padStart(6)} pairs/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms` +
        `  redis ${result.redisUsPerPair.toFixed(1)} µs/pair` +
        `  busiest ${(result.busiestShare * 100).toFixed(0)}%  starved ${result.idle}` +
        (result.violations > 0 ? `  (${result.violations} overlaps!)` : ''),
    );
  }
}

await ours.close();
for (const redis of clients) redis.disconnect();
await server.stop();

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '## Redis locks: @awaitwise/redis vs redlock vs redis-semaphore',
  '',
  `One run of \`node bench/redis.js\` on ${cpus().length} × ${cpu} (shared machine, noisy), Node ${process.version},`,
  `one local redis-server started by the script. Every contender loops lock → unlock on one shared key for ${SECONDS} s`,
  `per library and level, run as ${ROUNDS} slices interleaved with the other libraries' (the shared machine's load drifts);`,
  "a pair's latency runs from asking for the lock to having released it (so it includes the wait under contention).",
  'Peers: redlock with retryDelay 10 ms / jitter 10 ms (its default is 200 ms), redis-semaphore with its defaults',
  '(10 ms retry interval). All on ioredis. Ours holds a fencing token, a fair queue and lease auto-extension.',
  '',
  '"busiest" is the share of all pairs taken by the single busiest contender (fair = 100 % / contenders);',
  '"starved" counts contenders that got the lock at most once per slice on average. "Redis CPU" is the CPU time',
  "(user + system, from `INFO cpu`) the redis-server process used per pair, I/O included: the server's share of the",
  "cost. It too moves with the machine's state (on this VM, a busy machine gives faster round trips), so compare",
  'within a run.',
  '',
  '| contenders | library | pairs/s | p50 ms | p99 ms | Redis CPU µs/pair | busiest | starved |',
  '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (row) =>
      `| ${row.contenders} | ${row.library} | ${row.pairsPerSecond.toFixed(0)} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.redisUsPerPair.toFixed(1)} | ${(row.busiestShare * 100).toFixed(0)} % | ${row.idle} |`,
  ),
  '',
];
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results/redis.md'), `${lines.join('\n')}\n`);
console.log('wrote bench/results/redis.md');
