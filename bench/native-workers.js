// Where the native engine should check batches: in the main thread with one TypeScript 7 process per run, or in
// worker threads, each with a TypeScript 7 process of its own. Runs `awaitwise check` on one folder in each setting,
// alternating the settings round by round, and reports the median wall time and the median peak memory of the whole
// process tree (Node and its Go children: the resident set sizes of every process of the tree, summed, sampled every
// 50 ms from /proc; Linux only). TypeScript 6 (the default setting: one heap-limited worker thread) is measured beside
// them for scale.
//
//   node bench/native-workers.js <folder> [--rounds 3]
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages/cli/dist/bin.js');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' } },
});
const folder = positionals[0];
if (folder === undefined) {
  console.error('Usage: node bench/native-workers.js <folder> [--rounds 3]');
  process.exit(2);
}
const rounds = Number(values.rounds);

const settings = {
  'native, main thread (default)': ['--engine', 'native'],
  'native, 2 workers': ['--engine', 'native', '--workers', '2'],
  'ts6, 1 worker thread (default)': ['--engine', 'ts6'],
};

/** Resident set size of a process and all its descendants, in kB, from /proc. */
function treeRssKb(pid) {
  const children = new Map();
  const rss = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(entry), kb);
      const list = children.get(parent) ?? [];
      list.push(Number(entry));
      children.set(parent, list);
    } catch {
      // The process ended while being read.
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop();
    total += rss.get(current) ?? 0;
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}

function measure(args) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, 'check', '.', '--format', 'json', '--no-progress', ...args], {
      cwd: resolve(folder),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    let peakKb = 0;
    const timer = setInterval(() => {
      peakKb = Math.max(peakKb, treeRssKb(child.pid));
    }, 50);
    child.on('error', reject);
    child.on('close', () => {
      clearInterval(timer);
      const wallMs = performance.now() - started;
      try {
        const report = JSON.parse(stdout);
        resolvePromise({ wallMs, peakMb: peakKb / 1024, findings: report.findings.length });
      } catch (error) {
        reject(new Error(`no report from ${args.join(' ')}: ${error.message}`));
      }
    });
  });
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const samples = new Map(Object.keys(settings).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  const names = Object.keys(settings);
  // Alternate the order: each setting runs first in some round.
  const order = names.map((_, index) => names[(index + round) % names.length]);
  for (const name of order) {
    const result = await measure(settings[name]);
    samples.get(name).push(result);
    console.log(
      `round ${round + 1} ${name}: ${(result.wallMs / 1000).toFixed(2)} s, ${result.peakMb.toFixed(0)} MB, ${result.findings} findings`,
    );
  }
}
console.log(`\n${resolve(folder)}, ${rounds} rounds, medians:\n`);
console.log('| setting | wall time | peak memory (process tree) | findings |');
console.log('|---|---:|---:|---:|');
for (const [name, list] of samples) {
  console.log(
    `| ${name} | ${(median(list.map((s) => s.wallMs)) / 1000).toFixed(2)} s | ${median(list.map((s) => s.peakMb)).toFixed(0)} MB | ${list[0].findings} |`,
  );
}
