import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  applyEdit,
  describePlan,
  entryLists,
  entryProblems,
  gitDirCandidates,
  installKey,
  parseRestoreArguments,
  planRestore,
  sourceKey,
  type Entry,
} from '../bench/whole-repos/restore-plan.js';

const folder = fileURLToPath(new URL('../bench/whole-repos/', import.meta.url));
const commit = 'b394c2c16ac6a8919cd33d7f5684a01baca1096f';
const npmInstall = 'npm install --ignore-scripts --no-audit --no-fund';

const pino: Entry = { name: 'pino', repository: 'pinojs/pino', commit, install: [{ run: npmInstall }] };
const monorepo: Entry = {
  name: 'mono',
  repository: 'acme/mono',
  commit,
  install: [
    { edit: 'apps/web/yarn.lock', replace: 'https://mirror.example/', with: 'https://registry.example/' },
    { run: 'yarn install', in: 'apps/web' },
  ],
};
const library: Entry = {
  name: 'mongodb',
  npm: 'mongodb',
  version: '6.22.0',
  install: [{ run: 'npm install --omit=dev' }],
  check: ['src'],
};
const typed: Entry = { name: 'typed', packageJson: { private: true }, install: [{ run: 'npm install' }] };
const typedApp: Entry = {
  name: 'kuma',
  folder: 'typed/kuma',
  repository: 'louislam/uptime-kuma',
  commit,
  install: [],
  check: ['.'],
};

const base = { into: '/r', mirrors: ['/m'], gitDirs: {}, only: [], force: false, install: true };
const fetched = (path: string) =>
  path.endsWith('+pino/repo') || path.endsWith('+mono/repo') || path.endsWith('+uptime-kuma/repo');

describe('parseRestoreArguments', () => {
  it('reads the list, the folder and every option, resolving paths against the working folder', () => {
    const options = parseRestoreArguments(
      [
        'apps',
        'out',
        '--mirrors',
        '/work/.mirror',
        '--mirrors',
        'clones',
        '--git-dir',
        'pinojs/pino=../p/.git',
      ],
      '/home/me',
    );
    expect(options).toEqual({
      list: 'apps',
      into: '/home/me/out',
      mirrors: ['/work/.mirror', '/home/me/clones'],
      gitDirs: { 'pinojs/pino': '/home/p/.git' },
      only: [],
      jobs: 2,
      force: false,
      install: true,
      dryRun: false,
    });
    const flags = parseRestoreArguments(
      [
        'repos',
        '/r',
        '--only',
        'pino,knex',
        '--only',
        'np',
        '--jobs',
        '1',
        '--force',
        '--no-install',
        '--dry-run',
      ],
      '/',
    );
    expect(flags).toMatchObject({
      only: ['pino', 'knex', 'np'],
      jobs: 1,
      force: true,
      install: false,
      dryRun: true,
    });
  });

  it('says what is wrong: the list, the folder, a value, --jobs, --git-dir, an unknown option', () => {
    expect(() => parseRestoreArguments(['repos'])).toThrow('Expected a list and a folder, got 1 arguments');
    expect(() => parseRestoreArguments(['libs', '/r'])).toThrow(
      'Expected the list to be one of repos, apps, got `"libs"` (string)',
    );
    expect(() => parseRestoreArguments(['repos', '/r', '--mirrors'])).toThrow(
      'Expected a value after `--mirrors`, got `undefined` (undefined)',
    );
    expect(() => parseRestoreArguments(['repos', '/r', '--only', '--force'])).toThrow('after `--only`');
    expect(() => parseRestoreArguments(['repos', '/r', '--jobs', '0'])).toThrow(
      'Expected `--jobs` to be an integer >= 1, got `"0"` (string)',
    );
    expect(() => parseRestoreArguments(['repos', '/r', '--git-dir', 'pino=/x'])).toThrow(
      'Expected `--git-dir` to be <owner/name>=<dir>',
    );
    expect(() => parseRestoreArguments(['repos', '/r', '--jobz', '2'])).toThrow(TypeError);
  });
});

describe('entryProblems', () => {
  it('accepts the lists of this repository', () => {
    for (const file of Object.values(entryLists)) {
      const entries: unknown = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      expect(entryProblems(entries), file).toEqual([]);
    }
  });

  it('accepts each kind of source and step', () => {
    expect(entryProblems([pino, monorepo, library, typed, typedApp])).toEqual([]);
  });

  it('says what is wrong with an entry', () => {
    expect(entryProblems({})).toEqual(['expected an array of entries, got `{}` (object)']);
    expect(
      entryProblems([
        { ...pino, commit: 'b394c2c' },
        { ...pino, folder: '../elsewhere' },
        { name: 'both', repository: 'a/b', commit, npm: 'b', version: '1.0.0', install: [] },
        { ...library, name: 'lib', version: '^6', folder: 'lib' },
        {
          name: 'steps',
          packageJson: {},
          install: [{ run: '' }, { edit: '/etc/x', replace: '', with: 1 }, { copy: 'x' }],
        },
        { ...typedApp, name: 'checks', folder: 'c', check: ['/abs'] },
      ]),
    ).toEqual([
      'entry 0 (pino): `commit` must be 40 hexadecimal digits, got `"b394c2c"` (string)',
      "entry 1 (pino): `name` repeats an earlier entry's",
      'entry 1 (pino): `folder` must be a relative path, got `"../elsewhere"` (string)',
      'entry 2 (both): expected one of `repository`, `npm`, `packageJson`, got 2',
      'entry 3 (lib): `version` must be an exact version, got `"^6"` (string)',
      'entry 4 (steps) install[0]: `run` must be a command',
      "entry 4 (steps) install[1]: `edit` must be a file inside the entry's folder",
      'entry 4 (steps) install[1]: `replace` must be the text to find',
      'entry 4 (steps) install[1]: `with` must be the text put in its place',
      'entry 4 (steps) install[2]: expected `run` or `edit`, got fields copy',
      "entry 5 (checks): `check` must be a list of folders inside the entry's",
    ]);
  });

  it('finds two entries that would share a folder', () => {
    expect(entryProblems([typedApp, { ...typedApp, name: 'other' }])).toEqual([
      "entry 1 (other): `folder` repeats an earlier entry's",
    ]);
  });
});

describe('gitDirCandidates', () => {
  it("tries the fetch tool's layout first, then bare clones and clones with a work tree", () => {
    expect(gitDirCandidates('/m', 'pinojs/pino')).toEqual([
      '/m/pinojs+pino/repo',
      '/m/pinojs+pino',
      '/m/pinojs+pino.git',
      '/m/pino/.git',
      '/m/pino.git',
      '/m/pino',
    ]);
  });
});

describe('planRestore', () => {
  it('plans each entry: its folder, its source, its steps with absolute paths, the folders checked', () => {
    const { items, problems } = planRestore([pino, monorepo, library, typed, typedApp], base, fetched);
    expect(problems).toEqual([]);
    expect(items.map((item) => [item.name, item.folder, item.extract, item.install])).toEqual([
      ['pino', '/r/pino', true, true],
      ['mono', '/r/mono', true, true],
      ['mongodb', '/r/mongodb', true, true],
      ['typed', '/r/typed', true, true],
      ['kuma', '/r/typed/kuma', true, false],
    ]);
    expect(items[0]?.source).toEqual({
      kind: 'git',
      repository: 'pinojs/pino',
      commit,
      gitDir: '/m/pinojs+pino/repo',
    });
    expect(items[1]?.steps).toEqual([
      {
        kind: 'edit',
        file: '/r/mono/apps/web/yarn.lock',
        replace: 'https://mirror.example/',
        with: 'https://registry.example/',
      },
      { kind: 'run', command: 'yarn install', cwd: '/r/mono/apps/web' },
    ]);
    expect(items[2]?.source).toEqual({ kind: 'npm', spec: 'mongodb@6.22.0' });
    expect(items[2]?.checks).toEqual(['/r/mongodb/src']);
    expect(items[3]?.source).toEqual({ kind: 'package-json', packageJson: { private: true } });
    expect(items[4]?.checks).toEqual(['/r/typed/kuma']);
  });

  it('takes a --git-dir before the mirrors, and picks entries with --only in the list order', () => {
    const { items } = planRestore(
      [pino, monorepo],
      { ...base, only: ['mono', 'pino'], gitDirs: { 'acme/mono': '/clones/mono/.git' } },
      () => true,
    );
    expect(items.map((item) => item.source.kind === 'git' && item.source.gitDir)).toEqual([
      '/m/pinojs+pino/repo',
      '/clones/mono/.git',
    ]);
  });

  it('stops on a repository with no git directory and on an unknown --only name, saying what to do', () => {
    expect(planRestore([pino], { ...base, only: ['pino', 'knex'] }, () => false).problems).toEqual([
      '--only: no entry is named `knex`',
      'pino: no git directory of pinojs/pino in /m: fetch github:pinojs/pino (or git clone it) and pass its folder with --mirrors or --git-dir',
    ]);
    expect(planRestore([pino], { ...base, mirrors: [] }, () => true).problems).toEqual([
      'pino: no git directory of pinojs/pino in any --mirrors folder (none given): fetch github:pinojs/pino (or git clone it) and pass its folder with --mirrors or --git-dir',
    ]);
  });

  it('skips what an earlier run did with the same source and steps, and redoes it with --force', () => {
    const state = {
      pino: { source: sourceKey(pino), install: installKey(pino) },
      mono: { source: sourceKey(monorepo), install: '[]' },
      mongodb: { source: 'npm mongodb@6.21.0', install: installKey(library) },
    };
    const plan = planRestore([pino, monorepo, library], base, fetched, state);
    expect(plan.items.map((item) => [item.name, item.extract, item.install])).toEqual([
      ['pino', false, false],
      ['mono', false, true],
      ['mongodb', true, true],
    ]);
    const forced = planRestore([pino], { ...base, force: true }, fetched, state);
    expect(forced.items.map((item) => [item.extract, item.install])).toEqual([[true, true]]);
    const extractOnly = planRestore([pino], { ...base, install: false }, fetched);
    expect(extractOnly.items.map((item) => [item.extract, item.install])).toEqual([[true, false]]);
  });

  it('makes one checked folder per application and library of apps.json, with the review keys as paths', () => {
    const entries = JSON.parse(readFileSync(join(folder, 'apps.json'), 'utf8')) as Entry[];
    const { items } = planRestore(entries, { ...base, into: '/work/apps' }, () => true);
    const checks = items.flatMap((item) => item.checks);
    expect(checks).toHaveLength(18);
    expect(checks).toEqual(
      expect.arrayContaining([
        '/work/apps/outline',
        '/work/apps/typed/uptime-kuma',
        '/work/apps/bullmq/dist/esm',
        '/work/apps/mongodb/src',
      ]),
    );
  });
});

describe('describePlan', () => {
  it('says where each folder comes from and what runs where', () => {
    const { items } = planRestore([monorepo, library], base, fetched, {
      mongodb: { source: sourceKey(library), install: installKey(library) },
    });
    expect(describePlan(items)).toEqual([
      `mono → /r/mono: extract acme/mono at ${commit.slice(0, 12)} from /m/acme+mono/repo`,
      '  edit /r/mono/apps/web/yarn.lock: "https://mirror.example/" → "https://registry.example/"',
      '  run in /r/mono/apps/web: yarn install',
      'mongodb → /r/mongodb: already extracted',
      '  install: skipped (done or --no-install)',
    ]);
  });
});

describe('applyEdit', () => {
  const step = { file: 'yarn.lock', replace: 'https://mirror.example/', with: 'https://registry.example/' };

  it('replaces every occurrence', () => {
    expect(applyEdit('a https://mirror.example/x\nb https://mirror.example/y', step)).toBe(
      'a https://registry.example/x\nb https://registry.example/y',
    );
  });

  it('throws when the text is not there (another file, or an edit already made)', () => {
    expect(() => applyEdit('a https://registry.example/x', step)).toThrow(
      'yarn.lock: the text to replace was not found: "https://mirror.example/"',
    );
  });
});
