#!/usr/bin/env node
// Runs `awaitwise check . --format json` with `--engine ts6` and with `--engine native` in each folder and prints every
// finding only one engine gives (file, line, column, rule, message), per folder, then a summary table: folder, files,
// findings of each engine, only-ts6, only-native, file errors of each, wall time of each. The two engines must agree
// before the native one becomes the default (issue #13).
//
// Usage:
//   node scripts/diff-engines.mjs [--cli <bin.js>] [--out <dir>] [--reuse-ts6] [--list <file>]... [<dir>...]
//
// --cli        the CLI to run (default: this checkout's packages/cli/dist/bin.js; run `npx tsc -b` first).
// --out        keep each run's JSON report there (<folder name>.<engine>.json) and the summary (summary.md).
// --reuse-ts6  with --out, read the ts6 report of a folder from --out when it is there instead of running ts6 again
//              (the ts6 engine does not change while the native one is worked on); its seconds are then the earlier
//              run's, so a native / ts6 time ratio across the two runs mixes their machines' loads.
// --list       a file with one folder per line (blank lines and lines starting with # skipped), e.g.
//              /work/apps/dirs.txt.
// Each folder is checked from inside it (`check .`), so both engines see the same relative paths. The engines run
// one after the other, in alternating order from one folder to the next, so that neither always runs on a warm
// file cache. Exit code: 0 when every folder gives the same findings with both engines, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseArguments(argv) {
  const options = { cli: join(root, 'packages/cli/dist/bin.js'), out: undefined, reuseTs6: false, dirs: [] };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--reuse-ts6') {
      options.reuseTs6 = true;
      continue;
    }
    if (argument === '--cli' || argument === '--out' || argument === '--list') {
      const value = argv[++index];
      if (value === undefined) throw new TypeError(`Expected a path after \`${argument}\`.`);
      if (argument === '--list') {
        for (const line of readFileSync(value, 'utf8').split('\n')) {
          const dir = line.trim();
          if (dir !== '' && !dir.startsWith('#')) options.dirs.push(resolve(dir));
        }
      } else {
        options[argument.slice(2)] = resolve(value);
      }
      continue;
    }
    if (argument.startsWith('-')) throw new TypeError(`Unknown option \`${argument}\`.`);
    options.dirs.push(resolve(argument));
  }
  if (options.dirs.length === 0) {
    throw new TypeError(
      'Usage: node scripts/diff-engines.mjs [--cli <bin.js>] [--out <dir>] [--reuse-ts6] [--list <file>]... [<dir>...]',
    );
  }
  if (!existsSync(options.cli))
    throw new TypeError(`Expected a built CLI at \`${options.cli}\` (run \`npx tsc -b\`).`);
  return options;
}

/** A folder's name in the reports: its last two path segments (`apps/outline`, `mongodb/src`). */
function labelOf(dir) {
  return `${basename(dirname(dir))}/${basename(dir)}`;
}

/** Runs the CLI with one engine in `dir`; the report and the wall time in seconds. */
function check(cli, dir, engine) {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [cli, 'check', '.', '--format', 'json', '--no-progress', '--engine', engine],
    { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const seconds = (performance.now() - started) / 1000;
  // `check` exits 1 when it finds something; the report is still on stdout.
  if (run.stdout === '' || run.stdout === null) {
    return {
      report: undefined,
      seconds,
      failure: `exit ${run.status}: ${(run.stderr ?? '').trim().slice(0, 2000)}`,
    };
  }
  try {
    return { report: JSON.parse(run.stdout), seconds, failure: undefined };
  } catch (error) {
    return { report: undefined, seconds, failure: `unreadable report: ${error.message}` };
  }
}

function keyOf(finding) {
  return [finding.file, finding.line, finding.column, finding.ruleId, finding.message].join('\u0000');
}

function describe(finding) {
  return `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`;
}

/** Findings of `a` that `b` does not have (as many times as `a` has them more). */
function only(a, b) {
  const counts = new Map();
  for (const finding of b) counts.set(keyOf(finding), (counts.get(keyOf(finding)) ?? 0) + 1);
  const result = [];
  for (const finding of a) {
    const key = keyOf(finding);
    const left = counts.get(key) ?? 0;
    if (left > 0) counts.set(key, left - 1);
    else result.push(finding);
  }
  return result;
}

function errorsOf(report) {
  return report.fileErrors.map(
    (error) =>
      `${error.file} [${error.kind}${error.ruleId ? ` ${error.ruleId}` : ''}] ${error.message.split('\n')[0]}`,
  );
}

const options = parseArguments(process.argv.slice(2));
if (options.out !== undefined) mkdirSync(options.out, { recursive: true });
const rows = [];
let different = 0;
options.dirs.forEach((dir, index) => {
  const label = labelOf(dir);
  const reportPath = (engine) =>
    options.out === undefined ? undefined : join(options.out, `${label.replace('/', '__')}.${engine}.json`);
  const runs = {};
  const order = index % 2 === 0 ? ['ts6', 'native'] : ['native', 'ts6'];
  for (const engine of order) {
    const saved = reportPath(engine);
    if (engine === 'ts6' && options.reuseTs6 && saved !== undefined && existsSync(saved)) {
      runs[engine] = JSON.parse(readFileSync(saved, 'utf8'));
      continue;
    }
    runs[engine] = check(options.cli, dir, engine);
    if (saved !== undefined) writeFileSync(saved, JSON.stringify(runs[engine]));
  }
  const { ts6, native } = runs;
  console.log(`\n## ${label} (${dir})`);
  if (ts6.report === undefined || native.report === undefined) {
    for (const [engine, run] of Object.entries(runs)) {
      if (run.report === undefined) console.log(`  ${engine} failed: ${run.failure}`);
    }
    different++;
    rows.push({ label, files: '?', ts6, native, onlyTs6: '?', onlyNative: '?' });
    return;
  }
  const onlyTs6 = only(ts6.report.findings, native.report.findings);
  const onlyNative = only(native.report.findings, ts6.report.findings);
  for (const finding of onlyTs6) console.log(`  only ts6:    ${describe(finding)}`);
  for (const finding of onlyNative) console.log(`  only native: ${describe(finding)}`);
  const errorsTs6 = errorsOf(ts6.report);
  const errorsNative = errorsOf(native.report);
  for (const error of errorsNative.filter((e) => !errorsTs6.includes(e)))
    console.log(`  error only native: ${error}`);
  for (const error of errorsTs6.filter((e) => !errorsNative.includes(e)))
    console.log(`  error only ts6:    ${error}`);
  for (const note of native.report.notes ?? []) console.log(`  note (native): ${note.file}: ${note.message}`);
  if (onlyTs6.length + onlyNative.length === 0) console.log('  same findings');
  else different++;
  rows.push({
    label,
    files: ts6.report.stats.files,
    ts6,
    native,
    onlyTs6: onlyTs6.length,
    onlyNative: onlyNative.length,
  });
});

const cell = (run, pick) => (run.report === undefined ? 'failed' : String(pick(run.report)));
const lines = [
  '| folder | files | findings ts6 | findings native | only ts6 | only native | file errors ts6 | file errors native | ts6 s | native s |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const row of rows) {
  lines.push(
    `| ${row.label} | ${row.files} | ${cell(row.ts6, (r) => r.findings.length)} | ${cell(row.native, (r) => r.findings.length)} | ` +
      `${row.onlyTs6} | ${row.onlyNative} | ${cell(row.ts6, (r) => r.fileErrors.length)} | ` +
      `${cell(row.native, (r) => r.fileErrors.length)} | ${row.ts6.seconds.toFixed(1)} | ${row.native.seconds.toFixed(1)} |`,
  );
}
const summary = `${lines.join('\n')}\n\n${rows.length - different} of ${rows.length} folders give the same findings with both engines.\n`;
console.log(`\n${summary}`);
if (options.out !== undefined) writeFileSync(join(options.out, 'summary.md'), summary);
process.exitCode = different === 0 ? 0 : 1;
