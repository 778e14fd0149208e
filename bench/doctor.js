// Overhead of @awaitwise/doctor, side by side in one run, against the same workload without it and under the
// peers people use for the same questions: why-is-node-running (async_hooks, a stack per resource) and
// blocked-at (async_hooks, a stack per async resource, to blame blocking). Two workloads:
//   1. an await-heavy loop: 10^6 awaits of an async function, timed inside the process;
//   2. an HTTP server (node:http, an async handler) under local load from autocannon on 127.0.0.1.
// Every variant runs in its own process (the doctor patches globals); rounds interleave the variants so machine
// noise spreads over all of them, and the median is reported. Writes bench/results/doctor.md.
//
// 3. memory under --full: the same kind of server, its handler awaiting a 1 ms timer (so every request leaves spans,
//    sites and an operation behind), under 60 s of load; RSS read from /proc at the start, after 30 s and 60 s.
//
//   node bench/doctor.js                 # all three
//   node bench/doctor.js --rounds 5      # more rounds
//   node bench/doctor.js --memory-only   # only the 60-second memory runs
//   AWAITWISE_BENCH_DOCTOR_COMPARE_DIST=/path/to/other/packages/doctor/dist node bench/doctor.js  # add another build's --full
//   node bench/doctor.js --skip-memory   # leave out the memory runs
//   node bench/doctor.js --memory-only --memory-full-only   # only --full's 60-second memory runs
//   node bench/doctor.js --skip-peers    # leave out why-is-node-running and blocked-at (minutes on a busy machine)
//   node bench/doctor.js --http-only --rounds 9 --seconds 6   # only the HTTP server, bare vs the doctor: the
//                                        # throughput ratio of --full (the #14 target is >= 0.9), more and longer rounds
//   node bench/doctor.js --await-only --rounds 9   # only the 10^6-await loop, bare vs the doctor: the time ratio of
//                                        # --full (the #14 target is <= 2x), wall and CPU, with their spread
//
// The HTTP workload: the server runs in its own process, saturated by autocannon in this (parent) process at a fixed
// 20 connections; each round serves a warm-up of 20 000 requests (counted, not timed: on a loaded machine a 1 s
// warm-up left part of --full's burst of 5 000 stacks in the measured load), then `--seconds` of measured load per
// variant, variants in turn (the order rotates each round). Throughput is requests/s as autocannon counts them; the ratio of a variant is the
// median of its per-round ratios to the bare server of the same round, the spread their lowest and highest. The
// server also reports the CPU time it used per request (every thread, user + system), steadier on a shared machine.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const require = createRequire(import.meta.url);

const AWAITS = 1_000_000;

// ---------- child side: the workloads ----------
async function leaf(i) {
  return i;
}

async function awaitLoop() {
  let sum = 0;
  for (let i = 0; i < AWAITS; i++) sum += await leaf(i);
  return sum;
}

async function childAwait(runs) {
  if (runs > 1) await awaitLoop(); // warm-up (the peers, 10-500× slower, skip it)
  const times = [];
  const cpuTimes = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await awaitLoop();
    const cpu = process.cpuUsage(cpuStart);
    times.push(performance.now() - start);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  // The fastest run: on a shared machine, noise only ever adds time. And the CPU time of the whole process (start-up,
  // warm-up and the five runs): --full records every promise until the rate has been high for 300 ms, so its first
  // runs cost more than the fastest one shows.
  const total = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({ ms: Math.min(...times), cpuMs: Math.min(...cpuTimes), processCpuMs: (total.user + total.system) / 1000 })}\n`,
  );
}

async function lookup(id) {
  await null;
  return { id, name: `user ${id}` };
}

async function slowLookup(id) {
  await new Promise((resolve) => setTimeout(resolve, 1));
  return { id, name: `user ${id}` };
}

function childServer(io = false) {
  let served = 0;
  const server = http.createServer(async (req, res) => {
    const user = await (io ? slowLookup : lookup)(req.url.length);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(user));
    served++;
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
  });
  // SIGUSR2 marks the start of the measured load; SIGTERM reports the CPU time (user + system, every thread of the
  // process) per request served since then: steadier than wall-clock throughput on a shared machine.
  let mark = { cpu: process.cpuUsage(), served: 0 };
  process.on('SIGUSR2', () => {
    mark = { cpu: process.cpuUsage(), served };
  });
  process.on('SIGTERM', () => {
    const cpu = process.cpuUsage(mark.cpu);
    const requests = served - mark.served;
    const heapMiB = process.memoryUsage().heapUsed / 2 ** 20;
    process.stdout.write(
      `${JSON.stringify({ cpuUsPerRequest: (cpu.user + cpu.system) / requests, heapMiB })}\n`,
    );
    server.close(() => process.exit(0));
  });
}

// ---------- parent side ----------
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Only the parent makes the report folder (and removes it at the end); each child run would otherwise leave one.
const reportDir = !process.argv.includes('--child')
  ? mkdtempSync(join(tmpdir(), 'awaitwise-bench-doctor-'))
  : '';
// AWAITWISE_BENCH_DOCTOR_DIST: a copy of packages/doctor/dist to measure (so that a rebuild during a long run does
// not change what is measured).
const register = pathToFileURL(
  join(process.env.AWAITWISE_BENCH_DOCTOR_DIST ?? join(root, 'packages', 'doctor', 'dist'), 'register.js'),
).href;
const skipPeers =
  process.argv.includes('--skip-peers') ||
  process.argv.includes('--http-only') ||
  process.argv.includes('--await-only');
const whyIsNodeRunning = pathToFileURL(require.resolve('why-is-node-running')).href;
const blockedAt = pathToFileURL(require.resolve('blocked-at')).href;
const blockedAtPreload = `data:text/javascript,${encodeURIComponent(
  `import blocked from ${JSON.stringify(blockedAt)}; blocked(() => {}, { threshold: 100 });`,
)}`;

// Peers are orders of magnitude slower: they run once per workload (first round only), with one measured run.
const variants = [
  { name: 'no doctor (baseline)', flags: [], env: {} },
  {
    name: '@awaitwise/doctor (default)',
    flags: ['--import', register],
    env: { AWAITWISE_DOCTOR_REPORT_DIR: reportDir },
  },
  {
    name: '@awaitwise/doctor (default, watchdog off)',
    flags: ['--import', register],
    env: {
      AWAITWISE_DOCTOR_REPORT_DIR: reportDir,
      AWAITWISE_DOCTOR_OPTIONS: JSON.stringify({ blockedMs: 0 }),
    },
  },
  {
    name: '@awaitwise/doctor --full',
    flags: ['--import', register],
    env: {
      AWAITWISE_DOCTOR_REPORT_DIR: reportDir,
      AWAITWISE_DOCTOR_OPTIONS: JSON.stringify({ mode: 'full' }),
    },
  },
  {
    name: '@awaitwise/doctor --full --fidelity full',
    flags: ['--import', register],
    env: {
      AWAITWISE_DOCTOR_REPORT_DIR: reportDir,
      AWAITWISE_DOCTOR_OPTIONS: JSON.stringify({ mode: 'full', fidelity: 'full' }),
    },
  },
  // AWAITWISE_BENCH_DOCTOR_COMPARE_DIST: another build's packages/doctor/dist (main's, say), measured side by side.
  ...(process.env.AWAITWISE_BENCH_DOCTOR_COMPARE_DIST === undefined
    ? []
    : [
        {
          name: '@awaitwise/doctor --full (compared build)',
          flags: [
            '--import',
            pathToFileURL(join(process.env.AWAITWISE_BENCH_DOCTOR_COMPARE_DIST, 'register.js')).href,
          ],
          env: {
            AWAITWISE_DOCTOR_REPORT_DIR: reportDir,
            AWAITWISE_DOCTOR_OPTIONS: JSON.stringify({ mode: 'full' }),
          },
        },
      ]),
  { name: 'why-is-node-running 3', flags: ['--import', whyIsNodeRunning], env: {}, peer: true },
  { name: 'blocked-at 1 (threshold 100 ms)', flags: ['--import', blockedAtPreload], env: {}, peer: true },
]
  .filter((variant) => !skipPeers || variant.peer !== true)
  // AWAITWISE_BENCH_DOCTOR_VARIANTS: a comma-separated list of variant names (or parts of them) to run, beside the
  // baseline (a shorter run on a busy machine).
  .filter(
    (variant, index) =>
      index === 0 ||
      process.env.AWAITWISE_BENCH_DOCTOR_VARIANTS === undefined ||
      process.env.AWAITWISE_BENCH_DOCTOR_VARIANTS.split(',').some((part) => variant.name.includes(part)),
  );

function startChild(variant, workload) {
  const runs = variant.peer === true ? '1' : '5';
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...variant.flags, script, '--child', workload, runs], {
    cwd: root,
    env: { ...process.env, ...variant.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = [];
  const waiting = [];
  let buffer = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    buffer += chunk;
    for (let newline = buffer.indexOf('\n'); newline !== -1; newline = buffer.indexOf('\n')) {
      const value = JSON.parse(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      const next = waiting.shift();
      if (next === undefined) lines.push(value);
      else next.resolve(value);
    }
  });
  child.once('exit', (code) => {
    for (const next of waiting.splice(0))
      next.reject(new Error(`${variant.name} ${workload} exited with ${code}`));
  });
  /** The child's next JSON line. */
  const nextLine = () =>
    lines.length > 0
      ? Promise.resolve(lines.shift())
      : new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  return { child, firstLine: nextLine(), nextLine };
}

async function measureAwait(variant) {
  const { child, firstLine } = startChild(variant, 'await');
  // The child writes its report into the report folder as it exits: wait for it, or the folder may be gone by then.
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const result = await firstLine;
  await exited;
  return result;
}

async function measureServer(variant, seconds) {
  const autocannon = require('autocannon');
  const { child, firstLine, nextLine } = startChild(variant, 'server');
  const { port } = await firstLine;
  const url = `http://127.0.0.1:${port}/users`;
  // Warm-up, counted in requests: --full's burst of stacks is spent before the measured load, however slow the machine.
  await autocannon({ url, connections: 20, amount: 20_000 });
  child.kill('SIGUSR2');
  const result = await autocannon({ url, connections: 20, duration: seconds });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const cpu = nextLine();
  child.kill('SIGTERM');
  const { cpuUsPerRequest } = await cpu;
  await exited;
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuUsPerRequest,
  };
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 'NaN');
  return kb / 1024;
}

/** 60 s of load on the timer-awaiting server; RSS after the warm-up, at 30 s and at 60 s. */
async function measureMemory(variant) {
  const autocannon = require('autocannon');
  const { child, firstLine, nextLine } = startChild(variant, 'server-io');
  const { port } = await firstLine;
  const url = `http://127.0.0.1:${port}/users`;
  await autocannon({ url, connections: 20, duration: 2 }); // warm-up
  child.kill('SIGUSR2');
  // RSS every 15 s of the 60 s load.
  const rss = [rssMiB(child.pid)];
  const load = autocannon({ url, connections: 20, duration: 60 });
  for (let quarter = 1; quarter < 4; quarter++) {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    rss.push(rssMiB(child.pid));
  }
  const result = await load;
  rss.push(rssMiB(child.pid));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const end = nextLine();
  child.kill('SIGTERM');
  const { heapMiB, cpuUsPerRequest } = await end;
  await exited;
  return { rss, heapMiB, cpuUsPerRequest, requests: result.requests.total };
}

/** The lowest and highest per-round ratio, `0.85–1.10`. */
function spread(values, baseValues) {
  const ratios = values.map((value, round) => value / baseValues[round]);
  return `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
}

/** The median of per-round ratios: each variant is compared with the baseline measured in the same round. */
function pairedRatio(values, baseValues) {
  return median(values.map((value, round) => value / baseValues[round]));
}

async function main() {
  const roundsIndex = process.argv.indexOf('--rounds');
  const httpOnly = process.argv.includes('--http-only');
  const awaitOnly = process.argv.includes('--await-only');
  const rounds = process.argv.includes('--memory-only')
    ? 0
    : roundsIndex === -1
      ? 5
      : Number(process.argv[roundsIndex + 1]);
  const secondsIndex = process.argv.indexOf('--seconds');
  const serverSeconds = secondsIndex === -1 ? 4 : Number(process.argv[secondsIndex + 1]);
  const awaitTimes = new Map(variants.map((variant) => [variant.name, []]));
  const awaitCpu = new Map(variants.map((variant) => [variant.name, []]));
  const awaitProcessCpu = new Map(variants.map((variant) => [variant.name, []]));
  const serverRuns = new Map(variants.map((variant) => [variant.name, []]));
  for (let round = 1; round <= rounds; round++) {
    const active = variants.filter((variant) => (round === 1 && !httpOnly) || variant.peer !== true);
    for (const variant of httpOnly ? [] : active) {
      const { ms, cpuMs, processCpuMs } = await measureAwait(variant);
      awaitTimes.get(variant.name).push(ms);
      awaitCpu.get(variant.name).push(cpuMs);
      awaitProcessCpu.get(variant.name).push(processCpuMs);
      console.log(
        `round ${round} await loop  ${variant.name.padEnd(34)} ${ms.toFixed(1)} ms (CPU ${cpuMs.toFixed(1)} ms, whole process ${processCpuMs.toFixed(0)} ms)`,
      );
    }
    // The order rotates each round, so that no variant always follows the same one (a machine warming up or busy).
    const order = awaitOnly ? [] : active.map((_, index) => active[(index + round - 1) % active.length]);
    for (const variant of order) {
      const run = await measureServer(variant, serverSeconds);
      serverRuns.get(variant.name).push(run);
      console.log(
        `round ${round} http server ${variant.name.padEnd(34)} ${Math.round(run.rps)} req/s p99 ${run.p99} ms, CPU ${run.cpuUsPerRequest.toFixed(1)} µs/request`,
      );
    }
  }
  const memoryVariants = [
    variants[0],
    variants.find((variant) => variant.name === '@awaitwise/doctor --full'),
  ];
  if (process.argv.includes('--memory-full-only')) memoryVariants.shift();
  const memoryRuns = new Map(memoryVariants.map((variant) => [variant.name, []]));
  for (let run = 1; run <= (process.argv.includes('--skip-memory') || httpOnly || awaitOnly ? 0 : 2); run++) {
    for (const variant of memoryVariants) {
      const result = await measureMemory(variant);
      memoryRuns.get(variant.name).push(result);
      console.log(
        `memory run ${run} ${variant.name.padEnd(34)} RSS ${result.rss.map((mib) => `${mib.toFixed(0)} MiB`).join(' → ')}, heap ${result.heapMiB.toFixed(0)} MiB at the end (${result.requests} requests)`,
      );
    }
  }
  rmSync(reportDir, { recursive: true, force: true });
  const memoryLines = [
    '### Memory under load (timer-awaiting handler, autocannon 20 connections × 60 s; RSS of the server process)',
    '',
    '| variant | run | RSS at start | 15 s | 30 s | 45 s | 60 s | heap used at 60 s | CPU per request | requests served |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...memoryVariants.flatMap((variant) =>
      memoryRuns
        .get(variant.name)
        .map(
          (result, index) =>
            `| ${variant.name} | ${index + 1} | ${result.rss.map((mib) => `${mib.toFixed(0)} MiB`).join(' | ')} | ${result.heapMiB.toFixed(0)} MiB | ${result.cpuUsPerRequest.toFixed(1)} µs | ${result.requests.toLocaleString('en-US')} |`,
        ),
    ),
    '',
  ];
  if (rounds === 0) {
    console.log(memoryLines.join('\n'));
    return;
  }

  const baseline = variants[0].name;
  const full = variants.find((variant) => variant.name === '@awaitwise/doctor --full').name;
  const fullRps = serverRuns.get(full).map((run) => run.rps);
  const baseRps = serverRuns.get(baseline).map((run) => run.rps);
  const fullCpu = serverRuns.get(full).map((run) => run.cpuUsPerRequest);
  const baseCpu = serverRuns.get(baseline).map((run) => run.cpuUsPerRequest);
  const fullAwait = awaitTimes.get(full);
  const baseAwait = awaitTimes.get(baseline);
  const fullAwaitCpu = awaitCpu.get(full);
  const baseAwaitCpu = awaitCpu.get(baseline);
  const awaitVerdict =
    fullAwait.length === 0
      ? []
      : [
          `10^6-await loop under \`--full\`: ${pairedRatio(fullAwait, baseAwait).toFixed(2)}× the bare loop's time (per-round`,
          `ratios ${spread(fullAwait, baseAwait)}; target <= 2×); CPU time ${pairedRatio(fullAwaitCpu, baseAwaitCpu).toFixed(2)}× (${spread(fullAwaitCpu, baseAwaitCpu)}).`,
        ];
  const httpVerdict =
    fullRps.length === 0
      ? []
      : [
          `HTTP throughput under \`--full\`: ${pairedRatio(fullRps, baseRps).toFixed(3)} of the bare server (per-round ratios`,
          `${spread(fullRps, baseRps)}; target >= 0.9); CPU per request ${pairedRatio(fullCpu, baseCpu).toFixed(2)}× the bare`,
          `server's (${spread(fullCpu, baseCpu)}). Load average when it ended: ${loadavg()
            .map((load) => load.toFixed(1))
            .join(', ')}.`,
        ];
  const verdict = [...awaitVerdict, ...(awaitOnly ? [] : httpVerdict)];
  const lines = [
    '## doctor',
    '',
    `Overhead of \`@awaitwise/doctor\` on ${os()}, Node ${process.version}: the median of ${rounds} interleaved rounds,`,
    'each variant in a fresh process (await loop: the fastest of 5 runs after a warm-up in each process, and the CPU time',
    'of the whole process: start-up, warm-up and the five runs). Ratios are',
    'the median of per-round ratios against the baseline of the same round. The peers are so much slower that they',
    'run in the first round only, with one measured run and no warm-up. Measured by `node bench/doctor.js`. The',
    'machine is shared and noisy: compare rows of one run with each other.',
    '',
    `### Await loop (${AWAITS.toLocaleString('en-US')} awaits of an async function; lower is better)`,
    '',
    ...awaitVerdict,
    '',
    '| variant | time | vs baseline | CPU time | CPU vs baseline (spread) | whole process CPU | vs baseline (spread) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...variants.map((variant) => {
      const times = awaitTimes.get(variant.name);
      if (times.length === 0) return `| ${variant.name} | not run | | | | | |`;
      const ms = median(times);
      const cpu = awaitCpu.get(variant.name);
      const processCpu = awaitProcessCpu.get(variant.name);
      const baseProcessCpu = awaitProcessCpu.get(baseline);
      return `| ${variant.name} | ${ms.toFixed(1)} ms | ${pairedRatio(times, awaitTimes.get(baseline)).toFixed(2)}× | ${median(cpu).toFixed(1)} ms | ${pairedRatio(cpu, awaitCpu.get(baseline)).toFixed(2)}× (${spread(cpu, awaitCpu.get(baseline))}) | ${median(processCpu).toFixed(0)} ms | ${pairedRatio(processCpu, baseProcessCpu).toFixed(2)}× (${spread(processCpu, baseProcessCpu)}) |`;
    }),
    '',
    `### HTTP server (node:http, async handler, autocannon 20 connections × ${serverSeconds} s on 127.0.0.1; higher is better)`,
    '',
    'The server runs in its own process, saturated by autocannon in the bench process at a fixed 20 connections',
    '(a warm-up of 20 000 requests, then the measured load); variants take turns, the order rotating each round. The CPU column is',
    'the CPU time the server used per request served (user + system, every thread).',
    '',
    ...httpVerdict,
    '',
    '| variant | requests/s | throughput vs baseline (spread) | p99 latency | errors | CPU per request | CPU vs baseline (spread) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...variants.map((variant) => {
      const runs = serverRuns.get(variant.name);
      if (runs.length === 0) return `| ${variant.name} | not run | | | | | |`;
      const rps = median(runs.map((run) => run.rps));
      const p99 = median(runs.map((run) => run.p99));
      const errors = runs.reduce((total, run) => total + run.errors, 0);
      const baseRuns = serverRuns.get(baseline);
      const relative = pairedRatio(
        runs.map((run) => run.rps),
        baseRuns.map((run) => run.rps),
      );
      const cpu = runs.map((run) => run.cpuUsPerRequest);
      const baseCpu = baseRuns.map((run) => run.cpuUsPerRequest);
      return `| ${variant.name} | ${Math.round(rps)} | ${relative.toFixed(3)} (${spread(
        runs.map((run) => run.rps),
        baseRuns.map((run) => run.rps),
      )}) | ${p99} ms | ${errors} | ${median(cpu).toFixed(1)} µs | ${pairedRatio(cpu, baseCpu).toFixed(2)}× (${spread(cpu, baseCpu)}) |`;
    }),
    '',
    ...memoryLines,
    'Targets: default mode at most 1.1× on the await loop and at least 0.95 of baseline throughput (≤ 1.05× cost) on',
    'the server; `--full` at most 2× on the await loop and at least 0.9 of baseline throughput, with RSS that levels off under load. Each 10^6-await loop is itself one long run of microtasks, so',
    'the watchdog rightly catches it (one stack per second at most, read with `Runtime.evaluate` at an interrupt',
    'check): the "watchdog off" row shows what the watchdog costs.',
    '',
  ];
  writeFileSync(join(here, 'results', 'doctor.md'), lines.join('\n'));
  console.log(verdict.join('\n'));
  console.log(`\n${lines.join('\n')}`);
}

function os() {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`;
}

const childIndex = process.argv.indexOf('--child');
if (childIndex !== -1) {
  const workload = process.argv[childIndex + 1];
  if (workload === 'await') await childAwait(Number(process.argv[childIndex + 2] ?? '5'));
  else childServer(workload === 'server-io');
} else {
  await main();
}
