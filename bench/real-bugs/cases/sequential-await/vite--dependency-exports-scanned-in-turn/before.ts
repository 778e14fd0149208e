// Case: vitejs/vite, fix commit ab3a5309df877df234846def3c81af65b669ef97 ("perf: parallelize await exportsData from
// depsInfo (#12869)"; https://github.com/vitejs/vite/pull/12869).
// The code just before the fix, rewritten in our own code: before bundling dependencies the optimizer reads each
// dependency's exports in a for-in loop, awaiting each file's parse before starting the next.
import { readFile } from 'node:fs/promises';

interface DependencyInfo {
  entry: string;
  exports?: Promise<ExportsInfo>;
}

interface ExportsInfo {
  names: string[];
  usesJsx: boolean;
}

async function scanExports(entry: string): Promise<ExportsInfo> {
  const code = await readFile(entry, 'utf8');
  const names = [...code.matchAll(/export (?:const|function|class) (\w+)/g)].map((m) => m[1] ?? '');
  return { names, usesJsx: /<[A-Z]/.test(code) };
}

export async function prepareBundle(deps: Record<string, DependencyInfo>) {
  const loaders: Record<string, string> = {};
  const entries: Record<string, string> = {};
  const exportsById: Record<string, ExportsInfo> = {};

  for (const id in deps) {
    const dep = deps[id]!;
    const info = await (dep.exports ?? scanExports(dep.entry));
    if (info.usesJsx && !loaders['.js']) {
      loaders['.js'] = 'jsx';
    }
    const flatId = id.replaceAll('/', '_');
    entries[flatId] = dep.entry;
    exportsById[id] = info;
  }

  return { loaders, entries, exportsById };
}
