// Checks the packed packages as a user receives them: `node scripts/check-packed.js <folder of .tgz files>`.
// For each tarball: a LICENSE (MIT, the awaitwise authors); repository (with the package's directory), homepage and
// bugs in package.json; every README link (a relative link must resolve inside the tarball, a link to the awaitwise
// repository must name a file, and a heading, that exists in this repository); and every source map's sources
// present in the tarball. Prints each problem and exits 1 when there is one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repositoryUrl } from '../packages/catalog/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const folder = process.argv[2];
if (folder === undefined) {
  console.error('Usage: node scripts/check-packed.js <folder of .tgz files>');
  process.exit(2);
}
const tarballs = readdirSync(folder).filter((name) => name.endsWith('.tgz'));
const expected = readdirSync(path.join(root, 'packages')).length;
const problems = [];
if (tarballs.length !== expected) {
  problems.push(`${folder}: ${tarballs.length} tarballs, expected one per package (${expected})`);
}

/** GitHub's anchor for a Markdown heading. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function headingsOf(file) {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1])));
}

/** Markdown link targets outside code blocks and inline code: `[text](target)` and `[ref]: target`. */
function linksOf(text) {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const inline = [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
  const references = [...prose.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((match) => match[1]);
  return [...inline, ...references];
}

function checkLink(name, packageDir, readme, target) {
  const where = `${name} README: link \`${target}\``;
  const [pathPart = '', fragment] = target.split('#');
  const repoPrefix = `${repositoryUrl}/`;
  if (target.startsWith(repoPrefix)) {
    const match = /^(blob|tree)\/main\/(.+)$/.exec(pathPart.slice(repoPrefix.length));
    if (match === null) {
      if (pathPart === repositoryUrl || /^(issues|pulls)$/.test(pathPart.slice(repoPrefix.length))) return;
      problems.push(`${where} is not a blob/main or tree/main link into the repository`);
      return;
    }
    const local = path.join(root, match[2]);
    if (!existsSync(local)) problems.push(`${where} names ${match[2]}, which is not in the repository`);
    else if (match[1] === 'blob' && statSync(local).isDirectory())
      problems.push(`${where}: a folder needs tree/main`);
    else if (fragment !== undefined && local.endsWith('.md') && !headingsOf(local).has(fragment)) {
      problems.push(`${where}: ${match[2]} has no heading #${fragment}`);
    }
    return;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return; // another site: not checked offline
  if (pathPart === '') {
    if (fragment !== undefined && !headingsOf(readme).has(fragment))
      problems.push(`${where}: no such heading`);
    return;
  }
  const resolved = path.resolve(path.dirname(readme), decodeURI(pathPart));
  if (!resolved.startsWith(packageDir + path.sep)) {
    problems.push(
      `${where} leaves the package (relative links must stay inside it; use ${repositoryUrl}/blob/main/…)`,
    );
  } else if (!existsSync(resolved)) {
    problems.push(`${where} names a file that is not in the tarball`);
  }
}

function checkSourceMaps(name, packageDir) {
  let maps = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.map')) {
        maps++;
        const map = JSON.parse(readFileSync(file, 'utf8'));
        const base = path.join(path.dirname(file), map.sourceRoot ?? '');
        for (const [index, source] of (map.sources ?? []).entries()) {
          const resolved = path.resolve(base, source);
          const inline = typeof map.sourcesContent?.[index] === 'string';
          if (!inline && (!resolved.startsWith(packageDir + path.sep) || !existsSync(resolved))) {
            problems.push(
              `${name}: ${path.relative(packageDir, file)} points at ${source}, which is not in the package`,
            );
          }
        }
      }
    }
  };
  walk(packageDir);
  return maps;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'awaitwise-packed-'));
try {
  for (const tarball of tarballs.sort()) {
    const into = path.join(scratch, tarball.replace(/\.tgz$/, ''));
    mkdirSync(into);
    execFileSync('tar', ['-xzf', path.join(folder, tarball), '-C', into]);
    const packageDir = path.join(into, 'package');
    const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    const name = manifest.name;

    const license = path.join(packageDir, 'LICENSE');
    if (!existsSync(license)) problems.push(`${name}: no LICENSE in the tarball`);
    else if (
      !/^MIT License/.test(readFileSync(license, 'utf8')) ||
      !readFileSync(license, 'utf8').includes('the awaitwise authors')
    ) {
      problems.push(`${name}: LICENSE is not the MIT licence of the awaitwise authors`);
    }
    if (manifest.license !== 'MIT') problems.push(`${name}: license is ${manifest.license}, expected MIT`);

    const repository = manifest.repository;
    if (repository?.url !== `git+${repositoryUrl}.git`)
      problems.push(`${name}: repository.url is not git+${repositoryUrl}.git`);
    const directory = repository?.directory;
    const source = directory === undefined ? undefined : path.join(root, directory, 'package.json');
    if (
      source === undefined ||
      !existsSync(source) ||
      JSON.parse(readFileSync(source, 'utf8')).name !== name
    ) {
      problems.push(
        `${name}: repository.directory (${directory}) is not this package's folder in the repository`,
      );
    }
    if (manifest.homepage !== `${repositoryUrl}/tree/main/${directory}#readme`)
      problems.push(`${name}: homepage is ${manifest.homepage}`);
    if (manifest.bugs?.url !== `${repositoryUrl}/issues`)
      problems.push(`${name}: bugs.url is ${manifest.bugs?.url}`);

    const readme = path.join(packageDir, 'README.md');
    let links = 0;
    if (!existsSync(readme)) problems.push(`${name}: no README.md in the tarball`);
    else {
      for (const target of linksOf(readFileSync(readme, 'utf8'))) {
        links++;
        checkLink(name, packageDir, readme, target);
      }
    }
    const maps = checkSourceMaps(name, packageDir);
    console.log(`check-packed: ${name}: LICENSE, repository, ${links} README links, ${maps} source maps`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(
    `check-packed: ${problems.length} problems:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
  );
  process.exit(1);
}
