#!/usr/bin/env node
// Runs `awaitwise check <dir> --format json` with two builds of the CLI (a baseline and a candidate) over the same
// directories and prints every finding that differs: rule, file, line, column, message, fix and suggested edits.
// A safety net for refactors that must not change what the analyzer reports.
//
// Usage:
//   node scripts/diff-findings.mjs --baseline <repo-or-cli> --candidate <repo-or-cli> [--cache <dir>]
//     [--include-generated] <dir>...
//
// <repo-or-cli> is a checkout of this repository (its packages/cli/dist/bin.js is used) or the path of a bin.js.
// Without --candidate only the baseline runs (to fill the cache ahead of time).
// --cache keeps the baseline's JSON per directory there, so a second run only re-runs the candidate.
// Each directory is checked from inside it (`check .`), so both builds see the same relative paths.
// --include-generated passes that flag to the candidate only: a build that skips generated files (compiled library
// code such as node_modules/bullmq/dist/esm, bundles, gitignored files) then checks what a baseline from before that
// change checked, so the diff shows the rules' changes alone.
// Exit code: 0 when every directory gives the same findings, 1 otherwise.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

function parseArguments(argv) {
  const options = {
    baseline: undefined,
    candidate: undefined,
    cache: undefined,
    includeGenerated: false,
    dirs: [],
  };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--include-generated') options.includeGenerated = true;
    else if (argument === '--baseline' || argument === '--candidate' || argument === '--cache') {
      const value = argv[++index];
      if (value === undefined) throw new TypeError(`Expected a path after \`${argument}\`.`);
      options[argument.slice(2)] = resolve(value);
    } else {
      options.dirs.push(resolve(argument));
    }
  }
  if (options.baseline === undefined || options.dirs.length === 0) {
    throw new TypeError(
      'Usage: node scripts/diff-findings.mjs --baseline <repo-or-cli> --candidate <repo-or-cli> [--cache <dir>] <dir>...',
    );
  }
  return options;
}

function cliPath(path) {
  const bin = statSync(path).isDirectory() ? join(path, 'packages/cli/dist/bin.js') : path;
  if (!existsSync(bin)) throw new TypeError(`Expected a built CLI at \`${bin}\` (run \`npx tsc -b\` there).`);
  return bin;
}

function check(bin, dir, extra = []) {
  let stdout;
  try {
    stdout = execFileSync(process.execPath, [bin, 'check', '.', '--format', 'json', ...extra], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    // `check` exits non-zero when it finds something; the report is still on stdout.
    if (typeof error.stdout !== 'string' || error.stdout === '') throw error;
    stdout = error.stdout;
  }
  return JSON.parse(stdout);
}

function keyOf(finding) {
  return [finding.ruleId, finding.file, finding.line, finding.column, finding.message].join('\u0000');
}

function index(report) {
  const byKey = new Map();
  for (const finding of report.findings) {
    const key = keyOf(finding);
    const list = byKey.get(key) ?? [];
    list.push(finding);
    byKey.set(key, list);
  }
  return byKey;
}

function describe(finding) {
  return `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column} ${finding.message}`;
}

function editsOf(finding) {
  return JSON.stringify({ fix: finding.fix ?? null, suggestions: finding.suggestions ?? [] });
}

function compare(dir, baseline, candidate) {
  const before = index(baseline);
  const after = index(candidate);
  const differences = [];
  for (const [key, list] of before) {
    const other = after.get(key) ?? [];
    for (let i = 0; i < Math.max(list.length, other.length); i++) {
      const a = list[i];
      const b = other[i];
      if (b === undefined) differences.push(`- ${describe(a)}`);
      else if (a === undefined) differences.push(`+ ${describe(b)}`);
      else if (editsOf(a) !== editsOf(b)) {
        differences.push(`~ ${describe(a)}\n    before: ${editsOf(a)}\n    after:  ${editsOf(b)}`);
      }
    }
  }
  for (const [key, list] of after) {
    if (!before.has(key)) for (const finding of list) differences.push(`+ ${describe(finding)}`);
  }
  const errorsBefore = JSON.stringify(baseline.fileErrors.map((e) => [e.file, e.message]));
  const errorsAfter = JSON.stringify(candidate.fileErrors.map((e) => [e.file, e.message]));
  if (errorsBefore !== errorsAfter)
    differences.push(`! file errors differ:\n    ${errorsBefore}\n    ${errorsAfter}`);
  return differences;
}

const options = parseArguments(process.argv.slice(2));
const baselineBin = cliPath(options.baseline);
// Without --candidate, only the baseline runs (to fill --cache ahead of time).
const candidateBin = options.candidate === undefined ? undefined : cliPath(options.candidate);
if (options.cache !== undefined) mkdirSync(options.cache, { recursive: true });

let total = 0;
let totalDifferences = 0;
for (const dir of options.dirs) {
  let baseline;
  const cached =
    options.cache === undefined
      ? undefined
      : join(
          options.cache,
          `${createHash('sha256').update(`${baselineBin}\0${dir}`).digest('hex').slice(0, 16)}.json`,
        );
  if (cached !== undefined && existsSync(cached)) baseline = JSON.parse(readFileSync(cached, 'utf8'));
  else {
    baseline = check(baselineBin, dir);
    if (cached !== undefined) writeFileSync(cached, JSON.stringify(baseline));
  }
  if (candidateBin === undefined) {
    console.log(`${dir}: ${baseline.findings.length} findings (baseline only)`);
    continue;
  }
  const candidate = check(candidateBin, dir, options.includeGenerated ? ['--include-generated'] : []);
  const differences = compare(dir, baseline, candidate);
  total += baseline.findings.length;
  totalDifferences += differences.length;
  console.log(
    `${dir}: ${baseline.findings.length} findings before, ${candidate.findings.length} after, ` +
      `${baseline.stats?.files ?? '?'} files, ${differences.length} differences`,
  );
  for (const difference of differences) console.log(`  ${difference}`);
}
console.log(`total: ${total} findings compared, ${totalDifferences} differences`);
process.exitCode = totalDifferences === 0 ? 0 : 1;
