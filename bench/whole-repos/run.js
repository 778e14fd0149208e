// Whole-repository measure: runs `awaitwise check . --format json --no-progress` from the root of each repository
// listed in bench/whole-repos/repos.json, as a new user's `npx awaitwise check .` would (sources, tests, scripts,
// dependencies installed), and records wall time, peak memory of the process tree, and the findings per rule.
// Not part of CI or of `npm run bench`: the repositories are fetched and installed by hand (see README.md here).
//
//   node bench/whole-repos/run.js <repos-dir> [--only pino,knex] [--out <dir>] [--sample 30] [--seed 12]
//   node bench/whole-repos/run.js --review-only [--out <dir>]   # only redo the sample and the tables
//
// Writes, in --out (default bench/whole-repos/out/, gitignored):
//   <name>.json      the CLI's JSON report, as printed
//   runs.json        per repository: files checked, wall time, peak RSS, findings per rule, crashes
//   findings.json    every finding, with an id (repo:file:line:column:rule) and the code around it
//   sample.json      per rule, every finding or a seeded random sample of --sample of them, in review order
// and prints the tables of bench/results/whole-repos.md, filling the review columns from bench/whole-repos/review.json
// (labels written by hand: { "<id>": { "label": "true" | "false" | "debatable", "reason": "...", "class": "..." } }).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const cli = join(root, 'packages/cli/bin/awaitwise.js');

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const index = argv.indexOf(`--${name}`);
  return index === -1 ? fallback : argv[index + 1];
};
const reviewOnly = argv.includes('--review-only');
const outDir = resolve(option('out', join(here, 'out')));
const sampleSize = Number(option('sample', '30'));
const seed = Number(option('seed', '12'));
const only = option('only', '')
  .split(',')
  .filter((name) => name !== '');
const valued = new Set(['--out', '--sample', '--seed', '--only']);
const positional = argv.filter((arg, index) => !arg.startsWith('--') && !valued.has(argv[index - 1] ?? ''));
const reposDir = positional[0] === undefined ? undefined : resolve(positional[0]);

const repos = JSON.parse(readFileSync(join(here, 'repos.json'), 'utf8'));
mkdirSync(outDir, { recursive: true });

if (!reviewOnly) {
  if (reposDir === undefined) {
    console.error(
      'Usage: node bench/whole-repos/run.js <repos-dir> [--only a,b] [--out dir] [--sample n] [--seed n]',
    );
    process.exit(2);
  }
  if (!existsSync(join(root, 'packages/cli/dist/bin.js'))) {
    console.error('bench/whole-repos/run.js: build first (npx tsc -b).');
    process.exit(1);
  }
  const runsFile = join(outDir, 'runs.json');
  const runs = existsSync(runsFile) ? JSON.parse(readFileSync(runsFile, 'utf8')) : {};
  for (const repo of repos) {
    if (only.length > 0 && !only.includes(repo.name)) continue;
    const dir = join(reposDir, repo.name);
    if (!existsSync(dir)) {
      console.error(`${repo.name}: ${dir} is missing; check out ${repo.repository} at ${repo.commit} there.`);
      process.exitCode = 1;
      continue;
    }
    if (!existsSync(join(dir, repo.nodeModules ?? 'node_modules'))) {
      console.error(
        `${repo.name}: dependencies are not installed in ${dir}; see bench/whole-repos/restore.js.`,
      );
      process.exitCode = 1;
      continue;
    }
    // awaitwise-ignore-next-line sequential-await -- one repository at a time, so the timings do not share the CPU
    const run = await measure(
      process.execPath,
      [cli, 'check', '.', '--format', 'json', '--no-progress'],
      dir,
    );
    writeFileSync(join(outDir, `${repo.name}.json`), run.stdout);
    let report;
    try {
      report = JSON.parse(run.stdout);
    } catch {
      report = undefined;
    }
    const byRule = {};
    for (const finding of report?.findings ?? []) {
      byRule[finding.ruleId] ??= { error: 0, warning: 0, info: 0 };
      byRule[finding.ruleId][finding.severity]++;
    }
    runs[repo.name] = {
      exitCode: run.exitCode,
      signal: run.signal,
      wallMs: run.wallMs,
      cpuMs: run.cpuMs,
      peakRssKb: run.peakRssKb,
      // The engine that answered the type questions (builds before the `--engine` option had only TypeScript 6's).
      engine: report === undefined ? null : (report.stats?.engine ?? 'ts6'),
      files: report?.stats?.files ?? null,
      typedFiles: report?.stats?.typedFiles ?? null,
      programs: report?.stats?.programs ?? null,
      findings: report?.findings.length ?? null,
      // Generated files the command set apart (builds that report them; older builds have no `skipped`).
      skipped: report?.skipped?.length ?? null,
      skippedByReason: countBy(report?.skipped ?? [], (file) => file.reason),
      byRule,
      fileErrors: report?.fileErrors ?? [],
      stderr: run.stderr.slice(-4000),
    };
    console.log(
      `${repo.name}: ${report?.stats?.engine ?? '?'} engine, ${report?.stats?.files ?? '?'} files (${report?.skipped?.length ?? '?'} generated skipped), ` +
        `${seconds(run.wallMs)} (CPU ${seconds(run.cpuMs)}), ` +
        `${Math.round(run.peakRssKb / 1024)} MiB, ${report?.findings.length ?? 'no report'} findings, ` +
        `${report?.fileErrors.length ?? '?'} file errors, exit ${run.exitCode ?? run.signal}`,
    );
    writeFileSync(runsFile, JSON.stringify(runs, null, 2) + '\n');
  }
}

writeReviewFiles();
printTables();

/**
 * Runs a command and samples /proc every 50 ms: the peak is the largest sum of VmRSS over the process and its
 * descendants (worker threads are in the process; child processes are added), or the largest VmHWM of one of them
 * if that is higher (a peak between two samples). CPU time (user + system, with the children it waited for) is the
 * last sample of /proc/<pid>/stat: up to 50 ms short, and unlike wall time not inflated by other load on the machine.
 */
function measure(command, args, cwd) {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    let peakRssKb = 0;
    let cpuMs = 0;
    const sample = () => {
      cpuMs = Math.max(cpuMs, readCpuMs(child.pid));
      let sum = 0;
      for (const pid of tree(child.pid)) {
        const status = readStatus(pid);
        sum += status.VmRSS ?? 0;
        peakRssKb = Math.max(peakRssKb, status.VmHWM ?? 0);
      }
      peakRssKb = Math.max(peakRssKb, sum);
    };
    const timer = setInterval(sample, 50);
    child.on('close', (exitCode, signal) => {
      clearInterval(timer);
      resolvePromise({
        exitCode,
        signal,
        wallMs: Math.round(performance.now() - started),
        cpuMs,
        peakRssKb,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** The process and its descendants, from /proc/<pid>/task/<tid>/children. */
function tree(pid) {
  const pids = [pid];
  for (let index = 0; index < pids.length; index++) {
    let tasks;
    try {
      tasks = readdirSync(`/proc/${pids[index]}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        const children = readFileSync(`/proc/${pids[index]}/task/${task}/children`, 'utf8').trim();
        if (children !== '') pids.push(...children.split(/\s+/).map(Number));
      } catch {
        // the task ended between the two reads
      }
    }
  }
  return pids;
}

/** utime + stime + cutime + cstime of /proc/<pid>/stat in milliseconds (clock ticks of 10 ms); 0 once ended. */
function readCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may contain spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields.slice(11, 15).reduce((total, ticks) => total + Number(ticks), 0) * 10;
  } catch {
    return 0;
  }
}

/** The kB fields of /proc/<pid>/status (VmRSS, VmHWM …); empty when the process has ended. */
function readStatus(pid) {
  const fields = {};
  try {
    for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
      const match = /^(\w+):\s+(\d+) kB$/.exec(line);
      if (match !== null) fields[match[1]] = Number(match[2]);
    }
  } catch {
    // ended
  }
  return fields;
}

/** Every finding with its id and code context; per rule, every finding or a seeded sample of `sampleSize`. */
function writeReviewFiles() {
  const all = [];
  for (const repo of repos) {
    const reportFile = join(outDir, `${repo.name}.json`);
    if (!existsSync(reportFile)) continue;
    let report;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8'));
    } catch {
      continue;
    }
    for (const finding of report.findings) {
      const lines = readLines(finding.absolutePath);
      all.push({
        id: `${repo.name}:${finding.file}:${finding.line}:${finding.column}:${finding.ruleId}`,
        repo: repo.name,
        rule: finding.ruleId,
        severity: finding.severity,
        file: finding.file,
        line: finding.line,
        area: areaOf(finding.file),
        message: finding.message,
        context: lines
          .slice(Math.max(0, finding.line - 8), finding.line + 6)
          .map(
            (text, index) =>
              `${Math.max(1, finding.line - 7) + index}${Math.max(1, finding.line - 7) + index === finding.line ? '>' : ' '} ${text.slice(0, 200)}`,
          )
          .join('\n'),
      });
    }
  }
  writeFileSync(join(outDir, 'findings.json'), JSON.stringify(all, null, 2) + '\n');
  const sample = {};
  const rules = [...new Set(all.map((finding) => finding.rule))].sort();
  for (const rule of rules) {
    const findings = all.filter((finding) => finding.rule === rule).sort((a, b) => a.id.localeCompare(b.id));
    sample[rule] = findings.length <= sampleSize ? findings : shuffle(findings, seed).slice(0, sampleSize);
  }
  writeFileSync(join(outDir, 'sample.json'), JSON.stringify(sample, null, 2) + '\n');
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Library code, tests, or scripts/examples/benchmarks/config, by path. */
function areaOf(file) {
  const path = file.toLowerCase();
  if (
    /(^|\/)(__tests__|tests?|testing|spec|e2e|__mocks__|mocks?|fixtures?|test-\w+)(\/|$)|\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/.test(
      path,
    )
  ) {
    return 'test';
  }
  if (
    /(^|\/)(scripts?|bin|benchmarks?|bench|examples?|docs?|generators?|tools?)(\/|$)|\.config\.[cm]?[jt]s$/.test(
      path,
    )
  ) {
    return 'script';
  }
  return 'source';
}

/** `{ key: count }` of `items` by `keyOf`. */
function countBy(items, keyOf) {
  const counts = {};
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return counts;
}

function readLines(file) {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return [];
  }
}

/** Fisher–Yates with mulberry32, so a seed gives the same sample on every machine. */
function shuffle(items, seedValue) {
  let state = seedValue >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

/**
 * Markdown tables for bench/results/whole-repos.md: the runs; per rule the findings, the labels of the sample and of
 * every reviewed finding (the sample plus any read beyond it); the false alarms by class.
 */
function printTables() {
  const runsFile = join(outDir, 'runs.json');
  if (!existsSync(runsFile)) return;
  const runs = JSON.parse(readFileSync(runsFile, 'utf8'));
  const all = JSON.parse(readFileSync(join(outDir, 'findings.json'), 'utf8'));
  const sample = JSON.parse(readFileSync(join(outDir, 'sample.json'), 'utf8'));
  const reviewFile = join(here, 'review.json');
  const review = existsSync(reviewFile) ? JSON.parse(readFileSync(reviewFile, 'utf8')) : {};
  const lines = [
    '| repository | commit | kind | engine | files | wall time (CPU time) | peak memory | findings (error / warning / info) | in tests, scripts | generated files skipped |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const repo of repos) {
    const run = runs[repo.name];
    if (run === undefined) continue;
    const counts = { error: 0, warning: 0, info: 0 };
    for (const perSeverity of Object.values(run.byRule)) {
      for (const severity of Object.keys(counts)) counts[severity] += perSeverity[severity];
    }
    const own = all.filter((finding) => finding.repo === repo.name);
    const nonSource = own.filter((finding) => finding.area !== 'source').length;
    const generated =
      run.skipped === undefined || run.skipped === null
        ? '–'
        : `${run.skipped}${
            run.skipped === 0
              ? ''
              : ` (${Object.entries(run.skippedByReason ?? {})
                  .map(([reason, count]) => `${reason} ${count}`)
                  .join(', ')})`
          }`;
    lines.push(
      `| [${repo.repository}](https://github.com/${repo.repository}) | \`${repo.commit.slice(0, 12)}\` | ${repo.kind} | ` +
        `${run.engine ?? (run.files === null ? '–' : 'ts6')} | ` +
        `${run.files ?? '–'} | ${seconds(run.wallMs)} (${run.cpuMs === undefined ? '–' : seconds(run.cpuMs)}) | ` +
        `${Math.round(run.peakRssKb / 1024)} MiB | ` +
        `${run.findings ?? 'crashed'} (${counts.error} / ${counts.warning} / ${counts.info}) | ${nonSource} | ${generated} |`,
    );
  }
  lines.push(
    '',
    '| rule | findings | per repository | sampled | true | false | debatable | every reviewed finding: true / false / debatable |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |',
  );
  const tally = (findings) => {
    const labels = findings.map((finding) => review[finding.id]?.label).filter(Boolean);
    const count = (label) => labels.filter((each) => each === label).length;
    return {
      reviewed: labels.length,
      true: count('true'),
      false: count('false'),
      debatable: count('debatable'),
    };
  };
  for (const rule of [...new Set(all.map((finding) => finding.rule))].sort()) {
    const findings = all.filter((finding) => finding.rule === rule);
    const perRepo = repos
      .map((repo) => [repo.name, findings.filter((finding) => finding.repo === repo.name).length])
      .filter(([, count]) => count > 0)
      .map(([name, count]) => `${name} ${count}`)
      .join(', ');
    const drawn = sample[rule] ?? [];
    const sampled = tally(drawn);
    const every = tally(findings);
    const beyond =
      every.reviewed > sampled.reviewed
        ? `${every.reviewed} read: ${every.true} / ${every.false} / ${every.debatable}`
        : 'the sample';
    lines.push(
      `| ${rule} | ${findings.length} | ${perRepo} | ${drawn.length}${
        sampled.reviewed < drawn.length ? ` (${drawn.length - sampled.reviewed} unlabelled)` : ''
      } | ${sampled.true} | ${sampled.false} | ` + `${sampled.debatable} | ${beyond} |`,
    );
  }
  const classes = {};
  for (const finding of all) {
    const entry = review[finding.id];
    if (entry?.label !== 'false') continue;
    const key = `${finding.rule} — ${entry.class ?? '(no class)'}`;
    (classes[key] ??= []).push(`${finding.repo}/${finding.file}:${finding.line}`);
  }
  lines.push('', 'False alarms by class (every reviewed finding):', '');
  for (const [key, examples] of Object.entries(classes).sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`- ${key}: ${examples.length} (${examples.slice(0, 2).join(', ')})`);
  }
  const unlabelled = Object.values(sample)
    .flat()
    .filter((finding) => review[finding.id] === undefined).length;
  if (unlabelled > 0) lines.push('', `${unlabelled} sampled findings have no label yet in review.json.`);
  console.log('\n' + lines.join('\n'));
}
