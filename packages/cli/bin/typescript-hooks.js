// Module hooks registered by the `awaitwise` command before it loads the analyzer. TypeScript ships one 9 MB
// CommonJS file; importing it from ES modules makes Node lex the whole source to find its named exports, which
// costs about a second on every run. Every import of `typescript` in the analyzer is a default import, so it is
// served by a two-line ES module that `require`s the same file (resolved exactly as Node would) instead.
import { fileURLToPath } from 'node:url';

const marker = '?awaitwise-cjs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (
    specifier !== 'typescript' ||
    !resolved.url.startsWith('file:') ||
    !resolved.url.endsWith('/typescript.js')
  ) {
    return resolved;
  }
  return { ...resolved, url: `${resolved.url}${marker}`, format: 'module', shortCircuit: true };
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith(marker)) return nextLoad(url, context);
  const file = fileURLToPath(url.slice(0, -marker.length));
  const source =
    `import { createRequire } from 'node:module';\n` +
    `export default createRequire(${JSON.stringify(file)})(${JSON.stringify(file)});\n`;
  return { format: 'module', source, shortCircuit: true };
}
