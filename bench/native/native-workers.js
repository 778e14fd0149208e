// Where the native engine should check batches: in the main thread with one TypeScript 7 process per run, or in
// worker threads, each with a TypeScript 7 process of its own. Runs `awaitwise check` on one folder in each setting,
// alternating the settings round by round, and reports the median wall time and the median peak memory of the whole
// process tree (Node and its Go children: the resident set sizes of every process of the tree, summed, sampled every
// 10 ms from /proc; Linux only). TypeScript 6 (the default setting: one heap-limited worker thread) is measured beside
// them for scale.
//
//   node bench/native/native-workers.js <folder> [--rounds 3]
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runMeasured } from '../lib/process-tree-memory.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'packages/cli/dist/bin.js');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' } },
});
const folder = positionals[0];
if (folder === undefined) {
  console.error('Usage: node bench/native/native-workers.js <folder> [--rounds 3]');
  process.exit(2);
}
const rounds = Number(values.rounds);

const settings = {
  'native, main thread (default)': ['--engine', 'native'],
  'native, 2 workers': ['--engine', 'native', '--workers', '2'],
  'ts6, 1 worker thread (its default)': ['--engine', 'ts6'],
};

async function measure(args) {
  const run = await runMeasured(
    process.execPath,
    [cli, 'check', '.', '--format', 'json', '--no-progress', ...args],
    {
      cwd: resolve(folder),
    },
  );
  try {
    const report = JSON.parse(run.stdout);
    return { wallMs: run.wallMs, peakMb: run.peakMb, findings: report.findings.length };
  } catch (error) {
    throw new Error(`no report from ${args.join(' ')}: ${error.message}`, { cause: error });
  }
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
