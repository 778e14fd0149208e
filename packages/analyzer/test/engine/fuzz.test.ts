import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import {
  allRules,
  analyze,
  applyFixes,
  applySuppressions,
  engineCheckIds,
  runRulesOnFile,
} from '../../src/index.js';
import { tempProject } from '../../../../test/support/temp-project.js';

// Libraries are parsed once for every fuzzed program.
const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  allowJs: true,
  jsx: ts.JsxEmit.Preserve,
  types: [],
};
const baseHost = ts.createCompilerHost(options, true);
const libCache = new Map<string, ts.SourceFile | undefined>();

function programFor(name: string, text: string): ts.Program {
  const host: ts.CompilerHost = {
    ...baseHost,
    fileExists: (path) => path === name || baseHost.fileExists(path),
    readFile: (path) => (path === name ? text : baseHost.readFile(path)),
    getSourceFile: (path, languageVersion) => {
      if (path === name) return ts.createSourceFile(path, text, languageVersion, true);
      if (!libCache.has(path)) libCache.set(path, baseHost.getSourceFile(path, languageVersion));
      return libCache.get(path);
    },
  };
  return ts.createProgram({ rootNames: [name], options, host });
}

const ruleErrors: string[] = [];
const active = allRules.map((rule) => ({
  rule,
  severity: rule.meta.defaultSeverity,
  options: rule.defaultOptions,
}));
const knownIds = new Set<string>([...allRules.map((r) => r.meta.id), ...engineCheckIds]);

/** Everything the engine does to one file; must never throw. */
function checkSource(name: string, text: string): void {
  const program = programFor(name, text);
  const sourceFile = program.getSourceFile(name);
  if (sourceFile === undefined) throw new Error('lost the file');
  const findings = runRulesOnFile({
    program,
    sourceFile,
    rules: active,
    onRuleError: (rule, error) => {
      ruleErrors.push(`${rule.meta.id}: ${error instanceof Error ? error.message : String(error)}\n${text}`);
    },
  });
  const reported = applySuppressions({
    sourceFile,
    findings,
    knownIds,
    activeIds: knownIds,
    engineChecks: { 'unused-suppression': 'warning', 'invalid-suppression': 'warning' },
  });
  applyFixes(text, reported);
}

const tokens = [
  'async',
  'await',
  'function',
  'const',
  'let',
  'x',
  'p',
  'Promise',
  '.then(',
  '.catch(',
  'new',
  'return',
  'try',
  '{',
  '}',
  '(',
  ')',
  '=>',
  ';',
  ',',
  '=',
  'for',
  'of',
  'while',
  'if',
  'class',
  'constructor',
  'this',
  '.on(',
  'setTimeout',
  'Promise.all(',
  'Promise.race(',
  'Promise.allSettled(',
  'items',
  '.map(',
  '.forEach(',
  'resolve',
  'reject',
  '"str"',
  '`tpl ${',
  '}`',
  '/re/',
  '// awaitwise-ignore-next-line floating-promise\n',
  '/* c */',
  '\n',
  'expect(',
  ').rejects',
  'useEffect(',
  'vi.advanceTimersByTime(',
  'export',
  'import',
  'from',
  "'./x.js'",
  'catch',
  'finally',
  'yield',
  '*',
  '<',
  '>',
  '</div>',
  '<div>',
  '?',
  ':',
  '...',
  '[',
  ']',
  '1',
  '0',
  'null',
  'undefined',
];
const tokenSoup = fc.array(fc.constantFrom(...tokens), { maxLength: 60 }).map((parts) => parts.join(' '));

function realSources(): string[] {
  const roots = [
    join(import.meta.dirname, '../../../../examples/shop-api/src'),
    join(import.meta.dirname, '../../src'),
  ];
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(entry.name)) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const root of roots) walk(root);
  return texts;
}

describe('the engine never crashes on bad input', () => {
  afterAll(() => {
    // Rule crashes are contained by the engine (reported as file errors); list any so the rule can be fixed.
    if (ruleErrors.length > 0)
      console.warn(`rules threw on fuzzed input:\n${ruleErrors.slice(0, 5).join('\n---\n')}`);
  });

  it('survives random token soup', { timeout: 180_000 }, () => {
    fc.assert(
      fc.property(tokenSoup, fc.constantFrom('a.ts', 'a.tsx', 'a.js'), (text, name) => {
        checkSource(`/fuzz/${name}`, text);
      }),
      { numRuns: 60 },
    );
  });

  it('survives truncated and sliced real files', { timeout: 180_000 }, () => {
    const sources = realSources();
    expect(sources.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.nat(), fc.nat(), (text, a, b) => {
        const from = Math.min(a, b) % (text.length + 1);
        const to = from + (Math.max(a, b) % (text.length - from + 1));
        checkSource('/fuzz/slice.tsx', text.slice(from, to));
        checkSource('/fuzz/head.ts', text.slice(0, to));
      }),
      { numRuns: 40 },
    );
  });

  it(
    'analyze() reports broken files and checks the rest, whatever they hold',
    { timeout: 180_000 },
    async () => {
      const samples = fc.sample(tokenSoup, { numRuns: 25, seed: 42 });
      const files: Record<string, string> = {
        'src/good.ts': 'export const p = new Promise(async () => {});\n',
      };
      samples.forEach((text, i) => (files[`src/fuzz${i}.ts`] = text));
      const made = tempProject(files);
      try {
        const result = await analyze({ cwd: made.dir });
        expect(result.stats.files).toBe(samples.length + 1);
        expect(result.fileErrors.some((e) => e.file.endsWith('good.ts'))).toBe(false);
        for (const error of result.fileErrors) expect(['parse', 'rule']).toContain(error.kind);
      } finally {
        made.cleanup();
      }
    },
  );

  it('contained every rule crash (no rule threw on fuzzed input)', () => {
    expect(ruleErrors.map((error) => error.split('\n')[0])).toEqual([]);
  });
});
