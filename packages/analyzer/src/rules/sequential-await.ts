import ts from '../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  isAssignmentOperator,
  isPromiseStatic,
  rootName,
  skipOuter,
} from '../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  enclosingScope,
  isGenerator,
  isFunctionLike,
  ownAwaits,
} from '../analysis/syntax/functions.js';
import { declaredNames, isValueReference } from '../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, forEachInFunction } from '../analysis/syntax/walk.js';
import { defineRule } from '../rule.js';

type Loop = ts.ForOfStatement | ts.ForInStatement | ts.ForStatement;

/** Calls whose order is the point: stream/socket writes, cursors, sleeps, locks, transactions, shell commands, tests. */
const orderedCalls = new Set([
  'write',
  'writeln',
  'writev',
  'end',
  'appendFile',
  'appendFileSync',
  'send',
  'sendMessage',
  'emit',
  'publish',
  'pipe',
  'pipeline',
  'next',
  'tryNext',
  'hasNext',
  'read',
  'readLine',
  'readline',
  'sleep',
  'delay',
  'wait',
  'waitFor',
  'setTimeout',
  'setImmediate',
  'nextTick',
  'yieldToEventLoop',
  'acquire',
  'lock',
  'release',
  'runExclusive',
  'transaction',
  '$transaction',
  'withTransaction',
  'startTransaction',
  'commit',
  'rollback',
  'exec',
  'execa',
  'execFile',
  'spawn',
  '$',
  'expect',
  'assert',
  'click',
  'type',
  'fill',
  'press',
  'goto',
]);

/** Methods called on the loop variable that run it as a step of a sequence (`await migration.up()`). */
const stepMethods = new Set([
  'up',
  'down',
  'run',
  'apply',
  'execute',
  'exec',
  'call',
  'handle',
  'init',
  'initialize',
  'setup',
  'start',
  'migrate',
  'invoke',
]);

/** Names of collections whose elements are steps run in order, or loops that page, batch or retry. */
const orderedCollection =
  /(migration|step|stage|middleware|hook|plugin|handler|listener|callback|task|job|phase|pipeline|chain|queue|batch|chunk|page|retr|attempt|seed|fixture|command|operation|action|instruction|patch|transform|^fns?$|^funcs?$|^functions?$|^ops?$)/i;

/** Names of loop counters that count attempts. */
const attemptCounter = /(attempt|retr|tries|try)/i;

/** Methods that only add to a collection: calling them in a loop collects results, the order of calls aside. */
const collectorMethods = new Set(['push', 'set', 'add', 'append']);

/** `Promise.all` & co: awaiting them in a loop is deliberate batching. */
const batchCombinators = new Set(['all', 'allSettled', 'any', 'race']);

interface VariableUse {
  plainWrite: boolean;
  accumulate: boolean;
  collect: boolean;
  read: boolean;
}

/**
 * `sequential-await`: an `await` in a `for…of`, `for…in` or counted `for` loop whose iterations are independent.
 * Precision first: any loop-carried data, early exit, ordering need or retry shape keeps the loop silent.
 */
export default defineRule({
  meta: {
    id: 'sequential-await',
    description:
      'Reports an `await` in a loop whose iterations are independent, so the waits add up instead of overlapping.',
    defaultSeverity: 'warning',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      sequentialAwait:
        'Each iteration waits for the previous one although the iterations are independent: the total time is the ' +
        'sum of every wait. Start them together with `Promise.all(…map(…))`, or bound them with ' +
        '`map(items, fn, { concurrency })` from @awaitwise/core.',
    },
  },
  defaultOptions: {},
  create(context) {
    const check = (loop: Loop): void => {
      const awaited = independentAwait(loop);
      if (awaited !== undefined) context.report({ node: awaited, messageId: 'sequentialAwait' });
    };
    return {
      [ts.SyntaxKind.ForOfStatement]: (node) => {
        check(node);
      },
      [ts.SyntaxKind.ForInStatement]: (node) => {
        check(node);
      },
      [ts.SyntaxKind.ForStatement]: (node) => {
        check(node);
      },
    };
  },
});

/** The first `await` of an independent loop, or undefined when the loop must stay sequential (or has no await). */
function independentAwait(loop: Loop): ts.AwaitExpression | undefined {
  if (ts.isForOfStatement(loop) && loop.awaitModifier !== undefined) return undefined;
  const fn = enclosingFunction(loop);
  if (fn !== undefined && isGenerator(fn)) return undefined; // generators yield in order
  const awaits = ownAwaits(loop.statement).filter((node) => innermostLoop(node) === loop);
  if (awaits.length === 0) return undefined;

  const loopNames = loopVariables(loop);
  if (loopNames === undefined) return undefined;
  if (!ts.isForStatement(loop) && !isPlainCollection(loop.expression)) return undefined;

  if (leavesEarly(loop, awaits[0]?.getStart() ?? 0)) return undefined;
  if (hasOrderedCall(loop, loopNames)) return undefined;

  const locals = declaredNames(loop);
  if (carriesData(loop, locals)) return undefined;

  for (const node of awaits) {
    const operand = skipOuter(node.expression);
    if (isPromiseStatic(operand, batchCombinators)) return undefined;
  }
  return awaits.find((node) => mentionsAny(node.expression, locals));
}

/** The loop's own variables, or undefined when the loop is not a plain iteration (a retry counter, a `while`-like `for`). */
function loopVariables(loop: Loop): Set<string> | undefined {
  const names = new Set<string>();
  const initializer = loop.initializer;
  if (ts.isForStatement(loop)) {
    if (initializer === undefined || !ts.isVariableDeclarationList(initializer)) return undefined;
    if (initializer.declarations.length !== 1 || loop.incrementor === undefined) return undefined;
    const declaration = initializer.declarations[0];
    if (declaration === undefined || !ts.isIdentifier(declaration.name)) return undefined;
    const counter = declaration.name.text;
    if (attemptCounter.test(counter) || !isStepOf(loop.incrementor, counter)) return undefined;
    names.add(counter);
    return names;
  }
  if (initializer !== undefined && ts.isVariableDeclarationList(initializer)) {
    for (const declaration of initializer.declarations) {
      for (const name of namesOf(declaration.name)) names.add(name);
    }
    return names;
  }
  return undefined;
}

function namesOf(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isBindingElement(element) ? namesOf(element.name) : []));
}

/** `i++`, `++i`, `i--`, `i += 1`, `i -= 1`. */
function isStepOf(incrementor: ts.Expression, counter: string): boolean {
  const node = skipOuter(incrementor);
  if (ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) {
    return ts.isIdentifier(node.operand) && node.operand.text === counter;
  }
  return (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken ||
      node.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken) &&
    ts.isIdentifier(node.left) &&
    node.left.text === counter &&
    ts.isNumericLiteral(node.right)
  );
}

/** Not a literal list, not a collection of steps, pages, batches or retries. */
function isPlainCollection(iterable: ts.Expression): boolean {
  const expression = skipOuter(iterable);
  if (ts.isArrayLiteralExpression(expression)) return false;
  let name: string | undefined;
  if (ts.isIdentifier(expression)) name = expression.text;
  else if (ts.isPropertyAccessExpression(expression)) name = expression.name.text;
  else if (ts.isCallExpression(expression)) {
    const called = calleeName(expression);
    const receiver = calleeReceiver(expression);
    // Object.entries(steps), map.values() …: judge by the collection's name.
    name = receiver !== undefined ? (rootNameOrProperty(receiver) ?? called) : called;
    const argument = expression.arguments[0];
    if (argument !== undefined && receiver !== undefined && ts.isIdentifier(skipOuter(receiver))) {
      const argName = rootNameOrProperty(argument);
      if (argName !== undefined && orderedCollection.test(argName)) return false;
    }
  }
  return name === undefined || !orderedCollection.test(name);
}

function rootNameOrProperty(node: ts.Expression): string | undefined {
  const expression = skipOuter(node);
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return rootName(expression);
}

/** The innermost `for`/`while`/`do` loop around `node` within its function. */
function innermostLoop(node: ts.Node): ts.IterationStatement | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (isFunctionLike(current) || ts.isSourceFile(current)) return undefined;
    if (ts.isIterationStatement(current, false)) return current;
  }
  return undefined;
}

/**
 * A `return`, `throw`, `yield`, a `break` out of the loop anywhere in it, or a `continue` after the first await: the
 * iterations decide whether the next one runs.
 */
function leavesEarly(loop: Loop, firstAwait: number): boolean {
  let leaves = false;
  forEachInFunction(loop.statement, (node) => {
    if (leaves) return 'skip';
    if (ts.isReturnStatement(node) || ts.isYieldExpression(node)) leaves = true;
    else if (ts.isThrowStatement(node) && !isCaughtInside(node, loop)) leaves = true;
    else if (ts.isBreakStatement(node) && jumpTarget(node) === loop) leaves = true;
    else if (ts.isBreakStatement(node) && node.label !== undefined && !isLabelInside(node, loop))
      leaves = true;
    else if (ts.isContinueStatement(node)) {
      if (node.label !== undefined && !isLabelInside(node, loop)) leaves = true;
      else if (jumpTarget(node) === loop && node.getStart() > firstAwait) leaves = true;
    }
    return undefined;
  });
  return leaves;
}

/** The statement an unlabelled `break`/`continue` jumps out of (the innermost loop, or switch for `break`). */
function jumpTarget(node: ts.BreakOrContinueStatement): ts.Node | undefined {
  if (node.label !== undefined) return undefined;
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (ts.isIterationStatement(current, false)) return current;
    if (ts.isBreakStatement(node) && ts.isSwitchStatement(current)) return current;
    if (isFunctionLike(current)) return undefined;
  }
  return undefined;
}

function isLabelInside(node: ts.BreakOrContinueStatement, loop: Loop): boolean {
  const label = node.label?.text;
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (current === loop) return false;
    if (ts.isLabeledStatement(current) && current.label.text === label) return true;
  }
  return false;
}

/** A `throw` inside a `try` block that is itself inside the loop is caught there. */
function isCaughtInside(node: ts.Node, loop: Loop): boolean {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (current === loop) return false;
    if (ts.isTryStatement(current.parent) && current.parent.tryBlock === current) {
      return current.parent.catchClause !== undefined;
    }
  }
  return false;
}

/** A call whose order matters, or the loop variable itself run as a step (`await hook(ctx)`, `await m.up()`). */
function hasOrderedCall(loop: Loop, loopNames: ReadonlySet<string>): boolean {
  let ordered = false;
  forEachDescendant(loop.statement, (node) => {
    if (ordered) return 'skip';
    if (!ts.isCallExpression(node)) return undefined;
    const name = calleeName(node);
    if (name !== undefined && orderedCalls.has(name)) ordered = true;
    const callee = skipOuter(node.expression);
    if (ts.isIdentifier(callee) && loopNames.has(callee.text)) ordered = true;
    const receiver = calleeReceiver(node);
    if (receiver !== undefined && name !== undefined && stepMethods.has(name)) {
      const root = rootName(receiver);
      if (root !== undefined && loopNames.has(root)) ordered = true;
    }
    if (receiver !== undefined && /^(trx|tx|txn|transaction|session)$/i.test(rootName(receiver) ?? '')) {
      ordered = true;
    }
    return undefined;
  });
  return ordered;
}

/**
 * Whether a value flows from one iteration into the next: a variable declared outside the loop that the loop both
 * writes and reads, or overwrites; `this` state written in the loop. Collectors (`results.push`, `byId.set`,
 * `total += n` on a number counter) that the loop never reads are fine.
 */
function carriesData(loop: Loop, locals: ReadonlySet<string>): boolean {
  const uses = new Map<string, VariableUse>();
  const useOf = (name: string): VariableUse => {
    let use = uses.get(name);
    if (use === undefined)
      uses.set(name, (use = { plainWrite: false, accumulate: false, collect: false, read: false }));
    return use;
  };
  const body = ts.isForStatement(loop) ? loop : loop.statement;
  const writesThis = findDescendant(
    body,
    (node) => node.kind === ts.SyntaxKind.ThisKeyword && isWriteTarget(node),
  );
  if (writesThis !== undefined) return true;
  forEachDescendant(body, (node) => {
    if (!ts.isIdentifier(node) || !isValueReference(node) || locals.has(node.text)) return undefined;
    const use = useOf(node.text);
    classifyUse(node, use);
    return undefined;
  });
  const fn = enclosingScope(loop);
  for (const [name, use] of uses) {
    if (use.plainWrite) return true;
    if (use.collect && (use.read || use.accumulate)) return true;
    if (use.accumulate && (use.read || !isNumberCounter(fn, name))) return true;
  }
  return false;
}

/** Whether an expression (an identifier or `this`) is assigned through: `x = …`, `x.y = …`, `x++`. */
function isWriteTarget(node: ts.Node): boolean {
  let target: ts.Node = node;
  while (
    (ts.isPropertyAccessExpression(target.parent) || ts.isElementAccessExpression(target.parent)) &&
    target.parent.expression === target
  ) {
    target = target.parent;
  }
  if (target === node && node.kind === ts.SyntaxKind.ThisKeyword) return false;
  const parent = target.parent;
  if (ts.isBinaryExpression(parent) && parent.left === target)
    return isAssignmentOperator(parent.operatorToken.kind);
  if (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) {
    return (
      parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken
    );
  }
  return false;
}

function classifyUse(node: ts.Identifier, use: VariableUse): void {
  const parent = node.parent;
  if (
    ts.isBinaryExpression(parent) &&
    parent.left === node &&
    isAssignmentOperator(parent.operatorToken.kind)
  ) {
    const kind = parent.operatorToken.kind;
    if (kind === ts.SyntaxKind.EqualsToken) use.plainWrite = true;
    else if (kind === ts.SyntaxKind.PlusEqualsToken || kind === ts.SyntaxKind.MinusEqualsToken)
      use.accumulate = true;
    else use.plainWrite = true;
    return;
  }
  if (
    (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
    (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)
  ) {
    use.accumulate = true;
    return;
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
    const call = parent.parent;
    if (ts.isCallExpression(call) && call.expression === parent) {
      if (collectorMethods.has(parent.name.text)) use.collect = true;
      else use.read = true; // includes has/get/length-style reads and mutators like shift/pop/delete
      if (
        !collectorMethods.has(parent.name.text) &&
        /^(shift|pop|splice|delete|clear|sort|reverse)$/.test(parent.name.text)
      ) {
        use.plainWrite = true;
      }
      return;
    }
    if (isWriteTarget(node)) {
      use.plainWrite = true;
      return;
    }
  }
  if (ts.isElementAccessExpression(parent) && parent.expression === node && isWriteTarget(node)) {
    // results[i] = await f(x): a keyed collector when the key is not a constant.
    const key = parent.argumentExpression;
    if (ts.isStringLiteralLike(key) || ts.isNumericLiteral(key)) use.plainWrite = true;
    else use.collect = true;
    return;
  }
  use.read = true;
}

/** `let total = 0` (or another number literal) declared in the enclosing function. */
function isNumberCounter(scope: ts.Node, name: string): boolean {
  let found = false;
  forEachDescendant(scope, (node) => {
    if (found) return 'skip';
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === name &&
      node.initializer !== undefined
    ) {
      const init = skipOuter(node.initializer);
      found =
        ts.isNumericLiteral(init) ||
        (ts.isPrefixUnaryExpression(init) && ts.isNumericLiteral(init.operand)) ||
        ts.isBigIntLiteral(init);
    }
    return undefined;
  });
  return found;
}

function mentionsAny(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node) && names.has(node.text) && isValueReference(node)) return true;
  let found = false;
  forEachDescendant(node, (child) => {
    if (found) return 'skip';
    if (ts.isIdentifier(child) && names.has(child.text) && isValueReference(child)) found = true;
    return undefined;
  });
  return found;
}
