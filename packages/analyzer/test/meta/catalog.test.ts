import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { getPitfall, isPitfallId } from '@awaitwise/catalog';
import { allRules, resolveConfig } from '../../src/index.js';
import { analyzeFiles } from '../../src/testing.js';
import { readDocsExamples } from './docs-examples.js';

const repoRoot = join(import.meta.dirname, '../../../..');
const rulesDir = join(import.meta.dirname, '../../src/rules');
const docsDir = join(repoRoot, 'docs/pitfalls');

describe('the rule registry', () => {
  it('holds each rule once, and every rule file is registered', () => {
    const ids = allRules.map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    // A rule is a file `<id>.ts` or a folder `<id>/` (with an index.ts) when it holds several ideas.
    const files = readdirSync(rulesDir, { withFileTypes: true })
      .filter((entry) =>
        entry.isFile() ? entry.name.endsWith('.ts') && entry.name !== 'index.ts' : entry.isDirectory(),
      )
      .map((entry) => entry.name.replace(/\.ts$/, ''));
    // A rule file not in the registry is dead code (or a rule still being written: register it when it is ready).
    const unregistered = files.filter((name) => !ids.includes(name as (typeof ids)[number]));
    expect(unregistered.filter((name) => !isPitfallId(name))).toEqual([]);
  });
});

for (const rule of allRules) {
  const id = rule.meta.id;
  describe(`rule ${id}`, () => {
    it('has a catalog id equal to its file (or folder) name, exported as the file’s default', async () => {
      expect(isPitfallId(id)).toBe(true);
      const file = [join(rulesDir, `${id}.ts`), join(rulesDir, id, 'index.ts')].find((path) =>
        existsSync(path),
      );
      expect(file, `src/rules/${id}.ts or src/rules/${id}/index.ts`).toBeDefined();
      const url = pathToFileURL(file ?? '').href;
      const module = (await import(/* @vite-ignore */ url)) as { default: unknown };
      expect(module.default).toBe(rule);
    });

    it('has a docs page titled with the catalog title, in the documented section order', () => {
      const page = join(docsDir, `${id}.md`);
      expect(existsSync(page), `docs/pitfalls/${id}.md is missing`).toBe(true);
      const text = readFileSync(page, 'utf8');
      expect(text.split('\n')[0]).toBe(`# ${id}: ${getPitfall(id).title}`);
      const headings = text
        .split('\n')
        .filter((line) => line.startsWith('## '))
        .map((line) => line.slice(3).replace(/^([❌✅]).*$/u, '$1'));
      const order = [
        'Why it breaks',
        '❌',
        '✅',
        'Options',
        'When not to use it',
        'Related pitfalls',
        'Detected by',
      ];
      expect(headings.filter((h) => order.includes(h))).toEqual(order);
    });

    const page = join(docsDir, `${id}.md`);
    if (!existsSync(page)) return;
    const examples = readDocsExamples(page);
    const typeCalls = { count: 0 };

    it('has at least one ❌ and one ✅ example', () => {
      expect(examples.some((e) => e.flagged)).toBe(true);
      expect(examples.some((e) => !e.flagged)).toBe(true);
    });

    const reports: string[] = [];
    for (const [index, example] of examples.entries()) {
      const what = example.flagged ? 'flags' : 'does not flag';
      const withOptions =
        Object.keys(example.options).length > 0 ? ` with ${JSON.stringify(example.options)}` : '';
      it(`${what} the ${example.flagged ? '❌' : '✅'} example at docs line ${example.line}${withOptions}`, () => {
        const findings = analyzeFiles(
          rule,
          { [`file.${example.language}`]: example.code },
          { options: example.options, onTypeChecker: () => typeCalls.count++ },
        );
        const shown = findings.map((f) => `${f.line}:${f.column} ${f.ruleId}/${f.messageId}: ${f.message}`);
        if (example.flagged) expect(findings.length, example.code).toBeGreaterThan(0);
        else expect(shown, example.code).toEqual([]);
        reports.push(
          [
            `${example.flagged ? '❌' : '✅'} example ${index + 1}${withOptions}`,
            ...shown.map((l) => `  ${l}`),
          ].join('\n'),
        );
      });
    }

    it('reports on its ❌ examples what test/meta/docs-examples/<id>.txt pins (rule, line, column, message)', async () => {
      // Runs after the examples (vitest keeps declaration order). Examples are numbered in page order, so prose
      // edits do not touch the file. Update it with `npx vitest run -u` after reviewing a change.
      await expect(`${reports.join('\n\n')}\n`).toMatchFileSnapshot(
        join(import.meta.dirname, 'docs-examples', `${id}.txt`),
      );
    });

    it(`asks the type checker exactly when requiresTypes is ${String(rule.meta.requiresTypes)}`, () => {
      // Runs after the examples (vitest keeps declaration order): the spy has seen every example.
      if (rule.meta.requiresTypes) expect(typeCalls.count).toBeGreaterThan(0);
      else expect(typeCalls.count).toBe(0);
    });
  });
}

describe('config snippets in the docs', () => {
  // Every ```json block of a docs page or the analyzer/CLI READMEs that holds a "rules" key is a whole
  // awaitwise.config.json: it must pass the same validation a user's file does.
  const pages = [
    ...readdirSync(docsDir).map((name) => join(docsDir, name)),
    join(repoRoot, 'packages/analyzer/README.md'),
    join(repoRoot, 'packages/cli/README.md'),
  ].filter((path) => path.endsWith('.md') && existsSync(path));
  const snippets = pages.flatMap((path) =>
    [...readFileSync(path, 'utf8').matchAll(/```json\n([\s\S]*?)```/g)]
      .map((match) => match[1] ?? '')
      .filter((text) => text.includes('"rules"'))
      .map((text) => ({ path, text })),
  );

  it('finds the snippets (a test that reads nothing proves nothing)', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
  });

  for (const { path, text } of snippets) {
    it(`${path.slice(repoRoot.length + 1)}: ${text.trim().slice(0, 60)}`, () => {
      expect(() => resolveConfig(JSON.parse(text), allRules, path, repoRoot)).not.toThrow();
    });
  }
});

describe('a config written in the ESLint form', () => {
  it('is refused with the awaitwise spelling of the same setting', () => {
    expect(() =>
      resolveConfig(
        { rules: { 'floating-promise': ['error', { strict: true }] } },
        allRules,
        undefined,
        repoRoot,
      ),
    ).toThrow('{ "severity": "error", "options": {"strict":true} }');
  });
});
