import { firstTopLevelAwait, moduleGraph } from '../analysis/project/module-graph.js';
import { defineRule } from '../rule.js';

/**
 * `top-level-await-cycle`: a module that awaits at top level and is part of an import cycle. The modules of the cycle
 * that import it wait for its await; if it needs them back (a binding, an `await import()`), it deadlocks or reads an
 * uninitialised binding. The module graph is built once per program.
 */
export default defineRule({
  meta: {
    id: 'top-level-await-cycle',
    description: 'Reports a module with top-level `await` that is part of an import cycle.',
    defaultSeverity: 'error',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      cycle:
        'This module awaits at top level and is part of an import cycle ({{cycle}}): the modules of the cycle wait ' +
        'for this await while it may need them, a deadlock or an uninitialised import depending on which module ' +
        'loads first. Break the cycle, or move the await into a function called after every import has loaded.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;
    // Cycles are reported on the module that awaits at top level: a file without such an await needs no graph (most
    // projects have none, and building the graph resolves every import of every file).
    if (sourceFile.isDeclarationFile || firstTopLevelAwait(sourceFile) === undefined) return {};
    return {
      onEnd: () => {
        const cycle = moduleGraph(context.program, context.files).cycles.get(sourceFile.fileName);
        if (cycle === undefined) return;
        context.report({
          node: cycle.awaitNode,
          messageId: 'cycle',
          data: { cycle: cycle.path.map((name) => relativeName(sourceFile.fileName, name)).join(' → ') },
        });
      },
    };
  },
});

/** `name` relative to the directory of `from`, with `./`-free forward slashes: `b.ts`, `lib/c.ts`, `../d.ts`. */
function relativeName(from: string, name: string): string {
  const fromParts = from.split(/[\\/]/).slice(0, -1);
  const parts = name.split(/[\\/]/);
  let common = 0;
  while (common < fromParts.length && common < parts.length - 1 && fromParts[common] === parts[common])
    common += 1;
  const up = fromParts.slice(common).map(() => '..');
  return [...up, ...parts.slice(common)].join('/');
}
