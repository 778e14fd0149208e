import ts from '../typescript.cjs';
import { validateBooleanOptions } from '../analysis/options.js';
import { isCommandLineScript } from '../analysis/project/command-line.js';
import { importLoadsDefinitionsOnly } from '../analysis/project/module-graph.js';
import { isBenchmarkFile, isTestFile, isTypeTestFile } from '../analysis/project/test-code.js';
import {
  enclosingFunction,
  isAsyncFunction,
  isFunctionLike,
  isGenerator,
} from '../analysis/syntax/functions.js';
import { defineRule } from '../rule.js';
import { independentLoopAwait, independentReduceAwait, type Loop } from './sequential-await/loops.js';
import {
  awaitsInOneExpression,
  awaitsInsideCombinator,
  continuationOf,
  independentPairs,
} from './sequential-await/straight-line.js';
import { isPromiseStatic } from '../analysis/syntax/expressions.js';
import { runsOnce } from '../analysis/syntax/run-once.js';

/** Options of the `sequential-await` rule. */
export interface SequentialAwaitOptions {
  /**
   * Also check tests, benchmarks and command-line scripts (a `scripts`/`bin` folder or a `#!` line). There, the
   * order of awaits is usually the point (jobs added in the order the test expects, a warm-up before a measurement,
   * output printed in order) and their duration rarely matters.
   * @default false
   */
  readonly strict: boolean;
}

type MessageId = 'sequentialAwait' | 'independentAwaits' | 'awaitInsideAll' | 'awaitsInOneExpression';

const defaults: SequentialAwaitOptions = { strict: false };

/**
 * `sequential-await`: awaits that wait for each other although no one uses another's result. In a loop of any kind
 * (`for…of`, `for…in`, `for`, `while`/`do` over an index, a `.reduce(async …)` chain) whose iterations are
 * independent, and in straight-line code (`const a = await f(); const b = await g();` with `g` not using `a`, both
 * results then used). Precision first: loop-carried data, an early exit, an ordering need or a retry shape
 * keeps the code silent, and tests, benchmarks and scripts are checked only with `strict`.
 */
export default defineRule<SequentialAwaitOptions, MessageId>({
  meta: {
    id: 'sequential-await',
    description:
      'Reports awaits that run one after another although they are independent (in a loop, or adjacent), so the waits add up instead of overlapping.',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      sequentialAwait:
        'Each iteration waits for the previous one although its wait does not need what earlier iterations ' +
        'produced: the total time is the sum of every wait. Start them together with `Promise.all(…map(…))`, or ' +
        'bound them with `map(items, fn, { concurrency })` from @awaitwise/core; where the rest of the body needs ' +
        'the items in order, keep that part in a loop over the results.',
      independentAwaits:
        'This `await` waits for the one on line {{line}} although it does not use its result (`{{names}}`): the ' +
        'two waits add up. Start both, then await them together: `const [a, b] = await Promise.all([f(), g()])`.',
      awaitInsideAll:
        'This `await` inside the array given to `Promise.all` waits for the element before it: the calls still run ' +
        'one after another, and `Promise.all` only receives settled values. Pass the promises themselves: ' +
        '`await Promise.all([f(), g()])`.',
      awaitsInOneExpression:
        'This `await` waits for the one before it in the same {{container}}: the parts of one expression are ' +
        "evaluated left to right, so the calls run one after another although neither uses the other's result. " +
        'Start them first and await them together: `const [a, b] = await Promise.all([f(), g()])`.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('sequential-await', raw, defaults),
  create(context) {
    const fileName = context.sourceFile.fileName;
    if (
      !context.options.strict &&
      (isTestFile(fileName) || isBenchmarkFile(fileName) || isCommandLineScript(context.sourceFile))
    )
      return {};
    if (isTypeTestFile(context.sourceFile)) return {}; // compiled, never run: no wait to add up
    const checkLoop = (loop: ts.Node): void => {
      if (!isLoop(loop)) return;
      const found = independentLoopAwait(loop, context.program, context.getTypeChecker());
      if (found !== undefined) context.report({ node: found, messageId: 'sequentialAwait' });
    };
    const quietImport = (call: ts.CallExpression): boolean =>
      importLoadsDefinitionsOnly(context.program, call, context.files);
    const checkBlock = (block: ts.Node): void => {
      if (!ts.isBlock(block)) return;
      // Straight-line awaits of an async function's body or of a block inside it (not the top level of a script).
      let owner: ts.Node = block;
      while (!isFunctionLike(owner) && !ts.isSourceFile(owner)) owner = owner.parent;
      if (!isFunctionLike(owner) || !isAsyncFunction(owner) || isGenerator(owner)) return;
      // Code that runs once per process (`main()` at the bottom of a build script, start-up): the waits add up once,
      // not per request or per item. Reported with `strict` only.
      if (!context.options.strict && runsOnce(owner)) return;
      const checker = context.getTypeChecker();
      for (const { first, second, strictOnly } of independentPairs(
        checker,
        block.statements,
        continuationOf(block),
        quietImport,
      )) {
        if (strictOnly && !context.options.strict) continue;
        context.report({
          node: second.awaited,
          messageId: 'independentAwaits',
          data: {
            line: context.sourceFile.getLineAndCharacterOfPosition(first.awaited.getStart()).line + 1,
            names: [...first.names].join('`, `'),
          },
        });
      }
    };
    const onceOnly = (node: ts.Node): boolean => {
      if (context.options.strict) return false;
      const fn = enclosingFunction(node);
      return fn === undefined || runsOnce(fn);
    };
    // Awaits side by side in one literal or argument list: on real applications mostly settings reads and response
    // presenters (6 read, none a clear defect), so reported with `strict` only.
    const checkOneExpression = (node: ts.Node): void => {
      if (!context.options.strict) return;
      for (const inner of awaitsInOneExpression(context.getTypeChecker(), node))
        context.report({
          node: inner,
          messageId: 'awaitsInOneExpression',
          data: { container: containerName(node) },
        });
    };
    return {
      [ts.SyntaxKind.ObjectLiteralExpression]: checkOneExpression,
      [ts.SyntaxKind.ArrayLiteralExpression]: checkOneExpression,
      [ts.SyntaxKind.NewExpression]: checkOneExpression,
      [ts.SyntaxKind.ForOfStatement]: checkLoop,
      [ts.SyntaxKind.ForInStatement]: checkLoop,
      [ts.SyntaxKind.ForStatement]: checkLoop,
      [ts.SyntaxKind.WhileStatement]: checkLoop,
      [ts.SyntaxKind.DoStatement]: checkLoop,
      [ts.SyntaxKind.Block]: checkBlock,
      [ts.SyntaxKind.CallExpression]: (node: ts.Node) => {
        if (!ts.isCallExpression(node)) return;
        const awaited = independentReduceAwait(node);
        if (awaited !== undefined) context.report({ node: awaited, messageId: 'sequentialAwait' });
        if (isPromiseStatic(node, ['all', 'allSettled', 'any', 'race']) && !onceOnly(node))
          for (const inner of awaitsInsideCombinator(context.getTypeChecker(), node))
            context.report({ node: inner, messageId: 'awaitInsideAll' });
        checkOneExpression(node);
      },
    };
  },
});

/** What holds awaits side by side, for the message. */
function containerName(node: ts.Node): string {
  if (ts.isObjectLiteralExpression(node)) return 'object literal';
  if (ts.isArrayLiteralExpression(node)) return 'array literal';
  return 'argument list';
}

function isLoop(node: ts.Node): node is Loop {
  return (
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isForStatement(node) ||
    ts.isWhileStatement(node) ||
    ts.isDoStatement(node)
  );
}
