// The pure half of restore.js: its arguments, the entries of repos.json / apps.json, and the plan made from them
// (which git directory or npm package each folder comes from, and the steps that install it). restore.js carries the
// plan out; test/whole-repos-restore.test.ts tests this file.
import { isAbsolute, join, normalize, resolve } from 'node:path';

/** The lists restore.js knows, by the word given on the command line. */
export const entryLists = { repos: 'repos.json', apps: 'apps.json' };

export const usage =
  'Usage: node bench/whole-repos/restore.js <repos|apps> <folder> [--mirrors <dir>]… [--git-dir <owner/name>=<dir>]… ' +
  '[--only a,b] [--jobs 2] [--force] [--no-install] [--dry-run]';

const commitPattern = /^[0-9a-f]{40}$/;

/** A value for the messages: `0` (number), `"x"` (string). */
function shown(value) {
  return `\`${JSON.stringify(value) ?? String(value)}\` (${value === null ? 'null' : typeof value})`;
}

/**
 * Parses restore.js's arguments (`process.argv.slice(2)`); throws a TypeError that says what is wrong.
 * Relative paths are resolved against `cwd`.
 */
export function parseRestoreArguments(argv, cwd = process.cwd()) {
  const options = {
    list: undefined,
    into: undefined,
    mirrors: [],
    gitDirs: {},
    only: [],
    jobs: 2,
    force: false,
    install: true,
    dryRun: false,
  };
  const positional = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined || next.startsWith('--')) {
        throw new TypeError(`Expected a value after \`${argument}\`, got ${shown(next)}.`);
      }
      return next;
    };
    if (argument === '--force') options.force = true;
    else if (argument === '--no-install') options.install = false;
    else if (argument === '--dry-run') options.dryRun = true;
    else if (argument === '--mirrors') options.mirrors.push(resolve(cwd, value()));
    else if (argument === '--git-dir') {
      const pair = value();
      const at = pair.indexOf('=');
      if (at <= 0 || at === pair.length - 1 || !pair.slice(0, at).includes('/')) {
        throw new TypeError(`Expected \`--git-dir\` to be <owner/name>=<dir>, got ${shown(pair)}.`);
      }
      options.gitDirs[pair.slice(0, at)] = resolve(cwd, pair.slice(at + 1));
    } else if (argument === '--only') {
      options.only.push(
        ...value()
          .split(',')
          .filter((name) => name !== ''),
      );
    } else if (argument === '--jobs') {
      const text = value();
      const jobs = Number(text);
      if (!Number.isInteger(jobs) || jobs < 1) {
        throw new TypeError(`Expected \`--jobs\` to be an integer >= 1, got ${shown(text)}.`);
      }
      options.jobs = jobs;
    } else if (argument.startsWith('--')) throw new TypeError(`Unknown option \`${argument}\`. ${usage}`);
    else positional.push(argument);
  }
  if (positional.length !== 2) {
    throw new TypeError(`Expected a list and a folder, got ${positional.length} arguments. ${usage}`);
  }
  if (!Object.hasOwn(entryLists, positional[0])) {
    throw new TypeError(
      `Expected the list to be one of ${Object.keys(entryLists).join(', ')}, got ${shown(positional[0])}.`,
    );
  }
  options.list = positional[0];
  options.into = resolve(cwd, positional[1]);
  return options;
}

/** A path inside an entry's folder: relative, and not climbing out of it. */
function insidePath(path) {
  return typeof path === 'string' && path !== '' && !isAbsolute(path) && !normalize(path).startsWith('..');
}

/** What is wrong with one install step (an empty list when nothing is). */
function stepProblems(step, where) {
  if (typeof step !== 'object' || step === null) return [`${where}: expected an object, got ${shown(step)}`];
  const problems = [];
  if ('run' in step) {
    if (typeof step.run !== 'string' || step.run.trim() === '')
      problems.push(`${where}: \`run\` must be a command`);
    if ('in' in step && !insidePath(step.in))
      problems.push(`${where}: \`in\` must be a folder inside the entry's`);
    for (const key of Object.keys(step)) {
      if (key !== 'run' && key !== 'in') problems.push(`${where}: unknown field \`${key}\` beside \`run\``);
    }
  } else if ('edit' in step) {
    if (!insidePath(step.edit)) problems.push(`${where}: \`edit\` must be a file inside the entry's folder`);
    if (typeof step.replace !== 'string' || step.replace === '') {
      problems.push(`${where}: \`replace\` must be the text to find`);
    }
    if (typeof step.with !== 'string') problems.push(`${where}: \`with\` must be the text put in its place`);
    for (const key of Object.keys(step)) {
      if (!['edit', 'replace', 'with'].includes(key)) {
        problems.push(`${where}: unknown field \`${key}\` beside \`edit\``);
      }
    }
  } else
    problems.push(
      `${where}: expected \`run\` or \`edit\`, got fields ${Object.keys(step).join(', ') || 'none'}`,
    );
  return problems;
}

/**
 * What is wrong with the entries of a list (an empty list when nothing is). An entry has a `name`, a `folder`
 * (default: its name), one source — `repository` ("owner/name") with a 40-digit `commit`, `npm` with an exact
 * `version`, or `packageJson` (a folder made of that package.json alone) — an `install` list of steps
 * (`{ run, in? }` or `{ edit, replace, with }`), and optionally `check`: the folders inside it that are checked.
 */
export function entryProblems(entries) {
  if (!Array.isArray(entries)) return [`expected an array of entries, got ${shown(entries)}`];
  const problems = [];
  const names = new Set();
  const folders = new Set();
  entries.forEach((entry, index) => {
    const where = `entry ${index}${typeof entry?.name === 'string' ? ` (${entry.name})` : ''}`;
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`${where}: expected an object, got ${shown(entry)}`);
      return;
    }
    if (typeof entry.name !== 'string' || !/^[\w.-]+$/.test(entry.name)) {
      problems.push(`${where}: \`name\` must be a word (letters, digits, . _ -), got ${shown(entry.name)}`);
    } else if (names.has(entry.name)) problems.push(`${where}: \`name\` repeats an earlier entry's`);
    else names.add(entry.name);
    const folder = entry.folder ?? entry.name;
    if (!insidePath(folder))
      problems.push(`${where}: \`folder\` must be a relative path, got ${shown(folder)}`);
    else if (folders.has(normalize(folder))) problems.push(`${where}: \`folder\` repeats an earlier entry's`);
    else folders.add(normalize(folder));
    const sources = ['repository', 'npm', 'packageJson'].filter((key) => key in entry);
    if (sources.length !== 1) {
      problems.push(
        `${where}: expected one of \`repository\`, \`npm\`, \`packageJson\`, got ${sources.length}`,
      );
    } else if (sources[0] === 'repository') {
      if (typeof entry.repository !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(entry.repository)) {
        problems.push(`${where}: \`repository\` must be owner/name, got ${shown(entry.repository)}`);
      }
      if (typeof entry.commit !== 'string' || !commitPattern.test(entry.commit)) {
        problems.push(`${where}: \`commit\` must be 40 hexadecimal digits, got ${shown(entry.commit)}`);
      }
    } else if (sources[0] === 'npm') {
      if (typeof entry.npm !== 'string' || entry.npm === '') {
        problems.push(`${where}: \`npm\` must be a package name`);
      }
      if (typeof entry.version !== 'string' || !/^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(entry.version)) {
        problems.push(`${where}: \`version\` must be an exact version, got ${shown(entry.version)}`);
      }
    } else if (typeof entry.packageJson !== 'object' || entry.packageJson === null) {
      problems.push(`${where}: \`packageJson\` must be an object`);
    }
    if (!Array.isArray(entry.install)) problems.push(`${where}: \`install\` must be a list of steps`);
    else entry.install.forEach((step, at) => problems.push(...stepProblems(step, `${where} install[${at}]`)));
    if ('check' in entry) {
      if (!Array.isArray(entry.check) || !entry.check.every((path) => path === '.' || insidePath(path))) {
        problems.push(`${where}: \`check\` must be a list of folders inside the entry's`);
      }
    }
  });
  return problems;
}

/**
 * The places a git directory of `repository` ("owner/name") may be in one mirrors folder: as the `fetch` tool lays it
 * out (`owner+name/repo`), a bare clone (`owner+name`, `name.git`) or a clone with a work tree (`name/.git`).
 */
export function gitDirCandidates(mirrors, repository) {
  const [owner, name] = repository.split('/');
  const flat = `${owner}+${name}`;
  return [
    join(mirrors, flat, 'repo'),
    join(mirrors, flat),
    join(mirrors, `${flat}.git`),
    join(mirrors, name, '.git'),
    join(mirrors, `${name}.git`),
    join(mirrors, name),
  ];
}

/** A stable text for what makes an entry's folder: compared with the state of an earlier run. */
export function sourceKey(entry) {
  if ('repository' in entry) return `git ${entry.repository} ${entry.commit}`;
  if ('npm' in entry) return `npm ${entry.npm}@${entry.version}`;
  return `package.json ${JSON.stringify(entry.packageJson)}`;
}

/** A stable text for an entry's install steps: compared with the state of an earlier run. */
export function installKey(entry) {
  return JSON.stringify(entry.install);
}

/**
 * The plan: for each entry picked by `--only` (all without it), in the list's order, where its folder goes, where its
 * files come from, the install steps with absolute paths, the folders checked, and what is already done according
 * to `state` (the `.restore.json` of an earlier run: name → { source, install }).
 *
 * @param isGitDir Tells whether a path is a git directory (restore.js asks the file system).
 * @returns `{ items, problems }`: a problem (an unknown `--only` name, a repository with no git directory) stops the
 *   run before anything is written.
 */
export function planRestore(entries, options, isGitDir, state = {}) {
  const problems = [];
  const known = new Set(entries.map((entry) => entry.name));
  for (const name of options.only)
    if (!known.has(name)) problems.push(`--only: no entry is named \`${name}\``);
  const items = [];
  for (const entry of entries) {
    if (options.only.length > 0 && !options.only.includes(entry.name)) continue;
    const folder = join(options.into, entry.folder ?? entry.name);
    let source;
    if ('repository' in entry) {
      const given = options.gitDirs[entry.repository];
      const candidates =
        given === undefined ? options.mirrors.flatMap((m) => gitDirCandidates(m, entry.repository)) : [given];
      const gitDir = candidates.find((candidate) => isGitDir(candidate));
      if (gitDir === undefined) {
        problems.push(
          `${entry.name}: no git directory of ${entry.repository} ` +
            (given === undefined
              ? `in ${options.mirrors.length === 0 ? 'any --mirrors folder (none given)' : options.mirrors.join(', ')}`
              : `at ${given}`) +
            `: fetch github:${entry.repository} (or git clone it) and pass its folder with --mirrors or --git-dir`,
        );
      }
      source = { kind: 'git', repository: entry.repository, commit: entry.commit, gitDir };
    } else if ('npm' in entry) source = { kind: 'npm', spec: `${entry.npm}@${entry.version}` };
    else source = { kind: 'package-json', packageJson: entry.packageJson };
    const steps = entry.install.map((step) =>
      'run' in step
        ? { kind: 'run', command: step.run, cwd: join(folder, step.in ?? '.') }
        : { kind: 'edit', file: join(folder, step.edit), replace: step.replace, with: step.with },
    );
    const done = state[entry.name];
    const extracted = !options.force && done?.source === sourceKey(entry);
    const installed = extracted && done?.install === installKey(entry);
    items.push({
      name: entry.name,
      folder,
      source,
      steps,
      checks: (entry.check ?? []).map((path) => join(folder, path)),
      extract: !extracted,
      install: options.install && !installed && steps.length > 0,
    });
  }
  return { items, problems };
}

/** The plan as lines for `--dry-run` and the start of a run. */
export function describePlan(items) {
  const lines = [];
  for (const item of items) {
    const from =
      item.source.kind === 'git'
        ? `${item.source.repository} at ${item.source.commit.slice(0, 12)} from ${item.source.gitDir ?? '(missing)'}`
        : item.source.kind === 'npm'
          ? `npm pack ${item.source.spec}`
          : 'a package.json';
    lines.push(`${item.name} → ${item.folder}: ${item.extract ? `extract ${from}` : 'already extracted'}`);
    if (!item.install) {
      lines.push(
        `  ${item.steps.length === 0 ? 'nothing to install' : 'install: skipped (done or --no-install)'}`,
      );
      continue;
    }
    for (const step of item.steps) {
      lines.push(
        step.kind === 'run'
          ? `  run in ${step.cwd}: ${step.command}`
          : `  edit ${step.file}: ${JSON.stringify(step.replace)} → ${JSON.stringify(step.with)}`,
      );
    }
  }
  return lines;
}

/**
 * Replaces every occurrence of `replace` by `with` in `text`; throws when there is none (the file is not the one the
 * step was written for, or the step already ran).
 */
export function applyEdit(text, step) {
  if (!text.includes(step.replace)) {
    throw new Error(`${step.file}: the text to replace was not found: ${JSON.stringify(step.replace)}`);
  }
  return text.split(step.replace).join(step.with);
}
