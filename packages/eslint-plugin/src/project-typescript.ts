import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The `typescript` package a linted file's project installs itself (not one that came in for another package). */
export interface ProjectTypeScript {
  /** Its `version` (`"7.0.2"`, `"6.0.3"`). */
  readonly version: string;
  /** Its major version (7 for TypeScript 7, the native compiler). */
  readonly major: number;
  /** The folder of its `package.json` (`…/node_modules/typescript`). */
  readonly packageDir: string;
}

const dependencyFields = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function declaresTypeScript(manifest: unknown): boolean {
  if (typeof manifest !== 'object' || manifest === null) return false;
  const fields = manifest as Record<string, unknown>;
  return dependencyFields.some((field) => {
    const dependencies = fields[field];
    return typeof dependencies === 'object' && dependencies !== null && 'typescript' in dependencies;
  });
}

function versionOf(manifest: unknown): string | undefined {
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const version = (manifest as Record<string, unknown>)['version'];
  return typeof version === 'string' ? version : undefined;
}

/** What one folder tells: whether its package.json declares `typescript`, and the copy its node_modules holds. */
interface FolderFacts {
  readonly declares: boolean;
  readonly installed: { readonly version: string; readonly packageDir: string } | undefined;
}

const foldersSeen = new Map<string, FolderFacts>();

function folderFacts(dir: string): FolderFacts {
  const known = foldersSeen.get(dir);
  if (known !== undefined) return known;
  const packageDir = join(dir, 'node_modules', 'typescript');
  const version = versionOf(readJson(join(packageDir, 'package.json')));
  const facts: FolderFacts = {
    declares: declaresTypeScript(readJson(join(dir, 'package.json'))),
    installed: version === undefined ? undefined : { version, packageDir },
  };
  foldersSeen.set(dir, facts);
  return facts;
}

/**
 * The `typescript` that the project of a file in `fileDir` installs: the first `node_modules/typescript` found from
 * `fileDir` upwards (as Node resolves `import 'typescript'` from there), counted only when a `package.json` on the
 * way (up to and including the folder that holds it) names `typescript` among its dependencies. A copy nobody on
 * the way asked for was hoisted there for another package (this plugin depends on TypeScript 6.0 itself), so the
 * project has no TypeScript of its own: the answer is then undefined, as when no copy is found.
 *
 * Folders are read once per process.
 */
export function findProjectTypeScript(fileDir: string): ProjectTypeScript | undefined {
  let declared = false;
  for (let dir = fileDir; ; dir = dirname(dir)) {
    const facts = folderFacts(dir);
    declared ||= facts.declares;
    if (facts.installed !== undefined) {
      if (!declared) return undefined;
      const major = Number.parseInt(facts.installed.version, 10);
      return { ...facts.installed, major: Number.isNaN(major) ? 0 : major };
    }
    if (dirname(dir) === dir) return undefined;
  }
}
