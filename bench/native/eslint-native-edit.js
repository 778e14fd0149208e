// What an editor waits for when ESLint lints a file with awaitwise's rules, with the types from typescript-eslint's
// typed linting (TypeScript 6) or from the plugin's own TypeScript 7 session: the first lint of a file (the project
// loaded) and each lint after an edit (a new comment line at the end: a text that differs from the last one linted).
//
// The typed side lints <project> as it is; the native side lints a copy of its tsconfig, package.json and sources in
// a temporary folder whose node_modules links <project>'s packages, with `typescript` linked to the repository's
// TypeScript 7.0.2 (`typescript-native`), so that the plugin finds a TypeScript 7 project. Both use
// typescript-eslint's parser (with `project` on the typed side only) and `configs.recommended`, in one process, edits
// alternating between the sides round by round. Medians of the edits' wall times.
//
//   node bench/native/eslint-native-edit.js <project> <file relative to it> [--rounds 7]
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  mkdirSync,
  realpathSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../../packages/eslint-plugin/dist/index.js';
import { nativePrograms } from '../../packages/eslint-plugin/dist/native-programs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '7' } },
});
const [projectArg, fileArg] = positionals;
if (projectArg === undefined || fileArg === undefined) {
  console.error(
    'Usage: node bench/native/eslint-native-edit.js <project> <file relative to it> [--rounds 7]',
  );
  process.exit(2);
}
const project = resolve(projectArg);
const rounds = Number(values.rounds);

// The TypeScript 7 copy of the project.
const copy = realpathSync(mkdtempSync(join(tmpdir(), 'awaitwise-eslint-edit-')));
for (const name of readdirSync(project)) {
  if (name === 'node_modules' || name.startsWith('.')) continue;
  if (name === 'package.json' || /^tsconfig.*\.json$/.test(name) || name === 'src') {
    cpSync(join(project, name), join(copy, name), { recursive: true });
  }
}
mkdirSync(join(copy, 'node_modules'));
for (const name of readdirSync(join(project, 'node_modules'))) {
  if (name === 'typescript' || name.startsWith('.')) continue;
  symlinkSync(realpathSync(join(project, 'node_modules', name)), join(copy, 'node_modules', name));
}
symlinkSync(
  realpathSync(join(root, 'node_modules/typescript-native')),
  join(copy, 'node_modules/typescript'),
);

const rules = plugin.configs.recommended.rules;
const sides = {
  'typed linting (TypeScript 6)': {
    dir: project,
    languageOptions: {
      parser: tsParser,
      parserOptions: {
        project: join(project, 'tsconfig.json'),
        tsconfigRootDir: project,
        disallowAutomaticSingleRunInference: true,
      },
    },
  },
  "plugin's TypeScript 7 session": { dir: copy, languageOptions: { parser: tsParser } },
};
const text = readFileSync(join(project, fileArg), 'utf8');
const lint = (side, source) => {
  const config = [
    { files: ['**/*.ts'], languageOptions: side.languageOptions, plugins: { awaitwise: plugin }, rules },
  ];
  const started = performance.now();
  const messages = side.linter.verify(source, config, { filename: join(side.dir, fileArg) });
  const ms = performance.now() - started;
  const fatal = messages.find((message) => message.fatal);
  if (fatal !== undefined) throw new Error(`${fatal.message} (${side.dir})`);
  return { ms, findings: messages.map((message) => `${message.ruleId}@${message.line}:${message.column}`) };
};

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
try {
  const edits = {};
  for (const [name, side] of Object.entries(sides)) {
    side.linter = new Linter({ configType: 'flat', cwd: side.dir });
    const first = lint(side, text);
    console.log(
      `${name}: first lint ${first.ms.toFixed(0)} ms, findings ${first.findings.join(' ') || 'none'}`,
    );
    edits[name] = [];
  }
  const names = Object.keys(sides);
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      edits[name].push(lint(sides[name], `${text}\n// edit ${round}\n`).ms);
    }
  }
  for (const [name, list] of Object.entries(edits)) {
    console.log(
      `${name}: lint after an edit, median ${median(list).toFixed(0)} ms (${list.map((ms) => ms.toFixed(0)).join(', ')})`,
    );
  }
} finally {
  nativePrograms().closeAll();
  rmSync(copy, { recursive: true, force: true });
}
