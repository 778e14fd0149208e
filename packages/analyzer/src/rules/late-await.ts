import ts from '../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  isPromiseStatic,
  lineOf,
  skipOuter,
} from '../analysis/syntax/expressions.js';
import { isAsyncFunction, isFunctionLike, programFunction } from '../analysis/syntax/functions.js';
import { findDeclaration, importSource, initializedVariable } from '../analysis/syntax/scope.js';
import { forEachInFunction } from '../analysis/syntax/walk.js';
import { getRejectionAnalysis } from '../analysis/can-reject.js';
import { validateBooleanOptions } from '../analysis/options.js';
import { isTestFile } from '../analysis/project/test-code.js';
import { isThenableType } from '../analysis/types/promise-types.js';
import { isThenableExpression, neverThenableSyntax } from '../analysis/types/quick-types.js';
import { defineRule } from '../rule.js';

/** Options of the `late-await` rule. */
export interface LateAwaitOptions {
  /**
   * Also report stored promises that cannot reject (the analysis in `can-reject.ts` proves it): waiting late for
   * them is harmless, but `Promise.all` still says what is meant. And promises that wait for an event, created
   * before the awaited work that triggers it (`const done = once(child, 'exit'); await start(); await done`): the
   * listener must be registered before the trigger, so that order is the correct pattern. And test files, where a
   * rejection meanwhile fails the test anyway.
   * @default false
   */
  readonly strict: boolean;
}

type MessageId = 'lateAwait' | 'lateAwaitSafe';

const defaults: LateAwaitOptions = { strict: false };

/** A promise stored in a local variable: where, and the variable's symbol. */
interface Stored {
  readonly name: ts.Identifier;
  readonly symbol: ts.Symbol;
  readonly value: ts.Expression;
  /** End of the storing expression: from here on, the promise runs with nobody attached to it. */
  readonly end: number;
}

/**
 * `late-await`: a promise stored in a variable, then another `await` runs before the stored promise is awaited or
 * handled. If the stored promise rejects while the other await waits (or the other await throws and the stored
 * promise is never awaited), its rejection is unhandled and Node exits.
 *
 * @example
 * ```ts
 * const user = loadUser(id);      // starts now, nobody listens to it
 * const orders = await loadOrders(id); // if loadUser rejects meanwhile: unhandled rejection
 * return { user: await user, orders };
 * ```
 */
export default defineRule<LateAwaitOptions, MessageId>({
  meta: {
    id: 'late-await',
    description:
      'Reports a stored promise that is awaited only after another await: a rejection in between is unhandled.',
    defaultSeverity: 'error',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      lateAwait:
        'The promise in `{{name}}` can reject ({{reason}}) while the `await` on line {{line}} waits, and nothing ' +
        'handles it until later: that rejection is unhandled and Node exits. Await them together with ' +
        '`Promise.all([…])`, `all()` or `settle()` from @awaitwise/core, or attach a handler when it is created.',
      lateAwaitSafe:
        'The promise in `{{name}}` is awaited only after the `await` on line {{line}}. It cannot reject ' +
        '({{reason}}), so this is reported only with `strict`; `Promise.all([…])` says what is meant.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('late-await', raw, defaults),
  create(context) {
    const { sourceFile } = context;
    // In a test, a rejection while another await waits fails that test either way (the runner reports the unhandled
    // rejection): the order is not a defect of the program. 12 findings read in tests of two repositories, all false.
    if (!context.options.strict && isTestFile(sourceFile.fileName)) return {};

    const checkBody = (body: ts.Node): void => {
      // Syntax first (cheap): the awaits, and the variables a value is stored in before one of them.
      const awaits: ts.Node[] = [];
      const candidates: { name: ts.Identifier; value: ts.Expression }[] = [];
      forEachInFunction(body, (node) => {
        // Nodes the parser synthesizes in JavaScript files (from JSDoc) have no parent: not code that runs.
        if ((node.parent as ts.Node | undefined) === undefined) return 'skip';
        if (ts.isAwaitExpression(node)) {
          awaits.push(node);
        } else if (ts.isForOfStatement(node) && node.awaitModifier !== undefined) {
          // A `for await` first evaluates its iterable (`for await (const chunk of child.stdout)` reads `child`
          // before any wait): it suspends only after that expression.
          awaits.push(node.expression);
        } else if (
          ts.isVariableDeclaration(node) &&
          ts.isIdentifier(node.name) &&
          node.initializer !== undefined &&
          ts.isVariableDeclarationList(node.parent) &&
          ts.isVariableStatement(node.parent.parent)
        ) {
          if (mayBePromise(node.initializer)) candidates.push({ name: node.name, value: node.initializer });
        } else if (
          ts.isBinaryExpression(node) &&
          node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isIdentifier(node.left) &&
          ts.isExpressionStatement(node.parent) &&
          mayBePromise(node.right)
        ) {
          candidates.push({ name: node.left, value: node.right });
        }
        return undefined;
      });
      if (awaits.length === 0) return;
      const lastAwait = Math.max(...awaits.map((node) => node.getStart(sourceFile)));
      // Syntax before types: a finding needs a use of the variable after the end of an await that starts after the
      // promise is stored. `lastUse` holds the last position of each identifier text in the body (nested functions
      // included, as the references are searched below).
      let lastUse: Map<string, number> | undefined;
      const usedAfter = (text: string, position: number): boolean => {
        if (lastUse === undefined) {
          const positions = new Map<string, number>();
          const visit = (node: ts.Node): void => {
            if (ts.isIdentifier(node))
              positions.set(node.text, Math.max(positions.get(node.text) ?? -1, node.end));
            ts.forEachChild(node, visit);
          };
          visit(body);
          lastUse = positions;
        }
        return (lastUse.get(text) ?? -1) > position;
      };
      const stored: Stored[] = [];
      let checker: ts.TypeChecker | undefined;
      for (const { name, value } of candidates) {
        const end = value.getEnd();
        if (end > lastAwait || neverThenableSyntax(value)) continue;
        let firstAwaitEnd = Infinity;
        for (const node of awaits) {
          if (node.getStart(sourceFile) >= end) firstAwaitEnd = Math.min(firstAwaitEnd, node.getEnd());
        }
        if (!usedAfter(name.text, firstAwaitEnd)) continue;
        checker ??= context.getTypeChecker();
        const entry = storedPromise(checker, name, value);
        if (entry !== undefined) stored.push(entry);
      }
      if (stored.length === 0 || checker === undefined) return;
      const suspends = (node: ts.Node): boolean => {
        if (!ts.isAwaitExpression(node)) return true;
        const type = checker.getTypeAtLocation(node.expression);
        return (type.flags & ts.TypeFlags.Any) !== 0 || isThenableType(checker, type);
      };
      const references = referencesBySymbol(checker, body, new Set(stored.map((s) => s.symbol)));
      const analysis = getRejectionAnalysis(checker);
      for (const entry of stored) {
        const firstUse = references
          .get(entry.symbol)
          ?.find((identifier) => identifier !== entry.name && identifier.getStart(sourceFile) >= entry.end);
        if (firstUse === undefined) continue; // never used: the floating-promise rule reports it
        const useStart = firstUse.getStart(sourceFile);
        const between = awaits.find(
          (node) =>
            node.getStart(sourceFile) >= entry.end &&
            node.getEnd() <= useStart &&
            !inOtherBranch(entry.value, node) &&
            suspends(node),
        );
        if (between === undefined) continue;
        if (analysis.isHandled(entry.value)) continue;
        if (!context.options.strict && isEventWait(entry.value, checker)) continue;
        const verdict = analysis.expression(entry.value);
        if (!verdict.canReject && !context.options.strict) continue;
        context.report({
          node: entry.name,
          messageId: verdict.canReject ? 'lateAwait' : 'lateAwaitSafe',
          data: { name: entry.name.text, line: lineOf(sourceFile, between), reason: verdict.reason },
        });
      }
    };

    const visitFunction = (node: ts.Node): void => {
      // Only async functions can await; the top level of a module is checked as a whole.
      if (isFunctionLike(node) && isAsyncFunction(node) && node.body !== undefined) checkBody(node.body);
    };

    return {
      [ts.SyntaxKind.SourceFile]: (node) => {
        checkBody(node);
      },
      [ts.SyntaxKind.FunctionDeclaration]: visitFunction,
      [ts.SyntaxKind.FunctionExpression]: visitFunction,
      [ts.SyntaxKind.ArrowFunction]: visitFunction,
      [ts.SyntaxKind.MethodDeclaration]: visitFunction,
      [ts.SyntaxKind.GetAccessor]: visitFunction,
      [ts.SyntaxKind.SetAccessor]: visitFunction,
      [ts.SyntaxKind.Constructor]: visitFunction,
    };
  },
});

/** Cheap syntax filter: values that can evaluate to a promise (calls, references, conditionals …). */
function mayBePromise(value: ts.Expression): boolean {
  const inner = skipOuter(value);
  return (
    ts.isCallExpression(inner) ||
    ts.isNewExpression(inner) ||
    ts.isIdentifier(inner) ||
    ts.isPropertyAccessExpression(inner) ||
    ts.isElementAccessExpression(inner) ||
    ts.isConditionalExpression(inner) ||
    ts.isBinaryExpression(inner) ||
    ts.isTaggedTemplateExpression(inner)
  );
}

/**
 * The await is in another branch of an `if`/`else` (or `?:`) than where the promise is stored: it never runs after
 * the store (`if (file) p = read(file); else { data = await stdin(); … }`).
 */
function inOtherBranch(stored: ts.Node, awaited: ts.Node): boolean {
  for (
    let child: ts.Node = stored, parent = stored.parent;
    !ts.isSourceFile(parent);
    child = parent, parent = parent.parent
  ) {
    if (isFunctionLike(parent)) return false;
    if (ts.isIfStatement(parent) && parent.elseStatement !== undefined) {
      const other =
        child === parent.thenStatement
          ? parent.elseStatement
          : child === parent.elseStatement
            ? parent.thenStatement
            : undefined;
      if (other !== undefined && awaited.pos >= other.pos && awaited.end <= other.end) return true;
    }
    if (ts.isConditionalExpression(parent)) {
      const other =
        child === parent.whenTrue
          ? parent.whenFalse
          : child === parent.whenFalse
            ? parent.whenTrue
            : undefined;
      if (other !== undefined && awaited.pos >= other.pos && awaited.end <= other.end) return true;
    }
  }
  return false;
}

/** Methods that register a listener. */
const addListenerMethods = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
]);

/** Modules whose `once`/`on`/`waitFor`/`pEvent` return a promise of an event. */
const eventWaitModules = new Set(['events', 'node:events', '@awaitwise/core', 'p-event']);

/**
 * A call of a function of the program whose every `await` waits for an event of an emitter it was handed, the event
 * named by a literal at this call: `recordUntil(queue, ['job succeeded'], 'job succeeded')` whose body records the
 * events and awaits `waitOn(emitter, lastEvent)`.
 */
function waitsThroughProgramHelper(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const symbol = checker.getSymbolAtLocation(skipOuter(call.expression));
  const fn = symbol === undefined ? undefined : programFunction(symbol, checker);
  const body = fn?.body;
  if (fn === undefined || body === undefined || !ts.isBlock(body)) return false;
  const parameterAt = (node: ts.Expression): number => {
    const inner = skipOuter(node);
    return ts.isIdentifier(inner)
      ? fn.parameters.findIndex(
          (parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === inner.text,
        )
      : -1;
  };
  const waitsForPassedEvent = (operand: ts.Expression): boolean => {
    let value = skipOuter(operand);
    if (ts.isIdentifier(value)) {
      const declaration = initializedVariable(value);
      if (declaration === undefined) return false;
      value = skipOuter(declaration.initializer);
    }
    if (!ts.isCallExpression(value)) return false;
    const [target, event] = value.arguments;
    if (target === undefined || event === undefined) return false;
    const targetAt = parameterAt(target);
    const eventAt = parameterAt(event);
    const passedEvent = eventAt < 0 ? undefined : call.arguments[eventAt];
    return (
      targetAt >= 0 &&
      call.arguments[targetAt] !== undefined &&
      passedEvent !== undefined &&
      ts.isStringLiteralLike(skipOuter(passedEvent))
    );
  };
  const awaited: ts.Expression[] = [];
  forEachInFunction(body, (node) => {
    if (ts.isAwaitExpression(node)) awaited.push(node.expression);
    return undefined;
  });
  return awaited.length > 0 && awaited.every(waitsForPassedEvent);
}

/**
 * A helper handed an event emitter and a literal event name, whatever its name or library (`waitOn(queue,
 * 'failed')`, `pEvent(socket, 'open')`, a test helper): it waits for that event, which the code goes on to trigger.
 * The emitter is told by its type (it has `on`, `once` or `addEventListener`); in untyped code, where both the value
 * and the helper's result are `any`, the literal name stands for it.
 */
function waitsForNamedEvent(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const [target, event] = call.arguments;
  const name = event === undefined ? undefined : skipOuter(event);
  if (target === undefined || name === undefined || !ts.isStringLiteralLike(name)) return false;
  const targetType = checker.getTypeAtLocation(target);
  // untyped code (`t.context.makeQueue()` in a JavaScript test): an unknown value, an untyped helper, a literal name
  if ((targetType.flags & ts.TypeFlags.Any) !== 0)
    return (checker.getTypeAtLocation(call).flags & ts.TypeFlags.Any) !== 0;
  const type = checker.getApparentType(targetType);
  return ['on', 'once', 'addEventListener'].some(
    (member) => checker.getPropertyOfType(type, member) !== undefined,
  );
}

/**
 * A promise that waits for an event, its listener registered as it is created: `once(emitter, 'exit')` from
 * `node:events` (or `events.once(…)`), `waitFor`/`pEvent` of @awaitwise/core or p-event, or
 * `new Promise((resolve, reject) => { emitter.once('close', resolve); … })`. Created before the await that triggers
 * the event, it is the correct pattern: created after, it could miss the event.
 */
function isEventWait(value: ts.Expression, checker: ts.TypeChecker): boolean {
  const inner = skipOuter(value);
  if (ts.isCallExpression(inner)) {
    // `Promise.all([waitOn(queue, 'failed'), waitOn(queue, 'succeeded')])`: a wait for several events
    const list = inner.arguments[0];
    if (
      isPromiseStatic(inner, ['all', 'allSettled']) &&
      list !== undefined &&
      ts.isArrayLiteralExpression(skipOuter(list))
    ) {
      const elements = (skipOuter(list) as ts.ArrayLiteralExpression).elements;
      return elements.length > 0 && elements.every((element) => isEventWait(element, checker));
    }
    if (waitsForNamedEvent(inner, checker) || waitsThroughProgramHelper(inner, checker)) return true;
    const callee = skipOuter(inner.expression);
    if (ts.isIdentifier(callee)) return eventWaitModules.has(importSource(findDeclaration(callee)) ?? '');
    const receiver = calleeReceiver(inner);
    const name = calleeName(inner);
    if (receiver === undefined || (name !== 'once' && name !== 'on')) return false;
    const root = skipOuter(receiver);
    if (!ts.isIdentifier(root)) return false;
    const declaration = findDeclaration(root);
    if (importSource(declaration) !== undefined) return eventWaitModules.has(importSource(declaration) ?? '');
    // `const events = require('node:events')`
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined
    ) {
      const init = skipOuter(declaration.initializer);
      const argument = ts.isCallExpression(init) ? init.arguments[0] : undefined;
      return (
        ts.isCallExpression(init) &&
        calleeName(init) === 'require' &&
        argument !== undefined &&
        ts.isStringLiteralLike(argument) &&
        eventWaitModules.has(argument.text)
      );
    }
    return false;
  }
  if (!ts.isNewExpression(inner) || calleeName(inner) !== 'Promise') return false;
  const executor = inner.arguments?.[0];
  if (executor === undefined) return false;
  const fn = skipOuter(executor);
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const settlers = new Set(
    fn.parameters.flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])),
  );
  if (settlers.size === 0) return false;
  let registers = false;
  forEachInFunction(fn.body, (node) => {
    if (registers) return 'skip';
    if (
      ts.isCallExpression(node) &&
      addListenerMethods.has(calleeName(node) ?? '') &&
      calleeReceiver(node) !== undefined &&
      node.arguments.some((argument) => settles(argument, settlers))
    ) {
      registers = true;
    }
    return undefined;
  });
  return registers;
}

/** `resolve`, or a function that calls `resolve`/`reject`. */
function settles(argument: ts.Expression, settlers: ReadonlySet<string>): boolean {
  const inner = skipOuter(argument);
  if (ts.isIdentifier(inner)) return settlers.has(inner.text);
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner)) return false;
  let calls = false;
  const visit = (node: ts.Node): void => {
    if (calls) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && settlers.has(node.expression.text))
      calls = true;
    ts.forEachChild(node, visit);
  };
  visit(inner.body);
  return calls;
}

/** A stored promise when `value` is promise-typed and `name` is a local variable. */
function storedPromise(
  checker: ts.TypeChecker,
  name: ts.Identifier,
  value: ts.Expression,
): Stored | undefined {
  const inner = skipOuter(value);
  if (ts.isAwaitExpression(inner)) return undefined;
  if (!isThenableExpression(checker, value)) return undefined;
  const symbol = checker.getSymbolAtLocation(name);
  if (symbol === undefined) return undefined;
  return { name, symbol, value, end: value.getEnd() };
}

/** Every identifier under `root` (nested functions included) that refers to one of `symbols`, in source order. */
function referencesBySymbol(
  checker: ts.TypeChecker,
  root: ts.Node,
  symbols: ReadonlySet<ts.Symbol>,
): Map<ts.Symbol, ts.Identifier[]> {
  const names = new Set([...symbols].map((symbol) => symbol.name));
  const found = new Map<ts.Symbol, ts.Identifier[]>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && names.has(node.text)) {
      let symbol = checker.getSymbolAtLocation(node);
      if (ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node) {
        symbol = checker.getShorthandAssignmentValueSymbol(node.parent);
      }
      if (symbol !== undefined && symbols.has(symbol)) {
        let list = found.get(symbol);
        if (list === undefined) found.set(symbol, (list = []));
        list.push(node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}
