// The two engines' wall time on one folder, side by side: `awaitwise check . --format json --engine ts6` and
// `--engine native`, run from inside the folder as scripts/diff-engines.mjs runs them, alternating (the order is
// reversed every round), each run a child process whose whole tree is sampled (the Go child counts). Prints, per
// folder, every round's times and the medians, the peak memory of the tree, the files, the findings and the
// requests the native engine sent to TypeScript 7, with the load average before and after. For finding the folders
// where the native engine is slower than ts6 (`bench/results/engine-diff.md`); it writes nothing.
//
//   npx tsc -b && node bench/native/engine-folder-time.js [--rounds 3] <folder>...
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median } from '../lib/bench-stats.js';
import { runMeasured } from '../lib/process-tree-memory.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'packages/cli/dist/bin.js');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '3' } },
});
const rounds = Number(values.rounds);
if (positionals.length === 0 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('Usage: node bench/native/engine-folder-time.js [--rounds <integer ≥ 1>] <folder>...');
  process.exit(2);
}
if (!existsSync(cli)) {
  console.error(`bench/native/engine-folder-time.js: expected a built CLI at ${cli} (run \`npx tsc -b\`).`);
  process.exit(1);
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

/**
 * One check of `dir` with `engine`: wall seconds, peak MiB of the process tree, and what its JSON report says.
 * @param {string} dir
 * @param {'ts6' | 'native'} engine
 */
async function checkOnce(dir, engine) {
  const run = await runMeasured(
    process.execPath,
    [cli, 'check', '.', '--format', 'json', '--no-progress', '--engine', engine],
    { cwd: dir },
  );
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(
      `${engine} on ${dir} gave no report (exit ${run.status}): ${run.stderr.trim().slice(0, 1000)}`,
    );
  }
  return {
    seconds: run.wallMs / 1000,
    peakMb: run.peakMb,
    files: report.stats.files,
    findings: report.findings.length,
    nativeRequests: report.stats.nativeRequests ?? 0,
  };
}

console.log(`load before: ${load()}; ${rounds} rounds, alternating`);
console.log(
  '\n| folder | files | findings ts6 / native | ts6 s (median) | native s (median) | native / ts6 | ts6 MB | native MB | native requests | rounds ts6 | rounds native |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
for (const folder of positionals) {
  const dir = resolve(folder);
  /** @type {{ ts6: Awaited<ReturnType<typeof checkOnce>>[], native: Awaited<ReturnType<typeof checkOnce>>[] }} */
  const runs = { ts6: [], native: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? ['ts6', 'native'] : ['native', 'ts6'];
    for (const engine of order) runs[engine].push(await checkOnce(dir, engine));
  }
  const ts6 = median(runs.ts6.map((run) => run.seconds));
  const native = median(runs.native.map((run) => run.seconds));
  const last = { ts6: runs.ts6.at(-1), native: runs.native.at(-1) };
  const times = (list) => list.map((run) => run.seconds.toFixed(1)).join(', ');
  console.log(
    `| ${folder} | ${last.ts6?.files} | ${last.ts6?.findings} / ${last.native?.findings} | ${ts6.toFixed(1)} | ` +
      `${native.toFixed(1)} | ${(native / ts6).toFixed(2)} | ` +
      `${median(runs.ts6.map((run) => run.peakMb)).toFixed(0)} | ${median(runs.native.map((run) => run.peakMb)).toFixed(0)} | ` +
      `${median(runs.native.map((run) => run.nativeRequests))} | ${times(runs.ts6)} | ${times(runs.native)} |`,
  );
}
console.log(`\nload after: ${load()}`);
