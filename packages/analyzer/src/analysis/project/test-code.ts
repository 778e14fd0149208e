/**
 * What is test code, and what a test framework's calls mean: test files by path, type-test files that are never run,
 * the framework a test API comes from (by import or `require`), test, suite and hook registrations, test callbacks,
 * `done`-callback tests. One place for every rule that judges test code differently from production code. Internal to
 * the analyzer.
 *
 * The contracts the rules rely on, per framework (from each framework's documentation):
 *
 * | framework | `test()`/`it()`/`describe()` return | subtests | async callbacks | `done` |
 * |---|---|---|---|---|
 * | node:test (`node:test`, `test`) | a promise that never rejects: the runner reports failures | `t.test()`, a promise that never rejects (Node 20 cancels an un-awaited subtest and reports it; Node 22+ waits for it) | tests, suites, hooks | second parameter of a test |
 * | tap (`tap`) | a promise that never rejects | `t.test()`, the same | tests | `t.end()` |
 * | vitest, jest, bun:test | `void` | — | tests and hooks (the runner awaits them) | jest: first parameter |
 * | mocha (global, `mocha`) | a `Test`/`Suite` object | — | tests and hooks (`AsyncFunc` overload; the `Func` overload is declared first) | first parameter |
 * | ava (`ava`) | `void` | — | tests and hooks | — (`test.cb` removed) |
 * | playwright (`@playwright/test`) | `void` | `test.step()`: a promise that **can** reject, to be awaited | tests and hooks | — |
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter, skipOuterUp } from '../syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../syntax/functions.js';
import { findDeclaration, importSource, moduleOf } from '../syntax/scope.js';
import { findDescendant, forEachDescendant } from '../syntax/walk.js';

/**
 * A test file by its path: `*.test.ts`, `*.spec.js`, or a file at any depth below a `test`, `tests`, `__tests__`,
 * `spec`, `specs`, `e2e` or `__mocks__` folder (`test/cli/tempfiles.js`, `packages/kit/test/apps/basics/client.js`).
 * Only the part of the path inside the project counts: below `root` when given (the folder the run started in) and
 * below the last `fixtures`/`__fixtures__` folder, whose files are inputs a test hands to the program under test (a
 * sample project a linter or bundler is run on), not tests.
 *
 * @example
 * ```ts
 * if (isTestFile(context.sourceFile.fileName)) return; // a test may fan out over its own fixed list
 * ```
 */
export function isTestFile(fileName: string, root?: string): boolean {
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(fileName)) return true;
  let path = `/${fileName.replaceAll('\\', '/')}`.replace(/^\/\//, '/');
  if (root !== undefined) {
    const base = `/${root.replaceAll('\\', '/')}/`.replace(/^\/\//, '/').replace(/\/\/$/, '/');
    if (path.startsWith(base)) path = path.slice(base.length - 1);
  }
  const fixtures = path.search(/\/(?:__fixtures__|fixtures)\/(?!.*\/(?:__fixtures__|fixtures)\/)/);
  if (fixtures >= 0) path = path.slice(path.indexOf('/', fixtures + 1));
  return /\/(?:tests?|__tests__|specs?|e2e|__mocks__)\//.test(path);
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

/**
 * A type-test file: compiled to check types, never run (tsd's `*.test-d.ts`, tstyche's `*.tst.ts`, vitest's typecheck
 * files), a file whose only test import is a type-assertion library (`tsd`, `expect-type`, `tstyche`), or a module that
 * runs nothing and exports nothing (only imports, types and function declarations no one can call). Runtime rules
 * (floating promises, async callbacks, sequential awaits) have nothing to say there.
 *
 * @example
 * ```ts
 * if (isTypeTestFile(context.sourceFile)) return {}; // `expectType<Promise<User>>(findUser())` never runs
 * ```
 */
export function isTypeTestFile(sourceFile: ts.SourceFile): boolean {
  if (/\.(test-d|tst)\.[cm]?tsx?$/.test(sourceFile.fileName)) return true;
  if (runsNothing(sourceFile)) return true;
  let typeAssertions = false;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const source = statement.moduleSpecifier.text;
    if (typeAssertionModules.has(source)) typeAssertions = true;
    else if (frameworkModules.has(source)) return false;
  }
  return typeAssertions;
}

/**
 * A module that runs nothing when loaded and exports nothing: only imports, types and functions no one can reach
 * (`async function testConnect() { … }` in a file `tsc --noEmit` checks for the types of a library's API).
 */
function runsNothing(sourceFile: ts.SourceFile): boolean {
  if (sourceFile.isDeclarationFile) return false;
  let functions = 0;
  for (const statement of sourceFile.statements) {
    if (
      ts.isImportDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement)
    )
      continue;
    if (!ts.isFunctionDeclaration(statement) || statement.body === undefined) return false;
    if (statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return false;
    functions++;
  }
  return functions > 0;
}

/** Libraries whose assertions are checked by the compiler only. */
const typeAssertionModules = new Set(['tsd', 'tsd-lite', 'expect-type', 'tstyche', '@tsd/typescript']);

/** A test framework, named by the module its API comes from. */
export type TestFramework =
  'node:test' | 'tap' | 'vitest' | 'jest' | 'mocha' | 'ava' | 'playwright' | 'bun:test' | 'tape';

/** The modules each framework's API is imported from. */
const frameworkModules: ReadonlyMap<string, TestFramework> = new Map<string, TestFramework>([
  ['node:test', 'node:test'],
  ['test', 'node:test'], // the npm package that backports node:test
  ['tap', 'tap'],
  ['@tapjs/core', 'tap'],
  ['vitest', 'vitest'],
  ['@jest/globals', 'jest'],
  ['mocha', 'mocha'],
  ['ava', 'ava'],
  ['@playwright/test', 'playwright'],
  ['bun:test', 'bun:test'],
  ['tape', 'tape'],
]);

/** Frameworks whose test and suite registrations return a promise that never rejects (the runner reports failures). */
const settlingFrameworks = new Set<TestFramework>(['node:test', 'tap']);

/** The test framework an identifier's value comes from, by its import or `require`. */
export function frameworkOf(identifier: ts.Identifier): TestFramework | undefined {
  const source = moduleOf(identifier);
  return source === undefined ? undefined : frameworkModules.get(source);
}

/** What a test framework call registers. */
export interface TestRegistration {
  /** `test`: a test (`it`, `test`, `specify`, `t.test`); `suite`: `describe`/`suite`/`context`; `hook`: `before…`/`after…`. */
  readonly kind: 'test' | 'suite' | 'hook';
  /** The framework, when the callee's import says; undefined for globals (mocha, jest, vitest with `globals`). */
  readonly framework: TestFramework | undefined;
  /** True for `t.test(…)` on a test's context parameter (node:test, tap). */
  readonly subtest: boolean;
  /** The registered callback, if the call passes one. */
  readonly callback: FunctionLike | undefined;
}

const testNames = new Set(['it', 'test', 'specify']);
const suiteNames = new Set(['describe', 'suite', 'context']);
const hookNames = new Set(['before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll']);
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
 * The test, suite or hook a call registers, with its framework: `test(name, fn)`, `it.only(…)`, `describe.skip(…)`,
 * `test.describe(…)`, `it.each(table)(…)`, `beforeEach(fn)`, node:test's and tap's `t.test(name, fn)`; undefined for
 * any other call (a local function called `test` is not one).
 *
 * @example
 * ```ts
 * const registration = testRegistration(call);
 * if (registration !== undefined && registrationNeverRejects(registration)) return; // node:test reports failures
 * ```
 */
export function testRegistration(call: ts.CallExpression): TestRegistration | undefined {
  let callee = skipOuter(call.expression);
  if (ts.isCallExpression(callee)) {
    // `it.each(table)(…)`, `it.skipIf(cond)(…)`
    const inner = skipOuter(callee.expression);
    if (
      !ts.isPropertyAccessExpression(inner) ||
      !(inner.name.text === 'each' || testModifiers.has(inner.name.text))
    )
      return undefined;
    callee = inner.expression;
  }
  const found = calleeRegistration(callee, 0);
  return found === undefined ? undefined : { ...found, callback: lastFunctionArgument(call) };
}

/** What calling `callee` registers (test, suite or hook, with its framework), without the callback. */
function calleeRegistration(
  expression: ts.Expression,
  depth: number,
): Omit<TestRegistration, 'callback'> | undefined {
  let callee = skipOuter(expression);
  // `(process.env.CI ? describe.skip : describe)('…', fn)`: both branches must register the same thing.
  if (ts.isConditionalExpression(callee)) return sameRegistration([callee.whenTrue, callee.whenFalse], depth);
  while (ts.isPropertyAccessExpression(callee) && testModifiers.has(callee.name.text)) {
    callee = skipOuter(callee.expression);
  }
  let name: string;
  let root: ts.Expression;
  if (ts.isIdentifier(callee)) {
    name = callee.text;
    root = callee;
  } else if (ts.isPropertyAccessExpression(callee)) {
    // `test.describe(…)`, `test.beforeEach(…)` (playwright), `t.test(…)` (node:test, tap), `runner.test(…)`
    name = callee.name.text;
    root = skipOuter(callee.expression);
  } else {
    return undefined;
  }
  if (!ts.isIdentifier(root)) return undefined;
  const declaration = findDeclaration(root);
  const subtest =
    root !== callee && declaration !== undefined && ts.isParameter(declaration) && isTestContext(declaration);
  const framework = frameworkOf(root);
  if (root === callee && framework !== undefined) {
    // An imported name: what the module exports under it (`import nodeTest from 'node:test'` is `test`).
    name = importedName(root, declaration) ?? name;
  } else if (!subtest) {
    // A local `test` function, or a method of some object, is not a registration; a local constant that only ever
    // holds registration functions stands for them (`const testIf = process.env.CI ? test.skip : test`).
    if (declaration !== undefined && framework === undefined && importSource(declaration) === undefined)
      return root === callee ? aliasRegistration(declaration, depth) : undefined;
    // `test.describe(…)` (playwright) or a namespace import (`runner.describe(…)`).
    if (root !== callee && framework === undefined && !testNames.has(root.text)) return undefined;
  }
  const kind = testNames.has(name)
    ? 'test'
    : suiteNames.has(name)
      ? 'suite'
      : hookNames.has(name)
        ? 'hook'
        : undefined;
  if (kind === undefined) return undefined;
  return { kind, framework, subtest };
}

/**
 * The registration a local constant stands for when its value is a registration function (`const testIf = cond ?
 * test.skip : test`, `const skip = describe.skip`); undefined for anything else, a `let` (it may be reassigned) or a
 * chain of more than three aliases.
 */
function aliasRegistration(
  declaration: ts.Node,
  depth: number,
): Omit<TestRegistration, 'callback'> | undefined {
  if (depth >= 3 || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name))
    return undefined;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
  if (declaration.initializer === undefined) return undefined;
  return calleeRegistration(declaration.initializer, depth + 1);
}

/** The registration every one of `values` makes, when they all make the same kind with the same framework. */
function sameRegistration(
  values: readonly ts.Expression[],
  depth: number,
): Omit<TestRegistration, 'callback'> | undefined {
  let result: Omit<TestRegistration, 'callback'> | undefined;
  for (const value of values) {
    const found = calleeRegistration(value, depth + 1);
    if (found === undefined) return undefined;
    if (result !== undefined && (result.kind !== found.kind || result.framework !== found.framework))
      return undefined;
    result ??= found;
  }
  return result;
}

/**
 * The name a module exports an imported or required binding under: `test` for `import { test as check }`, for a
 * default import or a whole-module `require` of a test framework (their default export is `test`).
 */
function importedName(identifier: ts.Identifier, declaration: ts.Node | undefined): string | undefined {
  if (declaration === undefined) return undefined;
  if (ts.isImportSpecifier(declaration)) return (declaration.propertyName ?? declaration.name).text;
  if (ts.isImportClause(declaration)) return 'test';
  if (ts.isBindingElement(declaration)) {
    const property = declaration.propertyName ?? declaration.name;
    return ts.isIdentifier(property) ? property.text : undefined;
  }
  if (ts.isVariableDeclaration(declaration) && ts.isObjectBindingPattern(declaration.name)) {
    for (const element of declaration.name.elements) {
      if (ts.isIdentifier(element.name) && element.name.text === identifier.text) {
        const property = element.propertyName ?? element.name;
        return ts.isIdentifier(property) ? property.text : undefined;
      }
    }
    return undefined;
  }
  if (ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) {
    const value = declaration.initializer === undefined ? undefined : skipOuter(declaration.initializer);
    if (value !== undefined && ts.isPropertyAccessExpression(value)) return value.name.text;
    return 'test';
  }
  return identifier.text;
}

/** True for the first parameter of a registered test's callback (node:test's and tap's test context `t`). */
function isTestContext(parameter: ts.ParameterDeclaration): boolean {
  const fn = parameter.parent;
  if (!isFunctionLike(fn) || fn.parameters[0] !== parameter) return false;
  const call = skipOuterUp(fn).parent;
  return ts.isCallExpression(call) && testCallback(call) === fn;
}

/**
 * True when a registration's promise can never reject: node:test's and tap's `test()`/`describe()` and subtests
 * (`t.test()`). Their runner reports a failing test; the promise only says when it finished (nodejs/node#51292).
 *
 * @example
 * ```ts
 * registrationNeverRejects(testRegistration(call)!); // true for `test('x', async () => …)` of node:test
 * ```
 */
export function registrationNeverRejects(registration: TestRegistration): boolean {
  if (registration.kind === 'hook') return false;
  return (
    registration.subtest ||
    (registration.framework !== undefined && settlingFrameworks.has(registration.framework))
  );
}

function lastFunctionArgument(call: ts.CallExpression): FunctionLike | undefined {
  for (let index = call.arguments.length - 1; index >= 0; index--) {
    const argument = call.arguments[index];
    if (argument === undefined) continue;
    const fn = skipOuter(argument);
    if (isFunctionLike(fn)) return fn;
  }
  return undefined;
}

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
  if (isTest) return lastFunctionArgument(call);
  // An alias of a test function (`const testIf = cond ? test.skip : test`).
  const registration = testRegistration(call);
  return registration?.kind === 'test' ? registration.callback : undefined;
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

/**
 * The first assertion call in a callback's body (`expect(…)`, `assert(…)`, `assert.equal(…)`, `expect.soft(…)`,
 * node:test's `t.assert.ok(…)`), nested functions included; undefined when there is none.
 *
 * @example
 * ```ts
 * firstAssertion(thenCallback); // the `expect(rows).toHaveLength(2)` call
 * ```
 */
export function firstAssertion(fn: ts.ArrowFunction | ts.FunctionExpression): ts.CallExpression | undefined {
  return firstAssertionIn(fn.body);
}

/**
 * The first assertion call under any node (a statement, an expression), nested functions included; undefined when
 * there is none. {@link firstAssertion} asks it of a callback's body.
 *
 * @example
 * ```ts
 * firstAssertionIn(statement); // the `expect(isPool(pool)).to.be.true` call
 * ```
 */
export function firstAssertionIn(root: ts.Node): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined) return;
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      if (ts.isIdentifier(callee) && (callee.text === 'expect' || callee.text === 'assert')) {
        found = node;
        return;
      }
      if (ts.isPropertyAccessExpression(callee)) {
        const object = skipOuter(callee.expression);
        if (ts.isIdentifier(object) && (object.text === 'assert' || object.text === 'expect')) {
          found = node;
          return;
        }
        if (
          ts.isPropertyAccessExpression(object) &&
          object.name.text === 'assert' &&
          ts.isIdentifier(object.expression)
        ) {
          found = node;
          return;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/**
 * The first assertion in a callback of a `.then`/`.catch`/`.finally` chain (`load().then((rows) => expect(rows)…)`),
 * from the chain's outermost call; undefined when no callback asserts.
 *
 * @example
 * ```ts
 * if (chainAssertion(call) !== undefined) return; // unawaited-assertion reports this chain
 * ```
 */
export function chainAssertion(call: ts.CallExpression): ts.CallExpression | undefined {
  for (const argument of chainArguments(call)) {
    const fn = skipOuter(argument);
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) continue;
    const assertion = firstAssertion(fn);
    if (assertion !== undefined) return assertion;
  }
  return undefined;
}

/**
 * The arguments of the `.then`/`.catch`/`.finally` links at the end of a chain, from the outermost call inwards up
 * to the first call that is not one (`load().then(f).catch(g)`: `g`, then `f`; `load()` ends the walk). One walk for
 * {@link chainAssertion} and {@link settlesThroughParameter}, which read the callbacks it gives.
 */
function chainArguments(call: ts.CallExpression): ts.Expression[] {
  const found: ts.Expression[] = [];
  let link: ts.Expression = call;
  while (ts.isCallExpression(link)) {
    const callee = skipOuter(link.expression);
    if (!ts.isPropertyAccessExpression(callee)) break;
    const name = callee.name.text;
    if (name !== 'then' && name !== 'catch' && name !== 'finally') break;
    found.push(...link.arguments);
    link = skipOuter(callee.expression);
  }
  return found;
}

/**
 * True when `node` runs inside the callback of a registered test or hook (`it`, `test`, `t.test`, `beforeEach` …),
 * directly or in a function declared there.
 *
 * @example
 * ```ts
 * isInTestBody(statement); // true inside `it('saves', async () => { … })`
 * ```
 */
export function isInTestBody(node: ts.Node): boolean {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const call = skipOuterUp(current).parent;
    if (ts.isCallExpression(call)) {
      const registration = testRegistration(call);
      if (registration !== undefined && registration.kind !== 'suite' && registration.callback === current)
        return true;
    }
  }
  return false;
}

/**
 * True when a promise chain reports its own end through a parameter of the callback it runs in: a `.then`, `.catch`
 * or `.finally` callback of the chain calls that parameter or one of its methods as a statement, or hands it over as
 * the callback (`trx.commit()`, `.then(trx.commit)`, `resolve(rows)`). Whoever passed the callback that parameter
 * waits for the call: knex's `transaction((trx) => { query.transacting(trx).then(() => trx.commit()) })` ends when
 * the chain commits. A test's own callback does not count (node:test's `t.assert…` in a chain is an assertion).
 *
 * @example
 * ```ts
 * if (settlesThroughParameter(call)) return; // the awaited transaction ends when this chain commits
 * ```
 */
export function settlesThroughParameter(chain: ts.CallExpression): boolean {
  const fn = enclosingFunction(chain);
  if (fn === undefined || fn.parameters.length === 0) return false;
  const site = skipOuterUp(fn).parent;
  if (!(ts.isCallExpression(site) || ts.isNewExpression(site))) return false;
  if (ts.isCallExpression(site) && testRegistration(site) !== undefined) return false;
  const parameters = new Set(fn.parameters.map((parameter) => parameter as ts.Node));
  const isParameter = (expression: ts.Expression): boolean => {
    let root = skipOuter(expression);
    if (ts.isPropertyAccessExpression(root)) root = skipOuter(root.expression);
    if (!ts.isIdentifier(root)) return false;
    const declaration = findDeclaration(root);
    return declaration !== undefined && parameters.has(declaration);
  };
  return chainArguments(chain).some((argument) => {
    const callback = skipOuter(argument);
    if (!isFunctionLike(callback)) return isParameter(callback);
    const settle = findDescendant(callback, (node) => {
      if (!ts.isExpressionStatement(node)) return false;
      const call = skipOuter(node.expression);
      return ts.isCallExpression(call) && isParameter(call.expression);
    });
    return settle !== undefined;
  });
}

/**
 * True when `expression` is a command of Cypress's queue (`cy.get(…)`, `cy.intercept(…)`, `cy.login()`): a value of
 * the `Cypress.Chainable` interface that the `cypress` package declares (projects may add commands to it). The runner
 * runs the queued commands in order after the test function returns and fails the test on an error; a command has a
 * `then` method but is not a promise (Cypress documents that awaiting one is wrong), so it never floats.
 *
 * @example
 * ```ts
 * isQueuedTestCommand(checker, statement.expression); // true for `cy.intercept('GET', /tags/, { fixture })`
 * ```
 */
export function isQueuedTestCommand(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(expression);
  const symbol = type.aliasSymbol ?? type.getSymbol();
  if (symbol?.name !== 'Chainable') return false;
  return (
    symbol.declarations?.some((declaration) =>
      /[\\/]node_modules[\\/]cypress[\\/]/.test(declaration.getSourceFile().fileName),
    ) === true
  );
}
