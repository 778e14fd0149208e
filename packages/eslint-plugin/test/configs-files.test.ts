import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin, { lintedFiles } from '../src/index.js';
import { tempProject, tempProjectForSuite } from '../../../test/support/temp-project.js';

// A config of only `awaitwise.configs.*` (no `files` entry of the user's own) must reach TypeScript files: ESLint
// alone lints `.js`, `.mjs` and `.cjs` and ignores every other file "because no matching configuration was supplied".
describe('the flat configs name the files they apply to', () => {
  const folder = tempProjectForSuite(() => tempProject({}));
  // Plain JavaScript syntax in a `.ts` file (ESLint's default parser reads it): an executor marked async.
  const code = [
    'export const ready = new Promise(async (resolve) => {',
    "  resolve(await fetch('/x'));",
    '});',
    '',
  ].join('\n');

  it('names every TypeScript and JavaScript extension in recommended, strict and untyped', () => {
    expect(lintedFiles).toEqual(['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}']);
    for (const config of [plugin.configs.recommended, plugin.configs.strict, plugin.configs.untyped]) {
      expect(config.files).toEqual(lintedFiles);
    }
  });

  it.each(['ready.ts', 'ready.mts', 'ready.cts', 'ready.tsx'])(
    'lints %s with only the untyped config and reports its finding',
    async (name) => {
      writeFileSync(join(folder.dir, name), code);
      const eslint = new ESLint({
        cwd: folder.dir,
        overrideConfigFile: true,
        overrideConfig: [plugin.configs.untyped],
      });
      const [result] = await eslint.lintFiles([name]);
      expect(result?.messages.map((m) => m.ruleId)).toEqual(['awaitwise/async-promise-executor']);
    },
  );

  it('finds the TypeScript files of a folder with only the untyped config', async () => {
    writeFileSync(join(folder.dir, 'ready.ts'), code);
    const eslint = new ESLint({
      cwd: folder.dir,
      overrideConfigFile: true,
      overrideConfig: [plugin.configs.untyped],
    });
    const results = await eslint.lintFiles(['.']);
    expect(results.map((r) => r.filePath.slice(folder.dir.length + 1)).sort()).toContain('ready.ts');
  });
});
