// Analyzer benchmark: `awaitwise check` versus ESLint + typescript-eslint's async rules and `tsc --noEmit`, on the
// TypeScript sources shipped in the `mongodb` package (node_modules/mongodb/src). Each tool runs as a child process;
// wall time and peak memory (maximum resident set size) are measured side by side, alternating the tools over
// several rounds, and the findings of both analyzers are counted per rule. Writes bench/results/analyzer.md.
//
//   node bench/analyzer.js [--rounds 3]
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eslintAsyncRules } from './lib/eslint-async-rules.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg === -1 ? 3 : Number(process.argv[roundsArg + 1]);
const mongodb = join(root, 'node_modules/mongodb');
const mongodbVersion = JSON.parse(readFileSync(join(mongodb, 'package.json'), 'utf8')).version;
const awaitwiseBin = join(root, 'packages/cli/bin/awaitwise.js');
if (!existsSync(join(root, 'packages/cli/dist/bin.js'))) {
  console.error('bench/analyzer.js: build first (npm run build).');
  process.exit(1);
}

// A copy of the sources in a temporary project (ESLint never lints under node_modules), with the repository's
// node_modules linked in for mongodb's dependencies and @types/node, and one tsconfig shared by all three tools.
const work = mkdtempSync(join(tmpdir(), 'awaitwise-bench-'));
cpSync(join(mongodb, 'src'), join(work, 'src'), { recursive: true });
symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'bench-mongodb-src', private: true }));
writeFileSync(
  join(work, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: 'ES2021',
        module: 'node16',
        moduleResolution: 'node16',
        lib: ['es2021', 'ES2022.Error', 'ES2022.Object', 'esnext.disposable'],
        types: ['node'],
        skipLibCheck: true,
        noEmit: true,
        useUnknownInCatchVariables: false,
        noImplicitOverride: true,
      },
      include: ['src'],
    },
    null,
    2,
  ),
);
writeFileSync(
  join(work, 'eslint.config.mjs'),
  `import tseslint from 'typescript-eslint';
export default [
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: ${JSON.stringify(eslintAsyncRules)},
  },
];
`,
);
const fileCount = spawnSync('find', [join(work, 'src'), '-name', '*.ts'], { encoding: 'utf8' })
  .stdout.trim()
  .split('\n').length;

const useTime = existsSync('/usr/bin/time');
// Without /usr/bin/time, a preload module reports the child's own peak RSS when it exits.
const rssPreload = join(work, 'rss.mjs');
writeFileSync(
  rssPreload,
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => writeFileSync(process.env.AW_RSS_FILE, String(process.resourceUsage().maxRSS)));
`,
);

/** Runs `node <args>` in the work folder; returns wall ms, peak RSS MB, exit status and stdout. */
function measure(args, extraEnv = {}) {
  const rssFile = join(work, `rss-${Date.now()}.txt`);
  const env = { ...process.env, NO_COLOR: '1', AW_RSS_FILE: rssFile, ...extraEnv };
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const commandArgs = useTime ? ['-v', process.execPath, ...args] : ['--import', rssPreload, ...args];
  const started = performance.now();
  const child = spawnSync(command, commandArgs, { cwd: work, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallMs = performance.now() - started;
  let rssKb;
  if (useTime) {
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr);
    rssKb = match === null ? NaN : Number(match[1]);
  } else {
    rssKb = Number(readFileSync(rssFile, 'utf8'));
  }
  return { wallMs, rssMb: rssKb / 1024, status: child.status, stdout: child.stdout, stderr: child.stderr };
}

// The floor of any type-aware run, for scale: start Node, load TypeScript (from the code cache), build the program
// the way the analyzer does, create the checker (binding every file), and stop before the first type question.
const floorScript = join(work, 'floor.mjs');
writeFileSync(
  floorScript,
  `import { readFileSync } from 'node:fs';
import { preloadTypeScript } from ${JSON.stringify(join(root, 'packages/analyzer/dist/preload.js'))};
preloadTypeScript();
const ts = (await import(${JSON.stringify(join(root, 'packages/analyzer/dist/typescript.cjs'))})).default;
const { createAnalysisProgram } = await import(${JSON.stringify(join(root, 'packages/analyzer/dist/program.js'))});
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} };
const config = ts.getParsedCommandLineOfConfigFile('tsconfig.json', {}, host);
const texts = new Map(config.fileNames.map((file) => [file, readFileSync(file, 'utf8')]));
createAnalysisProgram({ rootNames: config.fileNames, options: config.options, texts }).getTypeChecker();
`,
);

const tools = {
  awaitwise: [awaitwiseBin, 'check', '--project', 'tsconfig.json', '--format', 'json', '--no-progress'],
  floor: [floorScript],
  eslint: [join(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--no-warn-ignored', 'src'],
  tsc: [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'],
};
// awaitwise loads TypeScript with a V8 code cache written by an earlier run (@awaitwise/analyzer/preload); a first
// run on a machine has none. That case is measured on its own ('awaitwise-cold', with the cache turned off).
const toolEnv = { 'awaitwise-cold': { NODE_DISABLE_COMPILE_CACHE: '1' } };
tools['awaitwise-cold'] = tools.awaitwise;
const samples = { awaitwise: [], 'awaitwise-cold': [], floor: [], eslint: [], tsc: [] };
const last = {};
// One run of each tool before the counted rounds: the file system cache is warm for all of them, and awaitwise's
// code cache exists.
for (const tool of ['awaitwise', 'eslint', 'tsc']) measure(tools[tool]);
for (let round = 0; round < rounds; round++) {
  // Alternate the order so that no tool always runs on a warmer (or busier) machine.
  const order =
    round % 2 === 0
      ? ['awaitwise', 'eslint', 'tsc', 'awaitwise-cold', 'floor']
      : ['floor', 'awaitwise-cold', 'tsc', 'eslint', 'awaitwise'];
  for (const tool of order) {
    const result = measure(tools[tool], toolEnv[tool]);
    if (result.status !== 0 && result.status !== 1 && !(tool === 'tsc' && result.status === 2)) {
      console.error(`${tool} failed (status ${result.status}):\n${result.stderr.slice(-3000)}`);
      process.exit(1);
    }
    samples[tool].push(result);
    last[tool] = result;
    console.log(
      `round ${round + 1} ${tool}: ${(result.wallMs / 1000).toFixed(2)} s, ${result.rssMb.toFixed(0)} MB`,
    );
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const summary = Object.fromEntries(
  Object.entries(samples).map(([tool, list]) => [
    tool,
    {
      wall: median(list.map((s) => s.wallMs)),
      best: Math.min(...list.map((s) => s.wallMs)),
      rss: median(list.map((s) => s.rssMb)),
    },
  ]),
);

const countBy = (items, key) => {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
};
const awaitwiseReport = JSON.parse(last.awaitwise.stdout);
const eslintReport = JSON.parse(last.eslint.stdout);
const eslintMessages = eslintReport.flatMap((file) =>
  file.messages.map((m) => ({ ...m, file: file.filePath.slice(work.length + 1) })),
);
const tscErrors = (last.tsc.stdout.match(/error TS\d+/g) ?? []).length;
const awaitwiseCounts = countBy(awaitwiseReport.findings, (f) => f.ruleId);
const eslintCounts = countBy(eslintMessages, (m) => m.ruleId ?? '(parse error)');

// Raw findings for the manual review (bench/results/analyzer-review.md), outside the repository.
const findingsFile = join(tmpdir(), 'awaitwise-analyzer-findings.json');
writeFileSync(
  findingsFile,
  JSON.stringify(
    {
      awaitwise: awaitwiseReport.findings.map((f) => ({
        file: f.file,
        line: f.line,
        rule: f.ruleId,
        message: f.message,
      })),
      eslint: eslintMessages.map((m) => ({ file: m.file, line: m.line, rule: m.ruleId, message: m.message })),
    },
    null,
    1,
  ),
);

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const ratio = (a, b) => `${(a / b).toFixed(1)}×`;
const aw = summary.awaitwise;
const cold = summary['awaitwise-cold'];
const floor = summary.floor;
const es = summary.eslint;
const ts = summary.tsc;
const verdict = (ok) => (ok ? 'met' : '**not met**');
const table = (rows) =>
  rows.map(([rule, count]) => `| \`${rule}\` | ${count} |`).join('\n') || '| (none) | 0 |';
const markdown = `## Analyzer: awaitwise check vs typescript-eslint (mongodb ${mongodbVersion} sources)

${fileCount} TypeScript files of \`node_modules/mongodb/src\` (copied to a temporary project with one tsconfig), on a
${cpus().length}-core machine with ${(totalmem() / 2 ** 30).toFixed(0)} GB (shared with other work: figures are noisy;
the tools run alternately, ${rounds} rounds, medians shown). Peak memory is the maximum resident set size of the child
process (${useTime ? '`/usr/bin/time -v`' : '`process.resourceUsage().maxRSS` from a preload module'}).

| tool | wall time (median) | wall time (best) | peak memory (median) |
|---|---|---|---|
| \`awaitwise check\` (all recommended rules) | ${seconds(aw.wall)} | ${seconds(aw.best)} | ${aw.rss.toFixed(0)} MB |
| \`awaitwise check\`, first run on a machine (no code cache) | ${seconds(cold.wall)} | ${seconds(cold.best)} | ${cold.rss.toFixed(0)} MB |
| ESLint + typescript-eslint (6 async rules, typed linting) | ${seconds(es.wall)} | ${seconds(es.best)} | ${es.rss.toFixed(0)} MB |
| \`tsc --noEmit\` | ${seconds(ts.wall)} | ${seconds(ts.best)} | ${ts.rss.toFixed(0)} MB |
| floor: program and checker only, no type question | ${seconds(floor.wall)} | ${seconds(floor.best)} | ${floor.rss.toFixed(0)} MB |

- awaitwise is ${ratio(es.wall, aw.wall)} faster than the ESLint run (best runs: ${ratio(es.best, aw.best)}; target ≥ 3×:
  ${verdict(es.wall / aw.wall >= 3)}) and
  ${ratio(ts.wall, aw.wall)} faster than \`tsc --noEmit\` (target > 1×: ${verdict(ts.wall > aw.wall)}).
- awaitwise peaks at ${aw.rss.toFixed(0)} MB against ${ts.rss.toFixed(0)} MB for tsc (target: below tsc: ${verdict(aw.rss < ts.rss)}) and
  ${es.rss.toFixed(0)} MB for ESLint.
- A first run, before awaitwise has written its code cache for TypeScript, takes ${seconds(cold.wall)}
  (${ratio(es.wall, cold.wall)} faster than ESLint) and ${cold.rss.toFixed(0)} MB.
- The floor (Node, TypeScript, parsing and binding the 290 files, no type question) takes ${seconds(floor.wall)}:
  ${((100 * floor.wall) / (es.wall / 3)).toFixed(0)}% of the ${seconds(es.wall / 3)} a 3× target allows, before the first type question.
- tsc reports ${tscErrors} type errors on these sources with this tsconfig (they do not stop the analyzers).

ESLint rules: \`@typescript-eslint/no-floating-promises\`, \`no-misused-promises\`, \`await-thenable\`, \`return-await\`
(\`in-try-catch\`), core \`no-await-in-loop\` and \`no-async-promise-executor\`.

Findings of awaitwise (${awaitwiseReport.findings.length}):

| rule | findings |
|---|---|
${table(awaitwiseCounts)}

Findings of ESLint (${eslintMessages.length}):

| rule | findings |
|---|---|
${table(eslintCounts)}


Where the time and memory go (\`node --cpu-prof\` of \`awaitwise check\` on these sources, and the checker's type
counts): creating the program (reading, resolving and parsing 290 files, 131 of them the sources and the rest
TypeScript's libraries and \`@types/node\`, about 0.7 s on a quiet machine) and binding them for the checker (about
0.3 s) is work any type-aware tool does before its first type question (the floor row). Nearly all the rest is the
type questions of the type-aware rules. They ask cheaper questions than the direct ones, with
identical answers (\`src/analysis/quick-types.ts\`, \`src/analysis/declared-types.ts\`): a call's value from its
callee's signatures when they agree; a method call's from the method's declared return type (\`this\`, \`boolean\`,
\`void\`…) without the type of the method; the member of a call's result from the class its callee declares it
returns, without resolving the call (\`this.find(filter).limit(n)\`: 2,261 types for mongodb's \`Filter<TSchema>\`
otherwise); a callback slot from the callee's declared parameters; an argument from its own annotation
(\`options: FindOptions\` is no callback); a reference once per symbol; syntax filters first. The checker now
creates about 14,600 types for the rules (17,800 before this round, 45% of what a full \`tsc\` check creates); most
of the rest are the types of receivers and values (\`cursor\` in \`cursor.on(…)\`, \`const x = await f()\`), which a
sound answer about a method call needs and which every type-aware rule asks for alike. TypeScript itself loads from a V8 code cache (Node's own compile cache on Node 22.1+, a \`vm.Script\`
cache on Node 20): about 0.3 s and 15 MB less than compiling its 9 MB file on every run. Memory: the analyzer loads
the full compiler API (\`typescript.js\`, with the language service) where \`tsc\` loads its lean \`_tsc.js\`.

Whether these findings are real bugs: see the reviewed sample in [analyzer-review.md](analyzer-review.md).
`;
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/analyzer.md'), markdown);
rmSync(work, { recursive: true, force: true });
console.log(markdown);
console.log(`findings of both tools: ${findingsFile}`);

// ---- Memory on a generated 5,000-file project: one program for everything versus programs of 2,000 files.
const big = mkdtempSync(join(tmpdir(), 'awaitwise-bench-5000-'));
symlinkSync(join(root, 'node_modules'), join(big, 'node_modules'), 'dir');
writeFileSync(
  join(big, 'package.json'),
  JSON.stringify({ name: 'bench-5000', private: true, type: 'module' }),
);
writeFileSync(
  join(big, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      strict: true,
      target: 'ES2022',
      module: 'nodenext',
      types: ['node'],
      skipLibCheck: true,
      noEmit: true,
    },
    include: ['src'],
  }),
);
const bigFiles = 5000;
for (let i = 0; i < bigFiles; i++) {
  const folder = join(big, 'src', `m${Math.floor(i / 100)}`);
  mkdirSync(folder, { recursive: true });
  const previous = i % 100 === 0 ? '' : `import { load${i - 1} } from './f${i - 1}.js';\n`;
  writeFileSync(
    join(folder, `f${i}.ts`),
    `${previous}import { EventEmitter } from 'node:events';

export interface Item${i} {
  id: string;
  count: number;
}

const events = new EventEmitter();

export async function load${i}(ids: string[]): Promise<Item${i}[]> {
  const items: Item${i}[] = [];
  for (const id of ids) {
    items.push({ id, count: id.length + ${i} });
  }
  return items;
}

export async function total${i}(ids: string[]): Promise<number> {
  const items = await load${i}(ids);
  ${previous === '' ? '' : `await load${i - 1}(ids);`}
  events.emit('loaded', items.length);
  return items.reduce((sum, item) => sum + item.count, 0);
}

export function report${i}(ids: string[]): void {
  total${i}(ids).then((n) => console.log(n), (error: unknown) => console.error(error));
}
`,
  );
}
const bigRuns = {
  'awaitwise, programs of 2,000 files (default)': [
    awaitwiseBin,
    'check',
    '--project',
    'tsconfig.json',
    '--format',
    'json',
    '--no-progress',
  ],
  'awaitwise, one program (--batch-size 5000)': [
    awaitwiseBin,
    'check',
    '--project',
    'tsconfig.json',
    '--format',
    'json',
    '--no-progress',
    '--batch-size',
    '5000',
  ],
  'tsc --noEmit': [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--noEmit'],
};
const bigResults = [];
for (const [label, args] of Object.entries(bigRuns)) {
  const rssFile = join(big, `rss-${bigResults.length}.txt`);
  const started = performance.now();
  const child = spawnSync(
    useTime ? '/usr/bin/time' : process.execPath,
    useTime ? ['-v', process.execPath, ...args] : ['--import', rssPreload, ...args],
    {
      cwd: big,
      env: { ...process.env, NO_COLOR: '1', AW_RSS_FILE: rssFile },
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  const wallMs = performance.now() - started;
  const rssKb = useTime
    ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1] ?? NaN)
    : Number(readFileSync(rssFile, 'utf8'));
  bigResults.push({ label, wallMs, rssMb: rssKb / 1024, status: child.status });
  console.log(
    `5000 files, ${label}: ${(wallMs / 1000).toFixed(2)} s, ${(rssKb / 1024).toFixed(0)} MB (status ${child.status})`,
  );
}
rmSync(big, { recursive: true, force: true });
const bigMarkdown = `
### Memory on a generated ${bigFiles}-file project

${bigFiles} generated TypeScript files (50 folders, each file importing its neighbour), checked with every
recommended rule. The engine builds one program per batch of files and streams each file's findings out, so the
syntax trees and types of a batch are garbage once it is done; \`--batch-size\` sets the batch.

| run | wall time | peak memory |
|---|---|---|
${bigResults.map((r) => `| ${r.label} | ${(r.wallMs / 1000).toFixed(2)} s | ${r.rssMb.toFixed(0)} MB |`).join('\n')}
`;
writeFileSync(join(root, 'bench/results/analyzer.md'), markdown + bigMarkdown);
console.log(bigMarkdown);
