// Scores awaitwise and ESLint + typescript-eslint on the real-bug corpus (bench/real-bugs/cases): each case is the
// code just before a public fix commit (a positive: the bug must be found on or near the lines the fix touched) and
// the fixed code (a negative: a finding of the case's pitfall there is a false alarm). Cases are split by project
// into a "tune" half and a "held-back" half (a hash of `owner/repo`); the report gives both apart and together.
// Writes bench/results/real-bugs.md.
//
//   node bench/real-bugs/score.js                 # score every case, write the results page
//   node bench/real-bugs/score.js --list          # also print each case of the tune half: found / missed / false alarm
//   node bench/real-bugs/score.js --only timer    # only cases whose id contains one of the words (no results page)
//   node bench/real-bugs/score.js --no-eslint     # awaitwise only (no results page)
//   node bench/real-bugs/score.js --json out.json # also write every case's raw findings to a file
//   node bench/real-bugs/score.js --keep          # keep the generated projects (their folder is printed)
//   node bench/real-bugs/score.js --strict        # every rule that has a `strict` option runs with it (no results page)
//   node bench/real-bugs/score.js --engine ts6    # awaitwise on another engine than its default (the page names the engine)
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { eslintAsyncRules } from '../lib/eslint-async-rules.js';
import { caseProblems, eslintPitfalls, halfOf, judge, lineSlack, tally } from './scoring.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const casesDir = join(here, 'cases');

const { values: flags } = parseArgs({
  options: {
    list: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true, default: [] },
    'no-eslint': { type: 'boolean', default: false },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
    strict: { type: 'boolean', default: false },
    engine: { type: 'string' },
  },
});
if (flags.engine !== undefined && flags.engine !== 'ts6' && flags.engine !== 'native') {
  console.error(`bench/real-bugs/score.js: expected --engine to be ts6 or native, got \`${flags.engine}\`.`);
  process.exit(2);
}
const partialRun = flags.only.length > 0 || flags['no-eslint'] || flags.strict;

const analyzerDist = join(root, 'packages/analyzer/dist/index.js');
const catalogDist = join(root, 'packages/catalog/dist/index.js');
if (!existsSync(analyzerDist) || !existsSync(catalogDist)) {
  console.error('bench/real-bugs/score.js: build first (npm run build).');
  process.exit(1);
}
const { analyze, allRules } = await import(pathToFileURL(analyzerDist).href);
const { isPitfallId } = await import(pathToFileURL(catalogDist).href);
const { default: ts } = await import(
  pathToFileURL(join(root, 'node_modules/typescript/lib/typescript.js')).href
);

/** Syntax errors of a case file (a case that does not parse measures nothing). */
function syntaxErrors(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  return source.parseDiagnostics.map((d) => {
    const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

// ---- The cases.

const caseFiles = ['case.json'];
const sides = ['before', 'after'];

/** The projects the hidden test sets come from: a case must never draw from them. */
function excludedProjects() {
  const candidates = [
    process.env.AWAITWISE_REAL_BUGS_EXCLUDED,
    join(root, '../shared/real-bugs-excluded.txt'),
    join(root, '../../shared/real-bugs-excluded.txt'),
  ];
  const file = candidates.find((path) => path !== undefined && existsSync(path));
  if (file === undefined) return undefined;
  return new Set(
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}

/** Reads and checks every case; a malformed case stops the run with the reason. */
function loadCases() {
  const problems = [];
  const cases = [];
  const excluded = excludedProjects();
  if (!existsSync(casesDir)) return { cases, excludedChecked: excluded !== undefined };
  for (const pitfall of readdirSync(casesDir).sort()) {
    const pitfallDir = join(casesDir, pitfall);
    if (!statSync(pitfallDir).isDirectory()) continue;
    if (!isPitfallId(pitfall)) problems.push(`${pitfall}: not a pitfall id of the catalog`);
    for (const slug of readdirSync(pitfallDir).sort()) {
      const dir = join(pitfallDir, slug);
      if (!statSync(dir).isDirectory()) continue;
      const id = `${pitfall}/${slug}`;
      const jsonFile = join(dir, 'case.json');
      if (!existsSync(jsonFile)) {
        problems.push(`${id}: no case.json`);
        continue;
      }
      let meta;
      try {
        meta = JSON.parse(readFileSync(jsonFile, 'utf8'));
      } catch (error) {
        problems.push(`${id}: case.json is not JSON (${error.message})`);
        continue;
      }
      const files = readdirSync(dir);
      const sideFile = (side) => files.find((name) => name.startsWith(`${side}.`));
      const before = sideFile('before');
      const after = sideFile('after');
      if (before === undefined || after === undefined) {
        problems.push(`${id}: needs a before.* and an after.* file`);
        continue;
      }
      const beforeLineCount = readFileSync(join(dir, before), 'utf8').split('\n').length;
      for (const problem of caseProblems(meta, { pitfall, beforeLineCount, excluded })) {
        problems.push(`${id}: ${problem}`);
      }
      for (const file of [before, after]) {
        for (const error of syntaxErrors(join(dir, file))) problems.push(`${id}/${file}:${error}`);
      }
      const extras = files.filter((name) => !caseFiles.includes(name) && name !== before && name !== after);
      cases.push({
        id,
        dir,
        pitfall,
        project: meta.project,
        lines: meta.lines,
        checkJs: meta.checkJs === true,
        files: { before, after },
        extras,
        half: halfOf(meta.project),
      });
    }
  }
  if (problems.length > 0) {
    console.error(`bench/real-bugs: ${problems.length} malformed case(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  return { cases, excludedChecked: excluded !== undefined };
}

// ---- One small project per case and side, in a temporary folder.

function compilerOptions(checkJs) {
  return {
    strict: true,
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['es2023', 'dom', 'dom.iterable', 'esnext.disposable'],
    types: ['node'],
    jsx: 'react-jsx',
    allowJs: true,
    checkJs,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
  };
}

/** Writes the projects; returns the folder and, per case, the absolute path of its before and after file. */
function buildWorkspace(cases) {
  const work = mkdtempSync(join(tmpdir(), 'awaitwise-real-bugs-'));
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'), 'dir');
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'real-bugs-work', private: true }));
  writeFileSync(
    join(work, 'eslint.config.mjs'),
    `import tseslint from 'typescript-eslint';
export default [
  {
    files: ['cases/**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: ${JSON.stringify({ ...eslintAsyncRules, 'require-atomic-updates': 'error' })},
  },
];
`,
  );
  const paths = new Map();
  for (const item of cases) {
    const sidePaths = {};
    for (const side of sides) {
      const dir = join(work, 'cases', item.id, side);
      mkdirSync(dir, { recursive: true });
      const file = item.files[side];
      copyFileSync(join(item.dir, file), join(dir, file));
      for (const extra of item.extras) copyFileSync(join(item.dir, extra), join(dir, extra));
      if (!item.extras.includes('tsconfig.json')) {
        writeFileSync(
          join(dir, 'tsconfig.json'),
          JSON.stringify({ compilerOptions: compilerOptions(item.checkJs), include: ['**/*'] }, null, 2),
        );
      }
      if (!item.extras.includes('package.json')) {
        // CommonJS where the file is (module.exports / require without import), ESM otherwise.
        const text = readFileSync(join(item.dir, file), 'utf8');
        const commonJs =
          file.endsWith('.cjs') ||
          (/\.jsx?$/.test(file) && /\bmodule\.exports\b|\brequire\(/.test(text) && !/^import\s/m.test(text));
        const type = commonJs ? 'commonjs' : 'module';
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type }));
      }
      sidePaths[side] = join(dir, file);
    }
    paths.set(item.id, sidePaths);
  }
  return { work, paths };
}

// ---- The tools.

/**
 * awaitwise with its default config (every recommended rule at its default severity) and its default engine unless
 * `--engine` names one, one run over all cases; with
 * `--strict`, every rule whose options have a `strict` switch runs with it on (to weigh what strict mode would add).
 */
async function runAwaitwise(work) {
  const config = flags.strict ? { rules: strictRuleSettings() } : {};
  const result = await analyze({
    cwd: work,
    paths: [join(work, 'cases')],
    config,
    ...(flags.engine === undefined ? {} : { engine: flags.engine }),
  });
  for (const error of result.fileErrors) {
    console.error(
      `awaitwise could not check ${relative(work, error.absolutePath ?? '')}: ${error.message ?? ''}`,
    );
  }
  // `file` is relative to `cwd`; the cases are matched by absolute path. The engine is the analyzer's default unless
  // `--engine` named one: the results page says which answered.
  const findings = result.findings.map((f) => ({
    file: f.absolutePath,
    line: f.line,
    rule: f.ruleId,
    pitfalls: [f.ruleId],
  }));
  return { findings, engine: result.stats.engine };
}

/** Rule settings that turn on the `strict` option of every rule that has one. */
function strictRuleSettings() {
  const settings = {};
  for (const rule of allRules) {
    if (
      rule.defaultOptions !== null &&
      typeof rule.defaultOptions === 'object' &&
      'strict' in rule.defaultOptions
    ) {
      settings[rule.meta.id] = { options: { strict: true } };
    }
  }
  return settings;
}

/** ESLint + typescript-eslint's async rules (the set bench/analyzer.js runs, plus require-atomic-updates). */
async function runEslint(work) {
  const { ESLint } = await import(pathToFileURL(join(root, 'node_modules/eslint/lib/api.js')).href);
  const eslint = new ESLint({ cwd: work, overrideConfigFile: join(work, 'eslint.config.mjs') });
  const results = await eslint.lintFiles(['cases']);
  const findings = [];
  for (const file of results) {
    for (const message of file.messages) {
      if (message.ruleId === null) {
        console.error(`ESLint could not check ${relative(work, file.filePath)}: ${message.message}`);
        continue;
      }
      findings.push({
        file: file.filePath,
        line: message.line,
        rule: message.ruleId,
        pitfalls: eslintPitfalls[message.ruleId] ?? [],
      });
    }
  }
  return findings;
}

// ---- Scoring.

const ratio = (a, b) => (b === 0 ? '–' : (a / b).toFixed(2));

function tableFor(results, label) {
  const pitfalls = [...new Set(results.map((r) => r.pitfall))].sort();
  const rows = [];
  const line = (name, subset) => {
    const aw = tally(subset.map((r) => r.awaitwise));
    const es = tally(subset.map((r) => r.eslint ?? { found: false, falseAlarms: [] }));
    const projects = new Set(subset.map((r) => r.project)).size;
    rows.push(
      `| ${name} | ${aw.cases} | ${projects} | ${aw.tp} | ${aw.fn} | ${aw.fp} | ${ratio(aw.tp, aw.tp + aw.fp)} | ${ratio(aw.tp, aw.cases)} | ${es.tp} | ${es.fn} | ${es.fp} | ${ratio(es.tp, es.tp + es.fp)} | ${ratio(es.tp, es.cases)} |`,
    );
  };
  for (const pitfall of pitfalls) {
    line(
      `\`${pitfall}\``,
      results.filter((r) => r.pitfall === pitfall),
    );
  }
  line('**all**', results);
  return `### ${label}

| pitfall | cases | projects | awaitwise TP | FN | FP | precision | recall | ESLint TP | FN | FP | precision | recall |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`;
}

function otherPitfallsTable(results) {
  const counts = new Map();
  for (const r of results) {
    for (const [tool, verdict] of [
      ['awaitwise', r.awaitwise],
      ['ESLint', r.eslint],
    ]) {
      if (verdict === undefined) continue;
      for (const rule of verdict.otherAfter) {
        const key = `${tool}\t${rule}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  const rows = [...counts.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([key, count]) => {
      const [tool, rule] = key.split('\t');
      return `| ${tool} | \`${rule}\` | ${count} |`;
    });
  return rows.length === 0 ? '(none)\n' : `| tool | rule | findings |\n|---|---|---|\n${rows.join('\n')}\n`;
}

function describe(verdict) {
  if (verdict === undefined) return 'not run';
  const parts = [verdict.found ? `found (line ${verdict.hitLines.join(', ')})` : 'missed'];
  if (verdict.beforeElsewhere.length > 0)
    parts.push(`also at ${verdict.beforeElsewhere.join(', ')} in before`);
  if (verdict.falseAlarms.length > 0)
    parts.push(`false alarm in after (line ${verdict.falseAlarms.join(', ')})`);
  return parts.join('; ');
}

// ---- Main.

const { cases: allCases, excludedChecked } = loadCases();
const cases =
  flags.only.length === 0 ? allCases : allCases.filter((c) => flags.only.some((word) => c.id.includes(word)));
if (cases.length === 0) {
  console.error('bench/real-bugs: no case to score.');
  process.exit(1);
}
if (!excludedChecked) {
  console.warn(
    'bench/real-bugs: the excluded-projects list (../shared/real-bugs-excluded.txt or $AWAITWISE_REAL_BUGS_EXCLUDED) was not found; projects not checked against it.',
  );
}
const { work, paths } = buildWorkspace(cases);
const started = performance.now();
const { findings: awaitwiseFindings, engine: awaitwiseEngine } = await runAwaitwise(work);
const awaitwiseMs = performance.now() - started;
let eslintFindings;
let eslintMs = 0;
if (!flags['no-eslint']) {
  const eslintStarted = performance.now();
  eslintFindings = await runEslint(work);
  eslintMs = performance.now() - eslintStarted;
}

const results = cases.map((item) => ({
  id: item.id,
  pitfall: item.pitfall,
  project: item.project,
  half: item.half,
  awaitwise: judge(item, paths.get(item.id), awaitwiseFindings),
  eslint: eslintFindings === undefined ? undefined : judge(item, paths.get(item.id), eslintFindings),
}));

if (flags.list) {
  console.log('Tune half, per case (the held-back half is not listed):');
  for (const r of results.filter((r) => r.half === 'tune')) {
    console.log(
      `${r.id} (${r.project})\n  awaitwise: ${describe(r.awaitwise)}\n  ESLint:    ${describe(r.eslint)}`,
    );
  }
  console.log('');
}
if (flags.json !== undefined) {
  writeFileSync(
    flags.json,
    JSON.stringify(
      results.filter((r) => r.half === 'tune'),
      null,
      1,
    ),
  );
}

/** The projects of some results, with their number of cases. */
function projectList(subset) {
  const counts = new Map();
  for (const r of subset) counts.set(r.project, (counts.get(r.project) ?? 0) + 1);
  return (
    [...counts.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([project, count]) => `${project} (${count})`)
      .join(', ') || '(none)'
  );
}

const tune = results.filter((r) => r.half === 'tune');
const heldBack = results.filter((r) => r.half === 'held-back');
const projects = new Set(results.map((r) => r.project));
const markdown = `## Real bugs: awaitwise and ESLint + typescript-eslint on public fix commits

${results.length} cases from ${projects.size} public projects (\`bench/real-bugs/cases\`, described in
[bench/real-bugs/README.md](../real-bugs/README.md)): each is the code just before a public bug-fix commit, rewritten
in our own code with the bug's shape kept, and the fixed code. A tool **finds** a case when it reports the case's
pitfall in \`before.*\` within ${lineSlack} lines of a line the fix touched (TP; else FN), and raises a **false alarm**
(FP) when it reports the case's pitfall anywhere in \`after.*\`. Precision = TP / (TP + FP), recall = TP / cases.
awaitwise runs with its default config; ESLint runs typescript-eslint's \`no-floating-promises\`,
\`no-misused-promises\`, \`await-thenable\`, \`return-await\` (\`in-try-catch\`) and core \`no-await-in-loop\`,
\`no-async-promise-executor\`, \`require-atomic-updates\`, each counted for the pitfalls it covers (a pitfall no rule
covers scores 0 for ESLint). The cases are split by project (a hash of \`owner/repo\`): the rules are tuned on the
first half only (${tune.length} cases, ${new Set(tune.map((r) => r.project)).size} projects), the held-back half
(${heldBack.length} cases, ${new Set(heldBack.map((r) => r.project)).size} projects) is read only as figures.
Run: awaitwise (\`${awaitwiseEngine}\` engine) ${(awaitwiseMs / 1000).toFixed(1)} s, ESLint ${(eslintMs / 1000).toFixed(1)} s for all cases.

${tableFor(heldBack, 'Held-back half')}
${tableFor(tune, 'Tune half')}
${tableFor(results, 'All cases')}
Projects of the tune half: ${projectList(tune)}.

Projects of the held-back half: ${projectList(heldBack)}.

Findings of other pitfalls in the fixed code (\`after.*\`), reported apart and not scored:

${otherPitfallsTable(results)}`;

console.log(markdown);
if (partialRun) {
  console.log('(partial run: bench/results/real-bugs.md not written)');
} else {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/real-bugs.md'), markdown);
  console.log('wrote bench/results/real-bugs.md');
}
if (flags.keep) console.log(`generated projects kept in ${work}`);
else rmSync(work, { recursive: true, force: true });
