import ts from '../typescript.cjs';
import { isCommandLineScript } from '../analysis/project/command-line.js';
import { isTestFile } from '../analysis/project/test-code.js';
import { skipOuter } from '../analysis/syntax/expressions.js';
import { validateBooleanOptions } from '../analysis/options.js';
import { defineRule } from '../rule.js';
import { findFanout } from './unbounded-concurrency/fan-out.js';
import {
  isSmallCollection,
  isSmallLoop,
  isUserChosenFiles,
} from './unbounded-concurrency/small-collection.js';
import { doesIo, isLocalOrCacheWork, rewrite } from './unbounded-concurrency/io.js';
import { Origins, isEveryPageLoop } from './unbounded-concurrency/unbounded-origin.js';

/** Options of the `unbounded-concurrency` rule. */
export interface UnboundedConcurrencyOptions {
  /**
   * Report every fan-out over a collection of unknown size, not only over collections whose origin is evidently
   * unbounded (request input, rows of a query without a limit, ids parsed from a document, a directory listing, every
   * page of a listing).
   * @default false
   */
  readonly strict: boolean;
}

const defaults: UnboundedConcurrencyOptions = { strict: false };

/** The combinators that start everything they are given at once. */
const combinators = new Set(['all', 'allSettled', 'any', 'race']);

/**
 * `unbounded-concurrency`: `Promise.all` (and `allSettled`, `any`, `race`) over promises made from every element of a
 * collection of unknown size, with I/O inside.
 */
export default defineRule<UnboundedConcurrencyOptions, 'unbounded'>({
  meta: {
    id: 'unbounded-concurrency',
    description:
      'Reports `Promise.all(items.map(async …))` over a collection of unknown size: every operation starts at once.',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: true,
    messages: {
      unbounded:
        '`Promise.{{combinator}}` starts one operation per element of a collection of unknown size, all at once: a ' +
        'large input exhausts sockets, memory or a rate limit. Bound it: `{{helper}}(items, fn, { concurrency: 8 })` ' +
        'from @awaitwise/core.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('unbounded-concurrency', raw, defaults),
  create(context) {
    const { strict } = context.options;
    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
        const callee = skipOuter(call.expression);
        if (
          !ts.isPropertyAccessExpression(callee) ||
          !ts.isIdentifier(callee.expression) ||
          callee.expression.text !== 'Promise' ||
          !combinators.has(callee.name.text)
        ) {
          return;
        }
        const argument = call.arguments[0];
        if (argument === undefined) return;
        const fanout = findFanout(argument);
        if (fanout === undefined) return;
        const checker = context.getTypeChecker();
        // Test code fans out over fixtures the test chose.
        if (isTestFile(context.sourceFile.fileName)) return;
        if (fanout.items !== undefined && isSmallCollection(fanout.items, checker)) return;
        if (fanout.items !== undefined && isUserChosenFiles(fanout.items, checker)) return;
        if (fanout.loop !== undefined && isSmallLoop(fanout.loop, checker)) return;
        if (!doesIo(fanout.work, checker)) return;
        if (!strict) {
          // By default only a collection whose origin is evidently unbounded, seen from the code.
          if (isCommandLineScript(context.sourceFile)) return;
          const origins = new Origins(checker, context.program);
          const evident =
            (fanout.items !== undefined && origins.of(fanout.items) !== undefined) ||
            (fanout.loop !== undefined && isEveryPageLoop(fanout.loop, checker));
          if (!evident || isLocalOrCacheWork(fanout.work, checker)) return;
        }
        const combinator = callee.name.text;
        const helper = combinator === 'allSettled' ? 'mapSettled' : 'map';
        const suggestion =
          combinator === 'all' || combinator === 'allSettled'
            ? rewrite(context.sourceFile, call, fanout, helper)
            : undefined;
        context.report({
          node: callee,
          messageId: 'unbounded',
          data: { combinator, helper },
          ...(suggestion === undefined ? {} : { suggestions: [suggestion] }),
        });
      },
    };
  },
});
