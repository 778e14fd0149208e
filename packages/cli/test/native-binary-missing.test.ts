import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { nativePlatformPackage } from '@awaitwise/analyzer';
import { describe, expect, it } from 'vitest';
import { tempProject, tempProjectForSuite } from '../../../test/support/temp-project.js';

const repositoryPackages = join(import.meta.dirname, '../../../node_modules');

/**
 * An install of the repository's packages as `npm ci --omit=optional` leaves it: a `node_modules` of links to every
 * installed package except TypeScript 7's platform package (`@typescript/typescript-<platform>-<arch>`, the optional
 * dependency that brings its executable). Node runs with `--preserve-symlinks`, so a package is found from where its
 * link is, not from the repository: the executable lookup walks up from this `node_modules` and finds no platform
 * package, as on a machine where npm skipped it. The repository's own install is not touched.
 */
function installWithoutOptionalDependencies(): ReturnType<typeof tempProject> {
  const install = tempProject({});
  const packages = join(install.dir, 'node_modules');
  const [scope = '', name = ''] = nativePlatformPackage().split('/');
  for (const entry of readdirSync(repositoryPackages)) {
    if (entry.startsWith('.')) continue;
    if (!entry.startsWith('@')) {
      mkdirSync(packages, { recursive: true });
      symlinkSync(realpathSync(join(repositoryPackages, entry)), join(packages, entry), 'dir');
      continue;
    }
    for (const scoped of readdirSync(join(repositoryPackages, entry))) {
      if (entry === scope && scoped === name) continue;
      mkdirSync(join(packages, entry), { recursive: true });
      symlinkSync(
        realpathSync(join(repositoryPackages, entry, scoped)),
        join(packages, entry, scoped),
        'dir',
      );
    }
  }
  return install;
}

describe('awaitwise check --engine native without TypeScript 7’s executable', () => {
  const install = tempProjectForSuite(installWithoutOptionalDependencies);
  const project = tempProjectForSuite(() =>
    tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
      'src/a.ts': 'export const ready = new Promise(async (resolve) => resolve(1));\n',
    }),
  );
  const awaitwise = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [
        '--preserve-symlinks',
        '--preserve-symlinks-main',
        join(install.dir, 'node_modules/awaitwise/bin/awaitwise.js'),
        ...args,
      ],
      { cwd: project.dir, encoding: 'utf8', timeout: 60_000 },
    );

  it('exits 2 with what is missing and the ways out, not a stack', () => {
    const child = awaitwise('check', '--engine', 'native');
    expect(child.error).toBeUndefined();
    expect(child.stdout).toBe('');
    const platformPackage = nativePlatformPackage();
    expect(child.stderr).toBe(
      [
        'awaitwise: incomplete installation',
        `  TypeScript 7's native executable is missing: the package ${platformPackage} is not installed. Install it (\`npm install ${platformPackage}@7.0.2\`, or reinstall without --omit=optional), or run with \`--engine ts6\`.`,
        '  Next: Reinstall with optional dependencies (`npm install` without --omit=optional), or check with TypeScript 6: `--engine ts6`.',
        '',
      ].join('\n'),
    );
    expect(child.stderr).not.toMatch(/\n\s+at /);
    expect(child.status).toBe(2);
  });

  it('still checks with --engine ts6 in the same install', () => {
    const child = awaitwise('check', '--engine', 'ts6', '--format', 'json');
    expect(child.stderr).toBe('');
    expect(child.status).toBe(1);
    const report = JSON.parse(child.stdout) as { findings: { ruleId: string; file: string }[] };
    expect(report.findings.map((finding) => [finding.ruleId, finding.file])).toContainEqual([
      'async-promise-executor',
      'src/a.ts',
    ]);
  });
});
