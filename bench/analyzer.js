// Analyzer benchmark (issue #13): `awaitwise check` on each engine it has (`--engine ts6`, `--engine native`) versus
// ESLint + typescript-eslint's async rules, `oxlint --type-aware` (tsgolint) with the same rules, TypeScript 7's
// `tsc --noEmit` and TypeScript 6's, on mongodb's TypeScript sources and npm-check-updates; then awaitwise versus
// `tsc` on a generated 5,000-file project. Every tool runs as a child process, one after another, the order reversed
// every round; wall time and the peak memory of the whole process tree (Go children included) are measured, medians
// reported, the targets of the issue computed, and the findings counted per rule per tool.
// Writes bench/results/analyzer.md (bench/run.js gathers it into docs/benchmarks.md).
//
//   node bench/analyzer.js [--rounds 3] [--repos /work/repos] [--generated-files 5000]
//   node bench/analyzer.js --quick     # one round, a 500-file generated project; prints the page, writes nothing
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  eslintConfigFile,
  generateProject,
  oxlintConfigFile,
  prepareMongodb,
  prepareSecondProject,
  secondProject,
} from './lib/analyzer-projects.js';
import { analyzerTargets, evaluateTargets, median, summarize } from './lib/bench-stats.js';
import { eslintAsyncRules, oxlintRuleName } from './lib/eslint-async-rules.js';
import { runMeasured } from './lib/process-tree-memory.js';
import {
  awaitwiseCounts,
  eslintCounts,
  filesInReport,
  oxlintCounts,
  tscCounts,
} from './lib/tool-findings.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string' },
    quick: { type: 'boolean', default: false },
    repos: { type: 'string', default: '/work/repos' },
    'generated-files': { type: 'string' },
  },
});
const rounds = Number(options.rounds ?? (options.quick ? 1 : 3));
const generatedFiles = Number(options['generated-files'] ?? (options.quick ? 500 : 5000));
for (const [name, value] of [
  ['--rounds', rounds],
  ['--generated-files', generatedFiles],
]) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`bench/analyzer.js: expected \`${name}\` to be an integer >= 1, got \`${value}\`.`);
    process.exit(2);
  }
}
if (!existsSync(join(root, 'packages/cli/dist/bin.js'))) {
  console.error('bench/analyzer.js: build first (npm run build).');
  process.exit(1);
}
if (process.platform !== 'linux') {
  console.error('bench/analyzer.js: the process-tree memory sampler reads /proc; run it on Linux.');
  process.exit(1);
}

const modules = join(root, 'node_modules');
const versionOf = (name) => JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version;
const versions = {
  eslint: versionOf('eslint'),
  typescriptEslint: versionOf('typescript-eslint'),
  oxlint: versionOf('oxlint'),
  tsgolint: versionOf('oxlint-tsgolint'),
  typescript6: versionOf('typescript'),
  typescript7: versionOf('typescript-native'),
};
const awaitwiseBin = join(root, 'packages/cli/bin/awaitwise.js');
const bins = {
  eslint: join(modules, 'eslint/bin/eslint.js'),
  oxlint: join(modules, 'oxlint/bin/oxlint'),
  tsgolint: join(modules, '.bin/tsgolint'),
  tsc6: join(modules, 'typescript/bin/tsc'),
  tsc7: join(modules, 'typescript-native/bin/tsc'),
};
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
  cwd: root,
  encoding: 'utf8',
}).stdout.trim();

// ---- The engines this build of awaitwise has: `--engine <name>` accepted and a check run on a one-file project.
// Before the `--engine` option existed, the one engine (TypeScript 6) runs without the option.
function detectEngines() {
  const probe = mkdtempSync(join(tmpdir(), 'awaitwise-bench-engine-'));
  writeFileSync(
    join(probe, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true }, include: ['a.ts'] }),
  );
  writeFileSync(
    join(probe, 'a.ts'),
    'export async function f(): Promise<number> {\n  return 1;\n}\nvoid f();\n',
  );
  const engines = [];
  const notes = [];
  for (const engine of ['ts6', 'native']) {
    const args = [
      'check',
      '--engine',
      engine,
      '--project',
      'tsconfig.json',
      '--format',
      'json',
      '--no-progress',
    ];
    const probeRun = spawnSync(process.execPath, [awaitwiseBin, ...args], { cwd: probe, encoding: 'utf8' });
    let parsed = false;
    try {
      JSON.parse(probeRun.stdout);
      parsed = true;
    } catch {
      // Not a report: the option or the engine does not exist in this build.
    }
    if ((probeRun.status === 0 || probeRun.status === 1) && parsed)
      engines.push({ engine, args: ['--engine', engine] });
    else notes.push(`\`--engine ${engine}\`: ${firstLine(probeRun.stderr) || `exit ${probeRun.status}`}`);
  }
  rmSync(probe, { recursive: true, force: true });
  if (engines.length === 0) return { engines: [{ engine: 'ts6', args: [] }], notes, hasEngineOption: false };
  return { engines, notes, hasEngineOption: true };
}

function firstLine(text) {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}

const engineInfo = detectEngines();
console.log(
  `engines: ${engineInfo.engines.map((e) => e.engine).join(', ')}${engineInfo.hasEngineOption ? '' : ' (no --engine option in this build: the default engine, TypeScript 6)'}`,
);
for (const note of engineInfo.notes) console.log(`  not available: ${note}`);

// ---- The tools. Each is `node <script> …` in the project's folder; `ok` lists the exit statuses of a normal run.
const engineLabel = (engine) => (engine === 'native' ? 'TypeScript 7 native checker' : 'TypeScript 6 engine');
function awaitwiseTools() {
  return engineInfo.engines.map(({ engine, args }) => ({
    id: `awaitwise-${engine}`,
    engine,
    label: `\`awaitwise check\`${engineInfo.hasEngineOption ? ` \`--engine ${engine}\`` : ''} (${engineLabel(engine)})`,
    args: [awaitwiseBin, 'check', ...args, '--project', 'tsconfig.json', '--format', 'json', '--no-progress'],
    ok: [0, 1],
    counts: awaitwiseCounts,
    files: (stdout) => filesInReport('awaitwise', stdout),
  }));
}
const tscTools = [
  {
    id: 'tsc7',
    label: `TypeScript ${versions.typescript7} \`tsc --noEmit\` (Go)`,
    args: [bins.tsc7, '-p', 'tsconfig.json', '--noEmit'],
    ok: [0, 1, 2],
    counts: tscCounts,
  },
  {
    id: 'tsc6',
    label: `TypeScript ${versions.typescript6} \`tsc --noEmit\``,
    args: [bins.tsc6, '-p', 'tsconfig.json', '--noEmit'],
    ok: [0, 1, 2],
    counts: tscCounts,
  },
];
// What every native run pays before its first rule: bench/lib/native-floor-stage.js, stage by stage (each includes the
// ones before it). Measured like the tools, in the same rounds, so that the targets can be set against this floor.
const floorStages = [
  ['load', "Node starts and loads awaitwise (TypeScript 6 from its code cache, TypeScript 7's API)"],
  ['open', '… and TypeScript 7 opens the tsconfig in its Go process'],
  ['parse', '… and TypeScript 6 parses every file of the tsconfig'],
];
function floorTools() {
  if (!engineInfo.engines.some(({ engine }) => engine === 'native')) return [];
  return floorStages.map(([stage, text]) => ({
    id: `floor-${stage}`,
    label: `floor of the native engine: ${text}`,
    args: [join(root, 'bench/lib/native-floor-stage.js'), stage],
    ok: [0],
    counts: () => new Map(),
  }));
}
function linterTools(project) {
  return [
    {
      id: 'eslint',
      label: `ESLint ${versions.eslint} + typescript-eslint ${versions.typescriptEslint} (typed linting)`,
      args: [
        bins.eslint,
        '-c',
        eslintConfigFile,
        '--format',
        'json',
        '--no-warn-ignored',
        ...project.lintPaths,
      ],
      ok: [0, 1],
      counts: eslintCounts,
      files: (stdout) => filesInReport('eslint', stdout),
    },
    {
      id: 'oxlint',
      label: `oxlint ${versions.oxlint} \`--type-aware\` (tsgolint ${versions.tsgolint})`,
      args: [
        bins.oxlint,
        '--type-aware',
        '-c',
        oxlintConfigFile,
        '--disable-nested-config',
        '--format',
        'json',
        ...project.lintPaths,
      ],
      // The tsgolint a user gets from `npm install oxlint-tsgolint` (node_modules/.bin), whatever the project has.
      env: { OXLINT_TSGOLINT_PATH: bins.tsgolint },
      ok: [0, 1],
      counts: oxlintCounts,
      files: (stdout) => filesInReport('oxlint', stdout),
    },
  ];
}

// ---- Running: one warm-up run each, then the rounds, the order reversed every other round.
const loads = [];
const runTimeoutMs = 10 * 60_000;
async function runTool(project, tool) {
  loads.push(loadavg()[0] ?? 0);
  const run = await runMeasured(process.execPath, tool.args, {
    cwd: project.dir,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...tool.env },
    timeoutMs: runTimeoutMs,
  });
  const failure = tool.ok.includes(run.status)
    ? undefined
    : `exit ${run.status ?? 'killed'}: ${firstLine(run.stderr.split('\n').slice(-20).join('\n')) || firstLine(run.stdout)}`;
  return { run, failure };
}

// Warm-up runs, not counted: awaitwise on each engine (it writes its V8 code cache for TypeScript, which every later
// run reads, as a user's second run would) and TypeScript 7's tsc (it reads every file the tools read, from the
// sources to @types/node, so that the file system cache is warm for the first tool of the first round). The other
// tools keep nothing from one run to the next.
const warmsUp = (tool) => tool.id.startsWith('awaitwise-') || tool.id === 'tsc7';

async function benchProject(project, tools, { warmUp }) {
  const state = new Map(
    tools.map((tool) => [tool.id, { tool, samples: [], last: undefined, failure: undefined }]),
  );
  const attempt = async (tool, round) => {
    const entry = state.get(tool.id);
    if (entry.failure !== undefined) return;
    const { run, failure } = await runTool(project, tool);
    if (failure !== undefined) {
      entry.failure = failure;
      console.log(`  ${tool.id} FAILED (${failure}); left out from now on`);
      return;
    }
    if (round === undefined) return;
    entry.samples.push(run);
    entry.last = run;
    console.log(
      `  round ${round + 1} ${tool.id}: ${(run.wallMs / 1000).toFixed(2)} s, ${run.peakMb.toFixed(0)} MB (${run.peakByProcess.map(({ name, mb }) => `${name} ${mb.toFixed(0)}`).join(' + ')})`,
    );
  };
  console.log(`\n${project.title} (${project.files} files, in ${project.dir})`);
  if (warmUp) for (const tool of tools.filter(warmsUp)) await attempt(tool, undefined);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? tools : [...tools].reverse();
    for (const tool of order) await attempt(tool, round);
  }
  const results = new Map();
  for (const [id, entry] of state) {
    let counts;
    let countError;
    let files;
    if (entry.last !== undefined) {
      try {
        counts = entry.tool.counts(entry.last.stdout);
        files = entry.tool.files?.(entry.last.stdout);
      } catch (error) {
        countError = `output not understood: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    results.set(id, {
      tool: entry.tool,
      summary: entry.samples.length === 0 ? undefined : summarize(entry.samples),
      failure: entry.failure,
      counts,
      countError,
      files,
    });
  }
  return results;
}

const started = Date.now();
const startedAt = new Date().toISOString().slice(0, 16).replace('T', ' ');
const projects = [prepareMongodb(root)];
const second = prepareSecondProject(options.repos);
const skipped = [];
if (typeof second === 'string') skipped.push(`${secondProject.name}: ${second}`);
else projects.push(second);
const projectResults = [];
for (const project of projects) {
  const tools = [...awaitwiseTools(), ...floorTools(), ...linterTools(project), ...tscTools];
  projectResults.push({ project, results: await benchProject(project, tools, { warmUp: true }) });
  rmSync(project.dir, { recursive: true, force: true });
}
const generated = generateProject(root, generatedFiles);
// No warm-up runs here: generating the files left them in the file system cache, and awaitwise's code cache exists.
const generatedTools = [...awaitwiseTools(), ...tscTools.filter((tool) => tool.id === 'tsc7')];
const generatedResults = await benchProject(generated, generatedTools, { warmUp: false });
rmSync(generated.dir, { recursive: true, force: true });
const elapsedMinutes = (Date.now() - started) / 60_000;
// The benchmark's own CPU time (the sampler, mostly): what it took from the tools on a machine of few cores.
const ownCpu = process.cpuUsage();
const ownCpuSeconds = (ownCpu.user + ownCpu.system) / 1e6;

// ---- The results page.
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (mb) => `${mb.toFixed(0)} MB`;
const verdict = (met) => (met ? 'met' : '**not met**');

function timingTable(results, reference) {
  const referenceSummary = results.get(reference)?.summary;
  const referenceName = reference === 'eslint' ? 'ESLint' : 'tsc 7';
  const rows = [...results.values()].map(({ tool, summary, failure }) => {
    if (summary === undefined) return `| ${tool.label} | failed: ${failure ?? 'no run'} | | | | |`;
    const versus =
      referenceSummary === undefined
        ? '–'
        : `${(referenceSummary.wallMs / summary.wallMs).toFixed(1)}× / ${((100 * summary.peakMb) / referenceSummary.peakMb).toFixed(0)}%`;
    const atPeak = summary.peakByProcess.map(({ name, mb }) => `${name} ${mb.toFixed(0)}`).join(' + ');
    return `| ${tool.label} | ${seconds(summary.wallMs)} | ${seconds(summary.bestMs)} | ${megabytes(summary.peakMb)} | ${atPeak} MB | ${versus} |`;
  });
  return [
    `| tool | wall time (median) | wall time (best) | peak memory, process tree (median) | processes at that peak | speed-up / memory vs ${referenceName} |`,
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function countsTable(results, ids, heading) {
  const present = ids.filter((id) => results.has(id));
  if (present.length === 0) return '';
  const rules = new Set();
  for (const id of present) for (const rule of results.get(id).counts?.keys() ?? []) rules.add(rule);
  const cell = (id, rule) => {
    const result = results.get(id);
    if (result.counts === undefined) return result.countError ?? 'failed';
    return String(result.counts.get(rule) ?? 0);
  };
  const total = (id) => {
    const result = results.get(id);
    return result.counts === undefined ? '–' : String([...result.counts.values()].reduce((a, b) => a + b, 0));
  };
  const names = present.map((id) => shortName(id));
  return [
    `| ${heading} | ${names.join(' | ')} |`,
    `|---|${present.map(() => '---').join('|')}|`,
    ...[...rules].map((rule) => `| \`${rule}\` | ${present.map((id) => cell(id, rule)).join(' | ')} |`),
    `| total | ${present.map(total).join(' | ')} |`,
    `| files in the report | ${present.map((id) => String(results.get(id).files ?? '–')).join(' | ')} |`,
  ].join('\n');
}

function shortName(id) {
  if (id.startsWith('awaitwise-')) return `awaitwise (${id.slice('awaitwise-'.length)})`;
  if (id.startsWith('floor-')) return `native floor (${id.slice('floor-'.length)})`;
  return { eslint: 'ESLint', oxlint: 'oxlint', tsc6: 'tsc 6', tsc7: 'tsc 7' }[id] ?? id;
}

const awaitwiseIds = engineInfo.engines.map(({ engine }) => `awaitwise-${engine}`);
const targetRows = [];
for (const { project, results } of projectResults) {
  const peers = { eslint: results.get('eslint')?.summary, oxlint: results.get('oxlint')?.summary };
  // The floor's last stage is set against the same targets: a target the floor alone misses cannot be met by any
  // work on the rules or the type questions.
  for (const id of [...awaitwiseIds, 'floor-parse'].filter((candidate) => results.has(candidate))) {
    const evaluated = evaluateTargets(results.get(id)?.summary, peers);
    const cells = evaluated.map(({ target, ratio, met }) =>
      ratio === undefined ? 'no figure (a run failed)' : `${target.show(ratio)}: ${verdict(met)}`,
    );
    targetRows.push(`| ${project.title} | ${shortName(id)} | ${cells.join(' | ')} |`);
  }
}

function projectSection({ project, results }) {
  const tscErrors = ['tsc6', 'tsc7']
    .map(
      (id) =>
        `${shortName(id)} ${results.get(id)?.counts?.get('type errors') ?? (results.get(id)?.counts ? 0 : '–')}`,
    )
    .join(', ');
  return `### ${project.title} (${project.files} TypeScript files)

${timingTable(results, 'eslint')}

Type errors reported by \`tsc --noEmit\` with this tsconfig (they stop none of the tools): ${tscErrors}.

Findings per rule, ESLint and oxlint (the same rules; oxlint's codes under their ESLint names):

${countsTable(results, ['eslint', 'oxlint'], 'rule')}

Findings per rule, awaitwise (all its recommended rules; the same rules on each engine, which should agree):

${countsTable(results, awaitwiseIds, 'rule')}
`;
}

const loadSorted = [...loads].sort((a, b) => a - b);
const eslintRuleList = Object.entries(eslintAsyncRules)
  .map(
    ([rule, setting]) =>
      `\`${rule}\`${Array.isArray(setting) ? ` (\`${setting.slice(1).join(', ')}\`)` : ''}`,
  )
  .join(', ');
const oxlintRuleList = Object.keys(eslintAsyncRules)
  .map((rule) => `\`${oxlintRuleName(rule)}\``)
  .join(', ');
const generatedTsc7 = generatedResults.get('tsc7')?.summary;
const generatedLines = awaitwiseIds
  .map((id) => ({ id, summary: generatedResults.get(id)?.summary }))
  .filter(({ summary }) => summary !== undefined && generatedTsc7 !== undefined)
  .map(
    ({ id, summary }) =>
      `- ${shortName(id)} takes ${(summary.wallMs / generatedTsc7.wallMs).toFixed(1)}× the wall time of TypeScript 7's \`tsc --noEmit\` and ${((100 * summary.peakMb) / generatedTsc7.peakMb).toFixed(0)}% of its peak memory.`,
  );

const markdown = `## Analyzer: awaitwise check vs ESLint + typescript-eslint vs oxlint --type-aware vs tsc

Measured ${startedAt} UTC (awaitwise at commit ${commit}) on a ${cpus().length}-core machine (${cpus()[0]?.model ?? 'unknown CPU'},
${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}) shared with other work: the 1-minute load average when
each run started went from ${loadSorted[0]?.toFixed(1)} to ${loadSorted.at(-1)?.toFixed(1)} (median ${median(loadSorted).toFixed(1)}), so the figures are noisy and ratios are
what to read. Each tool runs as a child process, one at a time, in a temporary copy of the project with one
\`tsconfig.json\` all of them read. On the two real projects awaitwise (each engine) and TypeScript 7's tsc run once
before the counted rounds (awaitwise writes its code cache for TypeScript, as a user's first run does; the file system
cache is then warm for every tool); then ${rounds} round${rounds === 1 ? '' : 's'}, the order reversed every
other round; medians shown. The whole run took ${elapsedMinutes.toFixed(1)} minutes (\`node bench/analyzer.js --rounds ${rounds}\`).

**Peak memory** is that of the whole process tree: every 10 ms the benchmark reads \`VmRSS\` from
\`/proc/<pid>/status\` of the tool's process and of all its descendants (found through \`/proc/<pid>/stat\`'s parent
pid) and keeps the peak of the sum (\`bench/lib/process-tree-memory.js\`; its test runs a known tree of three
processes). So oxlint's tsgolint child (Go, started through its Node wrapper), TypeScript 7's Go compiler under its
\`tsc\` script and the Go checker of awaitwise's native engine count with the Node process that started them. Pages
shared between processes (the Node binary) count once per process, as \`top\` would add them; a spike shorter than
10 ms can be missed. "Processes at that peak" lists the resident set size of each process of the tree at the highest
sample of the run whose peak is the median (by the program it runs, the first argument of \`/proc/<pid>/cmdline\`: \`node\`; \`tsgolint\`; \`tsc\`, TypeScript 7's Go binary, under
its \`tsc\` script or the native engine). The benchmark
process itself (the sampler, mostly) used ${ownCpuSeconds.toFixed(0)} s of CPU in the ${elapsedMinutes.toFixed(1)} minutes (${((100 * ownCpuSeconds) / (elapsedMinutes * 60)).toFixed(0)}% of one core).

**Rules.** ESLint and oxlint run the same ${Object.keys(eslintAsyncRules).length} rules with the same options: ${eslintRuleList}; in oxlint
${oxlintRuleList} (the \`typescript/\` ones type-aware, run by tsgolint on TypeScript 7's checker, the \`eslint/\` ones
by oxlint itself). These are the rules closest to awaitwise's (\`floating-promise\`, \`async-void-callback\`,
\`return-await-in-try\`, \`sequential-await\`, \`async-promise-executor\`; \`await-thenable\` has no counterpart);
typescript-eslint's \`require-await\` and \`promise-function-async\` are left out: they are style rules no awaitwise rule
matches and the ESLint side of this benchmark has never run them. awaitwise runs all its recommended rules.
Versions: ESLint ${versions.eslint}, typescript-eslint ${versions.typescriptEslint} (on TypeScript ${versions.typescript6}), oxlint ${versions.oxlint},
oxlint-tsgolint ${versions.tsgolint}, TypeScript ${versions.typescript6} and ${versions.typescript7}.
${engineInfo.hasEngineOption ? `Engines of awaitwise measured: ${engineInfo.engines.map((e) => `\`--engine ${e.engine}\``).join(', ')}${engineInfo.notes.length > 0 ? `; not available in this build: ${engineInfo.notes.join('; ')}` : ''}.` : 'This build of awaitwise has no `--engine` option: its one engine is TypeScript 6 (the native engine is measured once it exists).'}
${skipped.length > 0 ? `\nNot measured: ${skipped.join('; ')}.\n` : ''}
### Targets of issue #13 (computed from the medians below)

"native floor (parse)" is not a linter: it is what every native run pays before its first rule
(\`bench/lib/native-floor-stage.js\`: Node starts, awaitwise and both TypeScripts load, TypeScript 7 opens the tsconfig,
TypeScript 6 parses the files; no type asked, no rule run), measured in the same rounds. A target this row misses is out
of reach of any work on the rules or on the type questions: only a different architecture (no TypeScript 6 parse, no
Node start) would reach it.

| project | awaitwise | ${analyzerTargets.map((target) => target.text).join(' | ')} |
|---|---|${analyzerTargets.map(() => '---').join('|')}|
${targetRows.join('\n')}

${projectResults.map(projectSection).join('\n')}
Why npm-check-updates: a whole TypeScript repository of the whole-repositories corpus (\`bench/whole-repos/repos.json\`,
restored under \`--repos\`) whose work is asynchronous throughout (registry queries, package managers run as child
processes, concurrency limits), its sources and tests (${projects.find((p) => p.id === secondProject.name)?.files ?? '–'} files) in one tsconfig that TypeScript 7 reads as it
is (ES2024, \`moduleResolution: bundler\`), and that ESLint typed linting handles; its own \`typescript\` is 6.0. Its
tsconfig is changed in the copy only to drop \`incremental\` (tsc 6 would reuse its build info from round to round) and
\`allowJs\` (so that every tool checks the same TypeScript files).

### Time and memory on ${generated.title}

${generated.files.toLocaleString('en')} generated TypeScript files (folders of 100, each file importing its neighbour, three async functions each),
awaitwise with all recommended rules against TypeScript 7's \`tsc --noEmit\`; ${rounds} round${rounds === 1 ? '' : 's'}, alternating, medians.

${timingTable(generatedResults, 'tsc7')}

${generatedLines.join('\n')}

Whether awaitwise's findings are real bugs: see the reviewed sample in [analyzer-review.md](analyzer-review.md).
`;

console.log(`\n${markdown}`);
if (options.quick) {
  console.log('--quick: nothing written.');
} else {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/analyzer.md'), markdown);
  console.log('wrote bench/results/analyzer.md');
}
const failures = [...projectResults.map((p) => p.results), generatedResults].flatMap((results) =>
  [...results.values()].filter((result) => result.failure !== undefined),
);
process.exit(failures.length === 0 ? 0 : 1);
