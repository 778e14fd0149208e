// What the native engine's checker facade costs in requests to TypeScript 7, and whether its findings equal the
// TypeScript 6 engine's: runs every rule (default severities) over a tsconfig's source files in this process, once on
// a TypeScript 6 program and once on the native facade, and prints the findings only one engine gives, the facade's
// round trips by TypeScript 7 API method (with the time spent in each) and its counters (questions, answered locally,
// prefetched files and nodes, unmapped declarations). Counts, not speed: wall times here are one run each, for
// orientation; compare speed with bench/native/native-workers.js (alternating rounds, medians).
//
//   npx tsc -b && node bench/native/native-facade.js <folder with tsconfig.json> [--engine both|native|ts6]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { allRules, runRulesOnFile } from '../../packages/analyzer/dist/index.js';
import { createAnalysisProgram } from '../../packages/analyzer/dist/engine/program.js';
import { nativeCheckerStats } from '../../packages/analyzer/dist/engine/native/checker.js';
import { createNativeProgram } from '../../packages/analyzer/dist/engine/native/program.js';
import { openNativeSession } from '../../packages/analyzer/dist/engine/native/session.js';

const ts = createRequire(import.meta.url)('typescript');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { engine: { type: 'string', default: 'both' } },
});
const folder = positionals[0];
if (folder === undefined || !['both', 'native', 'ts6'].includes(values.engine)) {
  console.error(
    'Usage: node bench/native/native-facade.js <folder with tsconfig.json> [--engine both|native|ts6]',
  );
  process.exit(2);
}
const dir = resolve(folder);
const config = ts.getParsedCommandLineOfConfigFile(
  join(dir, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  },
);
const files = config.fileNames.filter((name) => /\.[cm]?[tj]sx?$/.test(name) && !/\.d\.[^.]*ts$/.test(name));
const texts = new Map(files.map((name) => [name, readFileSync(name, 'utf8')]));
const rules = allRules
  .filter((rule) => rule.meta.defaultSeverity !== 'off')
  .map((rule) => ({
    rule,
    severity: rule.meta.defaultSeverity,
    options: rule.validateOptions ? rule.validateOptions({}) : { ...rule.defaultOptions },
  }));

function run(program) {
  const findings = [];
  const errors = [];
  for (const name of files) {
    const sourceFile = program.getSourceFile(name);
    const found = runRulesOnFile({
      program,
      sourceFile,
      rules,
      onRuleError: (rule, error) => errors.push(`${rule.meta.id} ${name}: ${error?.stack ?? error}`),
    });
    for (const f of found)
      findings.push(`${name.slice(dir.length + 1)}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
  }
  return { findings, errors };
}

let ts6Run;
let nativeRun;
if (values.engine !== 'native') {
  const start = performance.now();
  ts6Run = run(createAnalysisProgram({ rootNames: files, options: config.options, texts }));
  const ms = performance.now() - start;
  console.log(
    `ts6: ${files.length} files, ${ts6Run.findings.length} findings, ${ts6Run.errors.length} rule errors, ${ms.toFixed(0)} ms`,
  );
}
if (values.engine !== 'ts6') {
  const start = performance.now();
  const session = openNativeSession({ cwd: dir, texts });
  try {
    const project = session.openProject({ configFile: undefined, rootNames: files, options: config.options });
    const program = createNativeProgram(project, { rootNames: files, options: config.options, texts });
    nativeRun = run(program);
    const ms = performance.now() - start;
    console.log(
      `native: ${files.length} files, ${nativeRun.findings.length} findings, ${nativeRun.errors.length} rule errors, ${ms.toFixed(0)} ms, ${session.roundTrips()} round trips`,
    );
    const times = session.requestTimeByMethod();
    const byMethod = [...session.roundTripsByMethod()].sort((a, b) => b[1] - a[1]);
    console.log('| method | requests | ms |\n|---|---:|---:|');
    for (const [method, count] of byMethod)
      console.log(`| ${method} | ${count} | ${(times.get(method) ?? 0).toFixed(0)} |`);
    console.log(JSON.stringify(nativeCheckerStats(program.getTypeChecker())));
    for (const error of nativeRun.errors.slice(0, 5)) console.log(`rule error: ${error.slice(0, 400)}`);
  } finally {
    session.close();
  }
}
if (ts6Run !== undefined && nativeRun !== undefined) {
  const ts6Set = new Set(ts6Run.findings);
  const nativeSet = new Set(nativeRun.findings);
  const onlyTs6 = ts6Run.findings.filter((f) => !nativeSet.has(f));
  const onlyNative = nativeRun.findings.filter((f) => !ts6Set.has(f));
  for (const f of onlyTs6) console.log(`only ts6: ${f}`);
  for (const f of onlyNative) console.log(`only native: ${f}`);
  console.log(onlyTs6.length + onlyNative.length === 0 ? 'same findings' : 'findings differ');
  process.exitCode = onlyTs6.length + onlyNative.length === 0 ? 0 : 1;
}
