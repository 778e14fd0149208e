import ts from '../typescript.cjs';
import { canImport, importEdit, prefixEdits, wrapEdits } from '../analysis/edits.js';
import { memberName, skipOuter, skipOuterUp } from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isAsyncFunction } from '../analysis/syntax/functions.js';
import { getRejectionAnalysis } from '../analysis/can-reject.js';
import { validateBooleanOptions } from '../analysis/options.js';
import { isFluentCall, isThenableExpression } from '../analysis/types/quick-types.js';
import {
  chainAssertion,
  firstAssertionIn,
  isInTestBody,
  isQueuedTestCommand,
  isTestFile,
  isBenchmarkFile,
  isTypeTestFile,
  registrationNeverRejects,
  settlesThroughParameter,
  testRegistration,
  usesDoneCallback,
} from '../analysis/project/test-code.js';
import { findDeclaration } from '../analysis/syntax/scope.js';
import { findInFunction } from '../analysis/syntax/walk.js';
import { processRejectionHandler } from '../analysis/project/process-handlers.js';
import {
  dependentWork,
  type DependentWork,
  isUiModule,
  runsInElectron,
} from '../analysis/project/ui-code.js';
import { where } from '../analysis/can-reject.js';
import type { Suggestion } from '../rule.js';
import { defineRule } from '../rule.js';

/** Options of the `floating-promise` rule. */
export interface FloatingPromiseOptions {
  /**
   * Also report floating promises that cannot reject (an async function that catches everything it can throw, a
   * promise `.catch`ed before it was stored), and those whose rejection ends where the program means it to: a
   * statement at a module's top level (a script's `main()`: Node ends the process with the error), a program that
   * installs `process.on('unhandledRejection', …)`, a test's last call after its assertions, a chain in a test that
   * ends by calling its callback's parameter (`trx.commit()`).
   * @default false
   */
  readonly strict: boolean;
}

type MessageId =
  'floating' | 'floatingUi' | 'floatingSafe' | 'floatingOwned' | 'unused' | 'unusedSafe' | 'unusedOwned';

const defaults: FloatingPromiseOptions = { strict: false };

/**
 * `floating-promise`: a promise-valued expression statement (or a local variable holding a promise that is never
 * used) that nobody awaits, returns or handles. Reported by default only when the promise can reject — see
 * `analysis/can-reject.ts`; with `{ strict: true }` every floating promise is reported.
 *
 * @example
 * ```ts
 * saveUser(user); // flagged when saveUser can reject
 * ```
 */
export default defineRule<FloatingPromiseOptions, MessageId>({
  meta: {
    id: 'floating-promise',
    description:
      'Reports promises that are neither awaited, returned nor handled and can reject: their rejection is unhandled.',
    defaultSeverity: 'error',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: true,
    messages: {
      floating:
        'This promise is not awaited, returned or handled, and it can reject ({{reason}}): the rejection would be ' +
        'unhandled and Node exits. Await it, return it, or hand it to `background(…)` from @awaitwise/core.',
      floatingUi:
        'This promise is not awaited, returned or handled, and it can reject ({{reason}}), yet work depends on it: ' +
        '{{dependent}}. A failure is only logged here. Await it, or `.catch(…)` it to decide what a failure does.',
      floatingSafe:
        'This promise is not awaited, returned or handled. It cannot reject ({{reason}}), but nothing waits for ' +
        'it to finish: await it, or mark the fire-and-forget with `void` or `background(…)`.',
      floatingOwned:
        'This promise is not awaited, returned or handled, and it can reject ({{reason}}), but {{owner}}. Reported ' +
        'with `strict` only: await it, or `.catch(…)` it to decide what a failure does here.',
      unused:
        'The promise stored in `{{name}}` is never awaited, returned or handled, and it can reject ({{reason}}): ' +
        'the rejection would be unhandled. Await it, or hand it to `background(…)` from @awaitwise/core.',
      unusedSafe:
        'The promise stored in `{{name}}` is never used. It cannot reject ({{reason}}), but nothing waits for it: ' +
        'await it, or drop the variable and mark the call with `void`.',
      unusedOwned:
        'The promise stored in `{{name}}` is never awaited, returned or handled, and it can reject ({{reason}}), but ' +
        '{{owner}}. Reported with `strict` only.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('floating-promise', raw, defaults),
  create(context) {
    const { sourceFile } = context;
    // A type test (`*.test-d.ts`, tsd, expect-type) is compiled, never run: no promise in it ever floats.
    if (isTypeTestFile(sourceFile)) return {};
    const checker = (): ts.TypeChecker => context.getTypeChecker();
    const testFile = isTestFile(sourceFile.fileName, context.program.getCurrentDirectory());
    // In a test, a chain the test neither awaits nor returns runs after the test has passed, even without types.
    const isPromise = (expression: ts.Expression): boolean =>
      isThenableExpression(checker(), expression) ||
      ((testFile || isInTestBody(expression)) && isUntypedThenChain(checker(), expression));

    const suggestionsFor = (expression: ts.Expression, statement: ts.Node): Suggestion[] => {
      const suggestions: Suggestion[] = [];
      const fn = enclosingFunction(statement);
      if (fn !== undefined && isAsyncFunction(fn)) {
        suggestions.push({
          description: 'Await the promise',
          edits: prefixEdits(sourceFile, expression, 'await'),
        });
      }
      suggestions.push({
        description: 'Mark it as fire-and-forget with `void` (a rejection stays unhandled)',
        edits: prefixEdits(sourceFile, expression, 'void'),
      });
      // Not offered when the file already has a `background` of its own (the import would redeclare it).
      const imports = canImport(sourceFile)
        ? importEdit(sourceFile, 'background', '@awaitwise/core')
        : undefined;
      if (imports !== undefined) {
        suggestions.push({
          description: 'Hand it to `background()` from @awaitwise/core, which reports its failure',
          edits: [...imports, ...wrapEdits(sourceFile, expression, 'background')],
        });
      }
      return suggestions;
    };

    let names: Map<string, number> | undefined;
    const nameCount = (text: string): number => {
      if (names === undefined) {
        const counts = new Map<string, number>();
        const visit = (node: ts.Node): void => {
          if (ts.isIdentifier(node)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
          ts.forEachChild(node, visit);
        };
        visit(sourceFile);
        names = counts;
      }
      return names.get(text) ?? 0;
    };

    const check = (part: ts.Expression, statement: ts.ExpressionStatement): void => {
      if (!isCallLike(part) && !ts.isIdentifier(part) && !ts.isPropertyAccessExpression(part)) return;
      // `expect(p).rejects.toThrow()` not awaited: unawaited-assertion reports it, with a message for tests.
      if (isAsyncAssertion(part)) return;
      // node:test's and tap's `test()`/`describe()`/`t.test()`: the promise never rejects, the runner reports failures.
      const inner = skipOuter(part);
      if (ts.isCallExpression(inner)) {
        const registration = testRegistration(inner);
        if (registration !== undefined && registrationNeverRejects(registration)) return;
        // `load().then((rows) => expect(rows)…)` in a test: unawaited-assertion reports the assertion that never counts.
        if (chainAssertion(inner) !== undefined && isInTestBody(inner)) return;
      }
      // `reply.code(404)`, `query.where(…)`, `app.register(plugin)`: configuring an object the code still holds.
      if (ts.isCallExpression(inner) && configuresHeldObject(checker(), inner)) return;
      if (!isPromise(part)) return;
      // `cy.get(…)`: a command Cypress queues and runs after the test function returns, not a promise.
      if (isQueuedTestCommand(checker(), part)) return;
      const analysis = getRejectionAnalysis(checker());
      if (analysis.isHandled(part)) return;
      const verdict = analysis.expression(part);
      if (!verdict.canReject && !context.options.strict) return;
      dependent = undefined;
      const owner = verdict.canReject ? rejectionOwner(part, statement) : undefined;
      const depends = dependent as DependentWork | undefined;
      if (owner !== undefined && !context.options.strict) return;
      // At top level the plain message says it all: the rejection ends the process, which a script may want.
      context.report({
        node: part,
        messageId: !verdict.canReject
          ? 'floatingSafe'
          : owner === topLevel
            ? 'floating'
            : owner !== undefined
              ? 'floatingOwned'
              : depends !== undefined
                ? 'floatingUi'
                : 'floating',
        data: { reason: verdict.reason, owner: owner ?? '', dependent: depends?.reason ?? '' },
        suggestions: suggestionsFor(part, statement),
      });
    };

    /**
     * Who answers for this floating promise's rejection when it is not a defect at default severity (a few words for
     * the message), or undefined when nobody does.
     */
    const rejectionOwner = (part: ts.Expression, statement: ts.ExpressionStatement): string | undefined => {
      // In a test's body the runner reports the rejection; what matters there is whether the test waits.
      const inTest = isInTestBody(statement);
      // A script's `main()` or an entry's start-up call: since Node 15 a rejection ends the process with the error.
      if (enclosingFunction(statement) === undefined && !inTest) return topLevel;
      const inner = skipOuter(part);
      // A test harness may hand the test function in (`module.exports = (test) => …`): in a test file, a chain is
      // test code whether or not the analyzer recognises the registration.
      if (ts.isCallExpression(inner) && (inTest || testFile) && settlesThroughParameter(inner)) {
        return "the chain ends by calling its callback's parameter, so whoever handed it that parameter waits for it";
      }
      if (inTest || testFile) {
        // A test that waits for a callback (mocha's `done`, a `new Promise` executor's `resolve`) rather than for this
        // promise: the runner reports an unhandled rejection as the test's failure, and the test waits either way.
        const fn = enclosingFunction(statement);
        if (
          fn !== undefined &&
          !isAsyncFunction(fn) &&
          isHandedIn(fn) &&
          settlesThroughCallback(checker(), fn)
        ) {
          return 'the test waits for a callback, not for this promise, and the runner reports its rejection as the failure';
        }
        // `done.then(cleanup)` where the test also awaits `done`: the test fails with that same rejection.
        const continued = continuedPromise(inner);
        if (continued !== undefined && isAwaitedIn(continued, fn)) {
          return `the test also awaits \`${continued.text}\`, so it fails with the same rejection`;
        }
      }
      if (inTest) {
        return isTeardownAfterAssertions(statement)
          ? "it is the test's last call, after its assertions: the test has nothing left to check"
          : undefined;
      }
      // A benchmark is a script: a rejection ends the run with the error, as a failed measurement should.
      if (isBenchmarkFile(sourceFile.fileName))
        return 'it is in a benchmark, where a rejection ends the run with the error';
      // UI code logs an unhandled rejection and goes on, and so does Electron in its main process and renderers: the
      // defect is work after the call that depends on it (its result, what it writes, a state it brackets).
      const ui = isUiModule(sourceFile);
      if (ui || electron()) {
        dependent = dependentWork(statement, part, checker(), (call) =>
          getRejectionAnalysis(checker()).referencedFunction(call.expression),
        );
        if (dependent === undefined) return ui ? uiOwner : electronOwner;
        return undefined;
      }
      return programHandler();
    };

    /** What depends on the promise being checked, when it is in UI code or an Electron app (see `dependentWork`). */
    let dependent: DependentWork | undefined;

    let inElectron: boolean | undefined;
    const electron = (): boolean => (inElectron ??= runsInElectron(sourceFile, context.files));

    let handler: string | null | undefined;
    /** "the program installs `process.on('unhandledRejection')` (cli.ts:46)", once per file. */
    const programHandler = (): string | undefined => {
      if (handler === undefined) {
        const call = processRejectionHandler(context.program, context.files, sourceFile);
        handler =
          call === undefined
            ? null
            : `the program handles unhandled rejections itself (\`process.on('unhandledRejection')\` at ${where(call)})`;
      }
      return handler ?? undefined;
    };

    return {
      [ts.SyntaxKind.ExpressionStatement]: (node) => {
        const statement = node;
        for (const part of discardedParts(statement.expression)) check(part, statement);
      },
      [ts.SyntaxKind.VariableDeclaration]: (node) => {
        const declaration = node;
        const { initializer } = declaration;
        if (initializer === undefined || !ts.isIdentifier(declaration.name)) return;
        const list = declaration.parent as ts.Node | undefined;
        if (list === undefined || !ts.isVariableDeclarationList(list) || !ts.isVariableStatement(list.parent))
          return;
        const binding: number = list.flags & ts.NodeFlags.BlockScoped;
        if (binding === (ts.NodeFlags.Using as number) || binding === (ts.NodeFlags.AwaitUsing as number))
          return;
        if (ts.getModifiers(list.parent)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true)
          return;
        if (ts.isSourceFile(list.parent.parent) && !ts.isExternalModule(sourceFile)) return; // a script global
        // Cheap first: most variables are used, so a name that occurs again in the file is taken as used.
        if (!isCallLike(initializer) || nameCount(declaration.name.text) > 1) return;
        if (!isPromise(initializer)) return;
        if (isReferenced(checker(), declaration.name)) return;
        const analysis = getRejectionAnalysis(checker());
        if (analysis.isHandled(initializer)) return;
        const verdict = analysis.expression(initializer);
        if (!verdict.canReject && !context.options.strict) return;
        const owner = verdict.canReject && !isInTestBody(declaration) ? programHandler() : undefined;
        if (owner !== undefined && !context.options.strict) return;
        context.report({
          node: declaration.name,
          messageId: !verdict.canReject ? 'unusedSafe' : owner === undefined ? 'unused' : 'unusedOwned',
          data: { name: declaration.name.text, reason: verdict.reason, owner: owner ?? '' },
        });
      },
    };
  },
});

/**
 * True when one of `fn`'s parameters is its completion callback: called (`done()`, `resolve(value)`), or handed on
 * where its type says it is a function (`setTimeout(done, 10)`). A parameter only passed as data (`insert(trx)`) is
 * not one.
 */
function settlesThroughCallback(checker: ts.TypeChecker, fn: FunctionLike): boolean {
  if (!usesDoneCallback(fn)) return false;
  return fn.parameters.some((parameter) => {
    if (!ts.isIdentifier(parameter.name)) return false;
    const name = parameter.name.text;
    if (checker.getTypeAtLocation(parameter).getCallSignatures().length > 0) return true;
    let called = false;
    const visit = (node: ts.Node): void => {
      if (called) return;
      if (ts.isCallExpression(node)) {
        const callee = skipOuter(node.expression);
        if (ts.isIdentifier(callee) && callee.text === name) called = true;
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body !== undefined) visit(fn.body);
    return called;
  });
}

/** True for a function written as an argument (`channelTest((ch, done) => …)`, `new Promise((resolve) => …)`). */
function isHandedIn(fn: ts.Node): boolean {
  const site = skipOuterUp(fn).parent;
  return (ts.isCallExpression(site) || ts.isNewExpression(site)) && site.expression !== skipOuterUp(fn);
}

/** The variable a `.then`/`.catch`/`.finally` chain continues (`done` in `done.then(…)`), if it is one. */
function continuedPromise(expression: ts.Expression): ts.Identifier | undefined {
  let current = skipOuter(expression);
  let continues = false;
  while (ts.isCallExpression(current)) {
    const callee = skipOuter(current.expression);
    const method = memberName(callee);
    if (
      !ts.isPropertyAccessExpression(callee) ||
      (method !== 'then' && method !== 'catch' && method !== 'finally')
    )
      return undefined;
    continues = true;
    current = skipOuter(callee.expression);
  }
  return continues && ts.isIdentifier(current) ? current : undefined;
}

/** True when `fn`'s own body (not a nested function) awaits or returns the variable `name` refers to. */
function isAwaitedIn(name: ts.Identifier, fn: ts.Node | undefined): boolean {
  if (fn === undefined) return false;
  const declaration = findDeclaration(name);
  if (declaration === undefined) return false;
  return (
    findInFunction(fn, (node) => {
      const operand = ts.isAwaitExpression(node) || ts.isReturnStatement(node) ? node.expression : undefined;
      if (operand === undefined) return false;
      const value = skipOuter(operand);
      return ts.isIdentifier(value) && value.text === name.text && findDeclaration(value) === declaration;
    }) !== undefined
  );
}

/** The owner of a fire-and-forget rejection in UI code that nothing depends on (see `dependentWork`). */
const uiOwner =
  'nothing after it depends on it, in UI code, where an unhandled rejection is logged and the app goes on';

/** The owner of such a rejection in an Electron app's main process or renderer (see `runsInElectron`). */
const electronOwner =
  'nothing after it depends on it, in an Electron app, which logs an unhandled rejection and goes on';

/** The owner of a rejection at a module's top level (a script's `main()`, an entry's start-up call). */
const topLevel = 'it runs at the top level of the module, where a rejection ends the program with the error';

/**
 * True for the last statement of a test's callback when an earlier statement asserts: `expect(isPool(pool)).to.be.true;
 * pool.destroy();` — what the test checks has been checked, and what is left is clean-up.
 */
function isTeardownAfterAssertions(statement: ts.ExpressionStatement): boolean {
  const block = statement.parent;
  if (!ts.isBlock(block) || block.statements.at(-1) !== statement) return false;
  const fn = block.parent;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const call = skipOuterUp(fn).parent;
  if (!ts.isCallExpression(call)) return false;
  const registration = testRegistration(call);
  if (registration?.kind !== 'test' || registration.callback !== fn) return false;
  const before = block.statements.slice(0, -1);
  if (before.length === 0) return false;
  return before.some((earlier) => firstAssertionIn(earlier) !== undefined);
}

/** `expect(…).resolves…` / `expect(…).rejects…`: an async assertion chain (the unawaited-assertion rule's). */
function isAsyncAssertion(expression: ts.Expression): boolean {
  let current = skipOuter(expression);
  let sawAsyncMatcher = false;
  for (;;) {
    if (ts.isCallExpression(current)) {
      const callee = skipOuter(current.expression);
      if (ts.isIdentifier(callee)) return sawAsyncMatcher && callee.text === 'expect';
      current = callee;
    } else if (ts.isPropertyAccessExpression(current)) {
      if (current.name.text === 'resolves' || current.name.text === 'rejects') sawAsyncMatcher = true;
      current = skipOuter(current.expression);
    } else {
      return false;
    }
  }
}

/**
 * `x.then(f)`, `x.catch(h)`, `x.finally(f)` on a value without types (JavaScript, `any`): a promise chain in all but
 * name (used in test code only: in library code an untyped chain is often a documented never-failing internal). Cypress chains (`cy.get(…).then(…)`) are commands the runner queues, not promises.
 */
function isUntypedThenChain(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (!ts.isCallExpression(inner) || inner.arguments.length === 0) return false;
  const callee = skipOuter(inner.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const method = callee.name.text;
  if (method !== 'then' && method !== 'catch' && method !== 'finally') return false;
  let root: ts.Expression = callee.expression;
  for (;;) {
    root = skipOuter(root);
    if (ts.isCallExpression(root)) root = root.expression;
    else if (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root))
      root = root.expression;
    else break;
  }
  if (ts.isIdentifier(root) && root.text === 'cy') return false;
  return (checker.getTypeAtLocation(callee.expression).flags & ts.TypeFlags.Any) !== 0;
}

/** Calls, `new`, tagged templates and member accesses: the expressions that can produce a new promise. */
function isCallLike(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return (
    ts.isCallExpression(inner) ||
    ts.isNewExpression(inner) ||
    ts.isTaggedTemplateExpression(inner) ||
    ts.isElementAccessExpression(inner)
  );
}

/** The sub-expressions of an expression statement whose values are thrown away. */
function discardedParts(expression: ts.Expression): ts.Expression[] {
  const inner = skipOuter(expression);
  if (
    ts.isVoidExpression(inner) ||
    ts.isAwaitExpression(inner) ||
    ts.isYieldExpression(inner) ||
    ts.isDeleteExpression(inner)
  ) {
    return [];
  }
  if (ts.isConditionalExpression(inner))
    return [...discardedParts(inner.whenTrue), ...discardedParts(inner.whenFalse)];
  if (ts.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if (operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment) return [];
    if (operator === ts.SyntaxKind.CommaToken)
      return [...discardedParts(inner.left), ...discardedParts(inner.right)];
    if (
      operator === ts.SyntaxKind.AmpersandAmpersandToken ||
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.QuestionQuestionToken
    ) {
      return discardedParts(inner.right);
    }
  }
  return [inner];
}

/** True when some identifier other than the declaration's own name refers to the same variable. */
function isReferenced(checker: ts.TypeChecker, name: ts.Identifier): boolean {
  const symbol = checker.getSymbolAtLocation(name);
  if (symbol === undefined) return true;
  let scope: ts.Node = name.getSourceFile();
  for (
    let current = name.parent as ts.Node | undefined;
    current !== undefined && !ts.isSourceFile(current);
    current = current.parent
  ) {
    if (ts.isFunctionLike(current) || ts.isModuleBlock(current)) {
      scope = current;
      break;
    }
  }
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text) {
      if (checker.getSymbolAtLocation(node) === symbol) found = true;
      else if (ts.isShorthandPropertyAssignment(node.parent)) {
        found = checker.getShorthandAssignmentValueSymbol(node.parent) === symbol;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/**
 * True when `call` is a chain of fluent steps (see `isFluentCall`) on an object the code holds in a variable,
 * parameter or field (`reply.status(403).send(…)`, `query.where(…)`): the statement configures that object, and its
 * outcome belongs to whoever awaits or sends it (Fastify sends the reply and reports a plugin's failure from
 * `ready()`; a query builder runs where it is awaited). A chain on a fresh object (`knex('jobs').insert(row)`)
 * drops the object with its work, so it is not one.
 */
function configuresHeldObject(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  let current: ts.Expression = call;
  while (ts.isCallExpression(current)) {
    if (!isFluentCall(checker, current)) return false;
    current = skipOuter((current.expression as ts.PropertyAccessExpression).expression);
  }
  let root = current;
  while (ts.isPropertyAccessExpression(root)) root = skipOuter(root.expression);
  return ts.isIdentifier(root) || root.kind === ts.SyntaxKind.ThisKeyword;
}
