import ts from '../typescript.cjs';
import { validateBooleanOptions } from '../analysis/options.js';
import { firstTopLevelAwait, moduleGraph } from '../analysis/project/module-graph.js';
import { defineRule } from '../rule.js';

/** Options of the `top-level-await-cycle` rule. */
export interface TopLevelAwaitCycleOptions {
  /**
   * Also report cycles whose modules use each other's bindings only inside functions that nothing calls while the
   * modules load (and import none of them with `import()`): they load in any order today, but one top-level use
   * added later breaks them.
   * @default false
   */
  readonly strict: boolean;
}

type MessageId = 'cycle' | 'cycleLoadsSafely';

const defaults: TopLevelAwaitCycleOptions = { strict: false };

/**
 * `top-level-await-cycle`: a module that awaits at top level and is part of an import cycle. The modules of the cycle
 * that import it wait for its await; if it needs them back (a binding, an `await import()`), it deadlocks or reads an
 * uninitialised binding. The module graph is built once per program. A cycle whose modules only use each other's
 * bindings inside functions called after loading (and that no `import()` closes) loads in any order: reported only
 * with `{ strict: true }`.
 */
export default defineRule<TopLevelAwaitCycleOptions, MessageId>({
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
        'loads first ({{use}}). Break the cycle, or move the await into a function called after every import has ' +
        'loaded.',
      cycleLoadsSafely:
        'This module awaits at top level and is part of an import cycle ({{cycle}}). Its modules use each other ' +
        'only inside functions called later, so it loads today in any order; a top-level use added to one of them ' +
        'would meet an uninitialised binding. Reported with `strict` only.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('top-level-await-cycle', raw, defaults),
  create(context) {
    const { sourceFile } = context;
    // Cycles are reported on the module that awaits at top level: a file without such an await needs no graph (most
    // projects have none, and building the graph resolves every import of every file).
    if (sourceFile.isDeclarationFile || firstTopLevelAwait(sourceFile) === undefined) return {};
    return {
      onEnd: () => {
        const cycle = moduleGraph(context.program, context.files).cycles.get(sourceFile.fileName);
        if (cycle === undefined) return;
        const path = cycle.path.map((name) => relativeName(sourceFile.fileName, name)).join(' → ');
        const use = cycle.useOnLoad;
        if (use === undefined) {
          if (context.options.strict)
            context.report({ node: cycle.awaitNode, messageId: 'cycleLoadsSafely', data: { cycle: path } });
          return;
        }
        const file = context.program.getSourceFile(use.fileName);
        const line =
          file === undefined ? 0 : file.getLineAndCharacterOfPosition(use.node.getStart(file)).line + 1;
        const where = `${relativeName(sourceFile.fileName, use.fileName)}:${line}`;
        const what = ts.isIdentifier(use.node)
          ? `\`${use.node.text}\` is used at ${where} while the modules load`
          : `an \`import()\` at ${where} waits for the cycle`;
        context.report({ node: cycle.awaitNode, messageId: 'cycle', data: { cycle: path, use: what } });
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
