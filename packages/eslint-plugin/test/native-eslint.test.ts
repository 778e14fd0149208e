import {
  allRules,
  analyze,
  nativeExecutablePath,
  NativeRun,
  type AnalyzedFinding,
  type AnalyzeOptions,
  type AnalyzeResult,
  type NativeBatchInput,
  type NativeBatchProgram,
  type RuleSetting,
} from '@awaitwise/analyzer';
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { NativePrograms, replaceNativePrograms } from '../src/native-programs.js';
import { docsExamples } from './docs-examples.js';
import {
  tempProject,
  tempProjectForSuite,
  tempTypeScript7Project,
} from '../../../test/support/temp-project.js';

// ESLint on a TypeScript 7 project with no typed linting: typescript-eslint's parser parses (here it loads the
// repository's TypeScript 6 from its own folder), and the type-aware rules get their types from the plugin's own
// TypeScript 7 run. Each test file gets its own runs, closed at its end.
let programs: NativePrograms;
beforeAll(() => {
  programs = new NativePrograms();
  replaceNativePrograms(programs)?.closeAll();
});
afterAll(() => {
  programs.closeAll();
  replaceNativePrograms(undefined);
});

/** What a finding says, wherever it came from: the file, the rule, the span and the message. */
interface Seen {
  readonly file: string;
  readonly ruleId: string;
  readonly span: string;
  readonly message: string;
}

function byPlace(a: Seen, b: Seen): number {
  return a.file.localeCompare(b.file) || a.span.localeCompare(b.span) || a.ruleId.localeCompare(b.ruleId);
}

/** Every rule on, at its default severity, for the CLI: what `configs.strict` turns on in ESLint. */
const everyRule: Record<string, RuleSetting> = Object.fromEntries(
  allRules.map((rule) => [rule.meta.id, rule.meta.defaultSeverity]),
);

const lintedFiles = ['**/*.ts', '**/*.tsx', '**/*.js'];

/** ESLint's flat config for the project: typescript-eslint's parser without a project, and every awaitwise rule. */
function eslintConfig(): Linter.Config[] {
  return [
    {
      files: lintedFiles,
      languageOptions: { parser: tsParser },
      plugins: { awaitwise: plugin },
      rules: plugin.configs.strict.rules ?? {},
    },
  ];
}

function fromEslint(results: readonly ESLint.LintResult[], dir: string): Seen[] {
  return results.flatMap((result) =>
    result.messages.map((message) => ({
      file: result.filePath.slice(dir.length + 1),
      ruleId: message.ruleId?.replace(/^awaitwise\//, '') ?? `fatal: ${message.message}`,
      span: `${message.line}:${message.column}-${message.endLine ?? '?'}:${message.endColumn ?? '?'}`,
      message: message.message,
    })),
  );
}

function fromCli(findings: readonly AnalyzedFinding[]): Seen[] {
  return findings.map((finding) => ({
    file: finding.file,
    ruleId: finding.ruleId,
    span: `${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn}`,
    message: finding.message,
  }));
}

/**
 * ESLint's findings on a project's `src` with `config`, and `awaitwise check --engine native`'s result on the same
 * folder (`analyze()` in this process, with `options`); ESLint's findings sorted by place.
 */
async function lintAndCheck(
  dir: string,
  config: Linter.Config[],
  options: Pick<AnalyzeOptions, 'config'> = {},
): Promise<{ linted: Seen[]; checked: AnalyzeResult }> {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config });
  const linted = fromEslint(await eslint.lintFiles(['src']), dir).sort(byPlace);
  const checked = await analyze({ cwd: dir, paths: ['src'], engine: 'native', isolate: false, ...options });
  return { linted, checked };
}

describe('a TypeScript 7 project without typed linting', () => {
  // Every docs example that runs with the rules' default options, one file each: the rules' own fixtures.
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        jsx: 'react-jsx',
        lib: ['ES2023', 'DOM', 'ESNext.Disposable'],
        types: ['node'],
      },
      include: ['src'],
    }),
  };
  for (const rule of allRules) {
    docsExamples(rule.meta.id)
      .filter((example) => Object.keys(example.options).length === 0)
      .forEach((example, index) => {
        files[`src/${rule.meta.id}-${index}.${example.language}`] = example.code;
      });
  }
  const project = tempProjectForSuite(() => tempTypeScript7Project(files, true));

  it('gets the findings of awaitwise check --engine native on the same files, type-aware ones included', async () => {
    const { linted, checked } = await lintAndCheck(project.dir, eslintConfig(), {
      config: { rules: { ...everyRule, 'unused-suppression': 'off', 'invalid-suppression': 'off' } },
    });
    expect(checked.fileErrors).toEqual([]);
    expect(linted).toEqual(fromCli(checked.findings).sort(byPlace));
    // Most of them need types: the run answered them.
    const typeAware = new Set<string>(
      allRules.filter((rule) => rule.meta.requiresTypes).map((rule) => rule.meta.id),
    );
    expect(linted.filter((seen) => typeAware.has(seen.ruleId)).length).toBeGreaterThan(50);
  });
});

describe('a TypeScript 7 project with a tsconfig TypeScript 7 no longer accepts as it is', () => {
  // `moduleResolution: node` and `baseUrl` (removed in TypeScript 7): the import of `lib/receipts` resolves only
  // through `baseUrl`, and the finding needs its type. ESLint reads the tsconfig as the CLI does.
  const files = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        moduleResolution: 'node',
        baseUrl: 'src',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['src'],
    }),
    'src/lib/receipts.ts': [
      'export async function sendReceipt(orderId: string): Promise<void> {',
      "  await fetch('https://mail.example.com', { method: 'POST', body: orderId });",
      '}',
      '',
    ].join('\n'),
    'src/checkout.ts': [
      "import { sendReceipt } from 'lib/receipts';",
      '',
      'export function checkout(orderId: string): void {',
      '  sendReceipt(orderId);',
      '}',
      '',
    ].join('\n'),
  };
  const project = tempProjectForSuite(() => tempTypeScript7Project(files));

  it('gets the findings of awaitwise check --engine native', async () => {
    const { linted, checked } = await lintAndCheck(project.dir, eslintConfig(), {
      config: { rules: everyRule },
    });
    expect(checked.notes.map((note) => note.message)).toEqual([expect.stringMatching(/baseUrl/)]);
    expect(linted).toEqual(fromCli(checked.findings).sort(byPlace));
    expect(linted).toContainEqual(
      expect.objectContaining({ file: 'src/checkout.ts', ruleId: 'floating-promise', span: '4:3-4:23' }),
    );
  });
});

describe('a JavaScript project with no TypeScript and no tsconfig', () => {
  // ESLint's own parser, no typescript in the project: the plugin checks the file in an inferred TypeScript 7 project,
  // as awaitwise check does.
  const files = {
    'package.json': JSON.stringify({ name: 'js-app', private: true, type: 'module' }),
    'src/app.js': [
      'async function save(order) {',
      "  await fetch('https://orders.example.com', { method: 'POST', body: JSON.stringify(order) });",
      '}',
      '',
      'export function checkout(order) {',
      '  save(order);',
      '}',
      '',
    ].join('\n'),
  };
  const project = tempProjectForSuite(() => tempProject(files));

  it('gets the type-aware findings of awaitwise check --engine native', async () => {
    const { linted, checked } = await lintAndCheck(project.dir, [plugin.configs.recommended]);
    expect(linted).toEqual(fromCli(checked.findings).sort(byPlace));
    expect(linted).toEqual([
      expect.objectContaining({ file: 'src/app.js', ruleId: 'floating-promise', span: '6:3-6:14' }),
    ]);
  });
});

describe('the text ESLint lints', () => {
  const onDisk = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
      },
      include: ['src'],
    }),
    'src/receipts.ts': 'export function sendReceipt(orderId: string): void {\n  console.log(orderId);\n}\n',
    'src/checkout.ts': [
      "import { sendReceipt } from './receipts.js';",
      '',
      'export function checkout(orderId: string): void {',
      '  sendReceipt(orderId);',
      '}',
      '',
    ].join('\n'),
  };
  const asyncReceipts = [
    'export async function sendReceipt(orderId: string): Promise<void> {',
    "  await fetch('https://mail.example.com', { method: 'POST', body: orderId });",
    '}',
    '',
  ].join('\n');
  const project = tempProjectForSuite(() => tempTypeScript7Project(onDisk));
  const config = (): Linter.Config[] => [
    {
      files: lintedFiles,
      languageOptions: { parser: tsParser },
      plugins: { awaitwise: plugin },
      rules: { 'awaitwise/floating-promise': 'error' },
    },
  ];
  const lint = async (name: string, text: string): Promise<Seen[]> => {
    const eslint = new ESLint({ cwd: project.dir, overrideConfigFile: true, overrideConfig: config() });
    return fromEslint(await eslint.lintText(text, { filePath: join(project.dir, name) }), project.dir);
  };

  it('is what is analyzed, not the file on disk (an editor’s unsaved text)', async () => {
    const checked = await analyze({ cwd: project.dir, paths: ['src'], engine: 'native', isolate: false });
    expect(checked.findings.filter((finding) => finding.ruleId === 'floating-promise')).toEqual([]);
    expect(await lint('src/checkout.ts', onDisk['src/checkout.ts'])).toEqual([]);

    const unsaved = onDisk['src/checkout.ts'].replace(
      "import { sendReceipt } from './receipts.js';",
      'declare function sendReceipt(orderId: string): Promise<void>;',
    );
    expect(await lint('src/checkout.ts', unsaved)).toEqual([
      expect.objectContaining({ file: 'src/checkout.ts', ruleId: 'floating-promise', span: '4:3-4:23' }),
    ]);
    expect(await lint('src/checkout.ts', onDisk['src/checkout.ts'])).toEqual([]);
  });

  it('of another file counts for the files linted after it, as in an editor with both open', async () => {
    expect(await lint('src/receipts.ts', asyncReceipts)).toEqual([]);
    expect(await lint('src/checkout.ts', onDisk['src/checkout.ts'])).toEqual([
      expect.objectContaining({ file: 'src/checkout.ts', ruleId: 'floating-promise', span: '4:3-4:23' }),
    ]);
    // The edit undone: back to the disk's synchronous sendReceipt.
    expect(await lint('src/receipts.ts', onDisk['src/receipts.ts'])).toEqual([]);
    expect(await lint('src/checkout.ts', onDisk['src/checkout.ts'])).toEqual([]);
  });
});

describe('a TypeScript 7 project where TypeScript 7 cannot start', () => {
  // The real executable lookup, for a platform TypeScript 7 ships no executable for.
  class UnsupportedPlatformRun extends NativeRun {
    override open(input: NativeBatchInput): NativeBatchProgram {
      nativeExecutablePath('aix', 'ppc64');
      return super.open(input);
    }
  }
  const code = [
    'declare function sendReceipt(orderId: string): Promise<void>;',
    'export function checkout(orderId: string): void {',
    '  sendReceipt(orderId);',
    '}',
    'export const ready = new Promise(async (resolve) => {',
    '  resolve(await Promise.resolve(1));',
    '});',
    '',
  ].join('\n');
  const project = tempProjectForSuite(() => tempTypeScript7Project({ 'src/checkout.ts': code }));
  let previous: NativePrograms | undefined;
  beforeAll(() => {
    previous = replaceNativePrograms(new NativePrograms((cwd) => new UnsupportedPlatformRun(cwd)));
  });
  afterAll(() => {
    replaceNativePrograms(previous)?.closeAll();
  });
  const lint = async (rule: string): Promise<ESLint.LintResult[]> => {
    const config: Linter.Config = {
      files: lintedFiles,
      languageOptions: { parser: tsParser },
      plugins: { awaitwise: plugin },
      rules: { [`awaitwise/${rule}`]: 'error' },
    };
    const eslint = new ESLint({ cwd: project.dir, overrideConfigFile: true, overrideConfig: [config] });
    return eslint.lintFiles(['src']);
  };

  it('stops a type-aware rule with what failed and what to do', async () => {
    await expect(lint('floating-promise')).rejects.toThrow(
      /^awaitwise\/floating-promise needs type information\. Since this project's `typescript` is 7\.0\.2, typescript-eslint cannot give it, and the plugin's own TypeScript 7 session failed: TypeScript 7's executable for this platform is missing: install @typescript\/typescript-aix-ppc64@7\.0\.2/,
    );
  });

  it('still runs the rules that need no types, each file alone', async () => {
    const [result] = await lint('async-promise-executor');
    expect(result?.messages.map((message) => [message.ruleId, message.line])).toEqual([
      ['awaitwise/async-promise-executor', 5],
    ]);
  });
});

describe('the end of an ESLint process', () => {
  const built = (name: string): string =>
    pathToFileURL(join(import.meta.dirname, '..', 'dist', `${name}.js`)).href;
  const project = tempProjectForSuite(() =>
    tempTypeScript7Project({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, include: ['src'] }),
      'src/a.ts': 'declare function load(): Promise<number>;\nexport function run() {\n  load();\n}\n',
    }),
  );

  it('closes the TypeScript 7 sessions: the process ends by itself, and quietly', () => {
    // A process that lints as ESLint's command line does and lets Node end it (no process.exit): the plugin's
    // beforeExit listener, added first, closes the sessions; the script's own listener runs after it.
    const script = [
      "import { readFileSync } from 'node:fs';",
      "import { Linter } from 'eslint';",
      "import tsParser from '@typescript-eslint/parser';",
      `import plugin from '${built('index')}';`,
      `import { nativePrograms } from '${built('native-programs')}';`,
      `const file = ${JSON.stringify(join(project.dir, 'src/a.ts'))};`,
      `const linter = new Linter({ configType: 'flat', cwd: ${JSON.stringify(project.dir)} });`,
      "const rules = { 'awaitwise/floating-promise': 'error' };",
      "const config = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { awaitwise: plugin }, rules }];",
      "const messages = linter.verify(readFileSync(file, 'utf8'), config, { filename: file });",
      'console.log(JSON.stringify({ findings: messages.map((m) => m.ruleId), runs: nativePrograms().openRuns() }));',
      "process.once('beforeExit', () => console.log(JSON.stringify({ runsAtExit: nativePrograms().openRuns() })));",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    expect(
      child.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([{ findings: ['awaitwise/floating-promise'], runs: 1 }, { runsAtExit: 0 }]);
    expect(child.status).toBe(0);
  });
});
