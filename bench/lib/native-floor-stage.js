// One stage of what every `awaitwise check --engine native` run pays before its first rule runs, run as its own
// process by bench/analyzer.js so that its wall time and memory are measured like a tool's:
//
//   node bench/lib/native-floor-stage.js load    # Node starts and loads the CLI's modules (TypeScript 6 through the
//                                                 # CLI's code-cache preload, the analyzer, TypeScript 7's API)
//   node bench/lib/native-floor-stage.js open    # … and TypeScript 7 opens ./tsconfig.json in its Go process
//   node bench/lib/native-floor-stage.js parse   # … and TypeScript 6 parses every file the tsconfig names
//
// Each stage includes the ones before it. No type is asked and no rule runs: the difference between `parse` and a
// full check is what the rules and their type questions cost.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const stages = ['load', 'open', 'parse'];
const stage = process.argv[2] ?? '';
if (!stages.includes(stage)) {
  console.error(
    `Usage: node bench/lib/native-floor-stage.js ${stages.join('|')} (in a folder with tsconfig.json)`,
  );
  process.exit(2);
}
const analyzerDist = join(dirname(fileURLToPath(import.meta.url)), '../../packages/analyzer/dist');
const { preloadTypeScript } = await import(join(analyzerDist, 'preload.js'));
preloadTypeScript();
await import(join(analyzerDist, 'index.js'));
const { openNativeSession } = await import(join(analyzerDist, 'engine/native/session.js'));
const { default: ts } = await import(join(analyzerDist, 'typescript.cjs'));
if (stage === 'load') process.exit(0);

const configFile = resolve('tsconfig.json');
const session = openNativeSession({ cwd: process.cwd() });
const project = session.openProject({ configFile, rootNames: [], options: {} });
let report = `opened ${project.configFileName}`;
if (stage === 'parse') {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  let statements = 0;
  for (const fileName of parsed?.fileNames ?? []) {
    const file = ts.createSourceFile(fileName, readFileSync(fileName, 'utf8'), ts.ScriptTarget.Latest, true);
    statements += file.statements.length;
  }
  report += `; parsed ${parsed?.fileNames.length ?? 0} files, ${statements} top-level statements`;
}
session.close();
console.log(report);
