// Restores the whole-repository set (repos.json) or the precision applications and libraries (apps.json) into a
// folder: each entry extracted at its commit from a git directory (as the session's `fetch` tool returns them, or any
// clone) or from its npm package, then installed with its own steps, two entries at a time, and a report of what
// failed. See README.md here.
//
//   node bench/whole-repos/restore.js repos /work/repos --mirrors /work/.mirror
//   node bench/whole-repos/restore.js apps /work/apps --mirrors /work/.mirror      # also writes /work/apps/dirs.txt
//   node bench/whole-repos/restore.js repos /work/repos --only pino,knex --git-dir pinojs/pino=/src/pino/.git
//
// Options: --only a,b (some entries), --jobs n (installs at once, default 2), --force (redo entries already
// restored), --no-install (extract only), --dry-run (print the plan). What is done is kept in <folder>/.restore.json,
// so a second run only does what is missing or failed; each entry's output is in <folder>/.restore-logs/<name>.log.
import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyEdit,
  describePlan,
  entryLists,
  entryProblems,
  installKey,
  parseRestoreArguments,
  planRestore,
  sourceKey,
} from './restore-plan.js';

const here = dirname(fileURLToPath(import.meta.url));

let options;
try {
  options = parseRestoreArguments(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof TypeError)) throw error;
  console.error(`restore.js: ${error.message}`);
  process.exit(2);
}

const entries = JSON.parse(readFileSync(join(here, entryLists[options.list]), 'utf8'));
const invalid = entryProblems(entries);
if (invalid.length > 0) {
  console.error(`restore.js: ${entryLists[options.list]} is not valid:\n  ${invalid.join('\n  ')}`);
  process.exit(1);
}
const byName = new Map(entries.map((entry) => [entry.name, entry]));

const stateFile = join(options.into, '.restore.json');
const logs = join(options.into, '.restore-logs');
const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
const { items, problems } = planRestore(entries, options, isGitDir, state);
console.log(describePlan(items).join('\n'));
if (problems.length > 0) {
  console.error(`\nrestore.js: nothing done:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
if (options.dryRun) process.exit(0);

mkdirSync(logs, { recursive: true });
takeLock();
const outcomes = new Map(
  items.map((item) => [item.name, { extract: 'kept', install: 'skipped', seconds: 0 }]),
);

// Extraction one entry at a time (it is disk-bound and quick), then the installs `--jobs` at a time.
for (const item of items) {
  if (!item.extract) continue;
  const outcome = outcomes.get(item.name);
  const started = performance.now();
  try {
    outcome.extract = extract(item);
    recordState(item.name, { source: sourceKey(byName.get(item.name)) });
  } catch (error) {
    outcome.extract = `failed: ${error.message}`;
    outcome.install = 'not run';
  }
  outcome.seconds += (performance.now() - started) / 1000;
}
const queue = items.filter((item) => item.install && !outcomes.get(item.name).extract.startsWith('failed'));
await Promise.all(Array.from({ length: Math.min(options.jobs, queue.length) }, () => installNext()));

const dirs = items.flatMap((item) => item.checks);
if (dirs.length > 0) {
  // The folders checked, of every entry of the list (not only those of --only), for scripts/diff-findings.mjs.
  const all = planRestore(entries, { ...options, only: [] }, () => true).items.flatMap((item) => item.checks);
  writeFileSync(join(options.into, 'dirs.txt'), all.join('\n') + '\n');
}

console.log('\nentry | extract | install | seconds');
let failed = 0;
for (const item of items) {
  const outcome = outcomes.get(item.name);
  if (outcome.extract.startsWith('failed') || outcome.install.startsWith('failed')) failed++;
  console.log(`${item.name} | ${outcome.extract} | ${outcome.install} | ${Math.round(outcome.seconds)}`);
}
console.log(
  failed === 0
    ? `\nrestored ${items.length} entries into ${options.into}`
    : `\n${failed} of ${items.length} entries failed; logs in ${logs}. Fix the cause (often a version the registry no longer serves: an \`edit\` step in the list), then run the same command again: what succeeded is kept.`,
);
process.exitCode = failed === 0 ? 0 : 1;

/**
 * Refuses to run beside another restore.js on the same folder (two installs in one folder, or two yarn 1 installs
 * sharing its cache, corrupt each other); the lock is the process id in `<folder>/.restore.lock`, removed on exit.
 */
function takeLock() {
  const lock = join(options.into, '.restore.lock');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (isRunning(pid)) {
      console.error(
        `restore.js: another run (process ${pid}) is restoring into ${options.into}; wait for it to end.`,
      );
      process.exit(1);
    }
  }
  writeFileSync(lock, String(process.pid));
  process.on('exit', () => rmSync(lock, { force: true }));
}

/** Whether a process of this id is running (signal 0 only asks). */
function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A git directory: a `HEAD` file and an `objects` folder. */
function isGitDir(path) {
  return existsSync(join(path, 'HEAD')) && existsSync(join(path, 'objects'));
}

/** Writes one entry's line of the state file (read back by the next run). */
function recordState(name, fields) {
  const current = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {};
  current[name] = {
    ...(fields.source === undefined ? current[name] : {}),
    ...fields,
    at: new Date().toISOString(),
  };
  writeFileSync(stateFile, JSON.stringify(current, null, 2) + '\n');
}

/** Runs a command and throws with its standard error when it fails; returns standard output. */
function run(command, args, settings = {}) {
  const result = spawnSync(command, args, { maxBuffer: 1 << 30, ...settings });
  if (result.status !== 0) {
    const stderr = result.stderr?.toString('utf8').trim().split('\n').slice(-3).join(' / ');
    throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}: ${stderr}`);
  }
  return result.stdout;
}

/** Empties an entry's folder for a fresh extraction; a package.json entry's folder may hold other entries' folders. */
function prepareFolder(item) {
  if (item.source.kind !== 'package-json') {
    if (existsSync(item.folder) && readdirSync(item.folder).length > 0) {
      if (!options.force) {
        throw new Error(
          `${item.folder} exists and was not restored by this script: remove it or pass --force`,
        );
      }
      rmSync(item.folder, { recursive: true, force: true });
    }
  }
  mkdirSync(item.folder, { recursive: true });
}

/**
 * Extracts an entry's files into its folder and says how. A git snapshot may lack its largest blobs (the `fetch` tool
 * leaves them out): those paths are left out of the archive and counted.
 */
function extract(item) {
  prepareFolder(item);
  try {
    return extractInto(item);
  } catch (error) {
    // A half-written folder would be taken for someone else's on the next run.
    if (item.source.kind !== 'package-json') rmSync(item.folder, { recursive: true, force: true });
    throw error;
  }
}

/** Writes an entry's files into its empty folder; returns what was written. */
function extractInto(item) {
  if (item.source.kind === 'package-json') {
    writeFileSync(join(item.folder, 'package.json'), JSON.stringify(item.source.packageJson, null, 2) + '\n');
    return 'package.json written';
  }
  if (item.source.kind === 'npm') {
    const scratch = mkdtempSync(join(tmpdir(), 'awaitwise-restore-'));
    try {
      const name = run('npm', ['pack', item.source.spec, '--silent', '--pack-destination', scratch], {
        cwd: scratch,
      })
        .toString('utf8')
        .trim()
        .split('\n')
        .at(-1);
      run('tar', ['-xzf', join(scratch, name), '-C', item.folder, '--strip-components=1']);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    return `npm ${item.source.spec}`;
  }
  const { gitDir, commit } = item.source;
  const tree = run('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit])
    .toString('utf8')
    .split('\0')
    .filter((line) => line !== '')
    .map((line) => {
      const [meta, path] = line.split('\t');
      const [, type, object] = meta.split(' ');
      return { type, object, path };
    });
  const blobs = tree.filter((entry) => entry.type === 'blob');
  const checked = run('git', ['--git-dir', gitDir, 'cat-file', '--batch-check'], {
    input: blobs.map((blob) => blob.object).join('\n') + '\n',
  })
    .toString('utf8')
    .split('\n');
  const missing = blobs.filter((_, index) => checked[index]?.endsWith(' missing'));
  const archive = join(mkdtempSync(join(tmpdir(), 'awaitwise-restore-')), 'tree.tar');
  try {
    run('git', [
      '--git-dir',
      gitDir,
      'archive',
      '--output',
      archive,
      commit,
      '--',
      '.',
      ...missing.map((blob) => `:(exclude,literal)${blob.path}`),
    ]);
    run('tar', ['-xf', archive, '-C', item.folder]);
  } finally {
    rmSync(dirname(archive), { recursive: true, force: true });
  }
  return (
    `${blobs.length - missing.length} files` +
    (missing.length === 0 ? '' : `, ${missing.length} absent from the snapshot left out`)
  );
}

/** Takes entries off the install queue until it is empty. */
async function installNext() {
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const outcome = outcomes.get(item.name);
    const started = performance.now();
    outcome.install = await install(item);
    outcome.seconds += (performance.now() - started) / 1000;
    if (outcome.install === 'ok') {
      recordState(item.name, { install: installKey(byName.get(item.name)) });
    }
    console.log(`${item.name}: install ${outcome.install} (${Math.round(outcome.seconds)} s)`);
  }
}

/** Runs an entry's steps in order, its output to its log; 'ok' or what failed. */
async function install(item) {
  const log = createWriteStream(join(logs, `${item.name}.log`));
  try {
    for (const step of item.steps) {
      if (step.kind === 'edit') {
        const text = readFileSync(step.file, 'utf8');
        try {
          writeFileSync(step.file, applyEdit(text, step));
          log.write(`edited ${step.file}\n`);
        } catch (error) {
          // Files kept from an earlier run may carry the edit already; a fresh extraction must match.
          if (item.extract) return `failed: ${error.message}`;
          log.write(`edit not applied (kept from an earlier run?): ${error.message}\n`);
        }
        continue;
      }
      log.write(`$ cd ${step.cwd} && ${step.command}\n`);
      const code = await new Promise((settle) => {
        const child = spawn(step.command, { cwd: step.cwd, shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.pipe(log, { end: false });
        child.stderr.pipe(log, { end: false });
        child.on('error', (error) => {
          log.write(`${error.message}\n`);
          settle(-1);
        });
        child.on('close', (status, signal) => settle(status ?? signal));
      });
      if (code !== 0) return `failed: \`${step.command}\` in ${step.cwd} exited ${code}`;
    }
    return 'ok';
  } finally {
    log.end();
  }
}
