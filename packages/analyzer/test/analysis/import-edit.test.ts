import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { importEdit } from '../../src/analysis/edits.js';
import floatingPromise from '../../src/rules/floating-promise.js';
import unboundedConcurrency from '../../src/rules/unbounded-concurrency.js';
import { analyzeFiles, applyEdits } from '../../src/testing.js';

function withImport(code: string, name: string, moduleName = '@awaitwise/core'): string | undefined {
  const sourceFile = ts.createSourceFile('a.ts', code, ts.ScriptTarget.Latest, true);
  const edits = importEdit(sourceFile, name, moduleName);
  return edits === undefined ? undefined : applyEdits(code, edits);
}

describe('importEdit', () => {
  it('adds the name to an existing named import of the module instead of a second import', () => {
    expect(withImport(`import { limit } from '@awaitwise/core';\nlimit(1);\n`, 'map')).toBe(
      `import { limit, map } from '@awaitwise/core';\nlimit(1);\n`,
    );
    expect(withImport(`import {} from '@awaitwise/core';\n`, 'map')).toBe(
      `import { map } from '@awaitwise/core';\n`,
    );
  });

  it('adds nothing when the name is already imported from the module', () => {
    const code = `import { map } from '@awaitwise/core';\nmap([], (x) => x);\n`;
    expect(withImport(code, 'map')).toBe(code);
  });

  it('adds a new import after the last one when the module is imported only for types or not at all', () => {
    expect(withImport(`import type { Limit } from '@awaitwise/core';\nlet l: Limit;\n`, 'map')).toBe(
      `import type { Limit } from '@awaitwise/core';\nimport { map } from '@awaitwise/core';\nlet l: Limit;\n`,
    );
    expect(withImport(`#!/usr/bin/env node\n// header\nrun();\n`, 'map')).toBe(
      `#!/usr/bin/env node\n// header\nimport { map } from '@awaitwise/core';\nrun();\n`,
    );
  });

  it('refuses when the file already declares or imports the name as something else', () => {
    expect(withImport(`function background() {}\n`, 'background')).toBeUndefined();
    expect(withImport(`import { background } from './jobs';\n`, 'background')).toBeUndefined();
    expect(
      withImport(`import { map as each } from '@awaitwise/core';\nconst map = 1;\n`, 'map'),
    ).toBeUndefined();
    expect(withImport(`enum background { A }\n`, 'background')).toBeUndefined();
  });
});

const header = `declare const ids: string[];
declare function fetchUser(id: string): Promise<{ name: string }>;
`;

describe('unbounded-concurrency: the map() rewrite and an existing @awaitwise/core import', () => {
  it('adds map to the existing import (not a second import of the module)', () => {
    const code = `import { limit } from '@awaitwise/core';
${header}export const run = limit(2);
export const f = () => Promise.all(ids.map((id) => fetchUser(id)));
`;
    const [finding] = analyzeFiles(unboundedConcurrency, { 'a.ts': code }, { options: { strict: true } });
    expect(applyEdits(code, finding?.suggestions[0]?.edits ?? []))
      .toBe(`import { limit, map } from '@awaitwise/core';
${header}export const run = limit(2);
export const f = () => map(ids, (id) => fetchUser(id), { concurrency: 8 });
`);
  });
});

describe('floating-promise: the background() suggestion', () => {
  const risky = `export async function risky(): Promise<void> { await fetch('https://example.com'); }\n`;

  it('is not offered when the file declares its own `background` (the import would redeclare it)', () => {
    const code = `${risky}function background(p: Promise<unknown>): void { p.catch(() => {}); }\nbackground(risky());\nexport function go(): void {\n  risky();\n}\n`;
    const findings = analyzeFiles(floatingPromise, { 'a.ts': code });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.suggestions.map((s) => s.description)).toEqual([
      'Mark it as fire-and-forget with `void` (a rejection stays unhandled)',
    ]);
  });

  it('adds `background` to an existing import of @awaitwise/core', () => {
    const code = `import { limit } from '@awaitwise/core';\n${risky}export const run = limit(2);\nexport function go(): void {\n  risky();\n}\n`;
    const [finding] = analyzeFiles(floatingPromise, { 'a.ts': code });
    const background = finding?.suggestions.find((s) => s.description.includes('background'));
    expect(applyEdits(code, background?.edits ?? [])).toBe(
      `import { limit, background } from '@awaitwise/core';\n${risky}export const run = limit(2);\nexport function go(): void {\n  background(risky());\n}\n`,
    );
  });
});
