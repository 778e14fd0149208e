/**
 * What is test code, and what a test framework's calls mean: test files by path, test callbacks, `done`-callback
 * tests. One place for every rule that judges test code differently from production code. Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter, skipOuterUp } from '../syntax/expressions.js';
import { type FunctionLike, isFunctionLike } from '../syntax/functions.js';
import { forEachDescendant } from '../syntax/walk.js';

/**
 * A test file by its path: `*.test.ts`, `*.spec.js`, a file in a `test`/`tests` folder, or in a `__tests__` folder or
 * one level below it (the folders nearest the file only: a project's own location, or a fixtures folder the test
 * harness lints, is not a test).
 *
 * @example
 * ```ts
 * if (isTestFile(context.sourceFile.fileName)) return; // a test may fan out over its own fixed list
 * ```
 */
export function isTestFile(fileName: string): boolean {
  return /(\.(test|spec)\.[cm]?[jt]sx?$)|([\\/]tests?[\\/][^\\/]+$)|([\\/]__tests__[\\/](?:[^\\/]+[\\/])?[^\\/]+$)/.test(
    fileName,
  );
}

/**
 * A benchmark file by its path: `*.bench.ts`, or a file in a `bench`/`benchmark`/`benchmarks` folder (at any depth).
 * Its loops repeat work on purpose (warm-ups, rounds measured one after another).
 *
 * @example
 * ```ts
 * if (isBenchmarkFile(context.sourceFile.fileName)) return {}; // sequential on purpose
 * ```
 */
export function isBenchmarkFile(fileName: string): boolean {
  return /(\.bench\.[cm]?[jt]sx?$)|([\\/]bench(?:marks?)?[\\/])/.test(fileName);
}

const testNames = new Set(['it', 'test', 'specify']);
const testModifiers = new Set([
  'only',
  'skip',
  'concurrent',
  'fails',
  'todo',
  'sequential',
  'skipIf',
  'runIf',
]);

/**
 * The callback of a test call: `it(name, fn)`, `test.only(name, fn)`, `it.each(table)(name, fn)`, node:test's
 * `t.test(name, fn)`; undefined for any other call.
 *
 * @example
 * ```ts
 * const body = testCallback(call);
 * if (body !== undefined && usesDoneCallback(body)) return; // the runner waits for `done`
 * ```
 */
export function testCallback(call: ts.CallExpression): FunctionLike | undefined {
  let callee = skipOuter(call.expression);
  if (ts.isCallExpression(callee)) {
    // `it.each(table)(…)`
    const inner = skipOuter(callee.expression);
    if (!ts.isPropertyAccessExpression(inner) || inner.name.text !== 'each') return undefined;
    callee = skipOuter(inner.expression);
  }
  while (ts.isPropertyAccessExpression(callee) && testModifiers.has(callee.name.text)) {
    callee = skipOuter(callee.expression);
  }
  if (ts.isCallExpression(callee)) {
    // `it.skipIf(cond)(…)`
    const inner = skipOuter(callee.expression);
    if (ts.isPropertyAccessExpression(inner) && testModifiers.has(inner.name.text))
      callee = skipOuter(inner.expression);
  }
  // node:test subtests: `t.test(name, fn)`.
  const isTest =
    (ts.isIdentifier(callee) && testNames.has(callee.text)) ||
    (ts.isPropertyAccessExpression(callee) && callee.name.text === 'test');
  if (!isTest) return undefined;
  for (let index = call.arguments.length - 1; index >= 0; index--) {
    const argument = call.arguments[index];
    if (argument === undefined) continue;
    const fn = skipOuter(argument);
    if (isFunctionLike(fn)) return fn;
  }
  return undefined;
}

/**
 * True when a test callback is a `done`-callback test: it declares `done`/`cb`/… or calls one of its parameters.
 *
 * @example
 * ```ts
 * if (usesDoneCallback(body)) return; // the runner waits for the callback, not a promise
 * ```
 */
export function usesDoneCallback(test: FunctionLike): boolean {
  // Any parameter called as a function: `done` is the first one in mocha/jest, the second in node:test.
  const names = new Set(
    test.parameters.flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])),
  );
  if (names.size === 0) return false;
  // A declared `done` makes the runner wait for it (mocha/jest by arity, node:test by a second parameter).
  for (const name of names) if (/^(done|cb|callback|next|end|finish)$/.test(name)) return true;
  let called = false;
  forEachDescendant(test, (node) => {
    if (called) return 'skip';
    if (ts.isIdentifier(node) && names.has(node.text) && !ts.isParameter(node.parent)) {
      const parent = skipOuterUp(node).parent;
      // Called (`done()`), or passed on as a callback (`p.then(done)`, `.catch(done)`).
      if (ts.isCallExpression(parent)) called = true;
    }
    return undefined;
  });
  return called;
}
