/**
 * `sequential-await` in loops of every kind: `for…of`, `for…in`, counted `for`, `while`/`do` over an index, and
 * `.reduce(async (previous, item) => { await previous; … })` chains. A loop is reported when its iterations are
 * independent: no awaited operand and no condition before the last await reads state an earlier iteration wrote,
 * no early exit, no call whose order is the point.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  isAssignmentOperator,
  isPromiseStatic,
  rootName,
  skipOuter,
} from '../../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  isFunctionLike,
  isGenerator,
  ownAwaits,
} from '../../analysis/syntax/functions.js';
import {
  boundNames,
  declaredNames,
  findDeclaration,
  initializedVariable,
} from '../../analysis/syntax/scope.js';
import { findInFunction, forEachInFunction } from '../../analysis/syntax/walk.js';
import { dependsOnEarlierIterations, mentions, withDerived, writtenOuterNames } from './data-flow.js';
import { holdsResourceAcross, writesToTerminal } from './effects.js';
import { calleeModel } from './callee-model.js';
import { libraryNames } from './library-names.js';
import { hasOrderedCall } from './ordering.js';

/** The loops the rule reads. */
export type Loop =
  ts.ForOfStatement | ts.ForInStatement | ts.ForStatement | ts.WhileStatement | ts.DoStatement;

/** Names of collections whose elements are steps run in order, or loops that page, batch or retry. */
const orderedCollection =
  /(migration|step|stage|middleware|hook|plugin|handler|listener|callback|task|job|phase|pipeline|chain|queue|batch|chunk|page|retr|attempt|seed|fixture|command|operation|action|instruction|patch|transform|^fns?$|^funcs?$|^functions?$|^ops?$)/i;

/** Names of loop counters that count attempts. */
const attemptCounter = /(attempt|retr|tries|try)/i;

/** `Promise.all` & co: awaiting them in a loop is deliberate batching. */
const batchCombinators = new Set(['all', 'allSettled', 'any', 'race']);

/** The loop's variables, and the counter update that is not carried state (`i++` of a `while` over an index). */
interface LoopVariables {
  readonly names: Set<string>;
  readonly counterUpdate: ts.Node | undefined;
}

/**
 * The first `await` of a loop whose iterations are independent, or undefined when the loop must stay sequential
 * (or awaits nothing that uses its item).
 *
 * @example
 * ```ts
 * const awaited = independentLoopAwait(loop, context.program);
 * if (awaited !== undefined) context.report({ node: awaited, messageId: 'sequentialAwait' });
 * ```
 */
export function independentLoopAwait(
  loop: Loop,
  program: ts.Program,
  checker: ts.TypeChecker,
): ts.AwaitExpression | undefined {
  if (ts.isForOfStatement(loop) && loop.awaitModifier !== undefined) return undefined;
  const fn = enclosingFunction(loop);
  if (fn !== undefined && isGenerator(fn)) return undefined; // generators yield in order
  const awaits = ownAwaits(loop.statement).filter((node) => innermostLoop(node) === loop);
  // Awaiting promises that are already running (`await pending[i]`) waits for the slowest, not the sum; awaiting
  // what waits for no I/O (a synchronous call, an async helper that only computes) gains nothing from overlapping.
  const working = awaits.filter(
    (node) => startsWork(node, loop.statement) && !isIdle(checker, workOf(node, loop.statement)),
  );
  if (working.length === 0) return undefined;
  if (holdsResourceAcross(loop) || writesToTerminal(loop.statement, program)) return undefined;

  const variables = loopVariables(loop);
  if (variables === undefined) return undefined;
  if ((ts.isForOfStatement(loop) || ts.isForInStatement(loop)) && !isPlainCollection(loop.expression))
    return undefined;
  // `for (let i = 0; i < rows.length; i += 25) await write(rows.slice(i, i + 25))`: the collection is walked in
  // slices, batching on purpose (a size limit, a bound on load), like `for (const chunk of chunks)`.
  if (slicesByCounter(loop.statement, variables.names)) return undefined;

  if (leavesEarly(loop.statement, loop, awaits[0]?.getStart() ?? 0, program, checker)) return undefined;
  if (hasOrderedCall(loop.statement, variables.names)) return undefined;
  for (const node of awaits) {
    if (isPromiseStatic(skipOuter(node.expression), batchCombinators)) return undefined;
  }

  // The body's own variables count as the item too (`const user = users[i]`).
  const itemNames = new Set(declaredNames(loop.statement));
  for (const name of variables.names) itemNames.add(name);
  const candidate = working.find(
    (node) => mentions(node.expression, variables.names) || mentions(node.expression, itemNames),
  );
  if (candidate === undefined) return undefined;
  const locals = declaredNames(loop);
  for (const name of variables.names) locals.add(name);
  const ignore = new Set<ts.Node>(variables.counterUpdate === undefined ? [] : [variables.counterUpdate]);
  const body = ts.isForStatement(loop) ? loop : loop.statement;
  // Only the waits up to the reported one decide whether the next iteration could start with this one: a later
  // step that accumulates into state of its own (`await shelf.add(name, archive)` after the download) keeps the
  // steps after the independent wait in order, not the wait itself.
  const upToCandidate = awaits.filter((node) => node.getStart() <= candidate.getStart());
  if (dependsOnEarlierIterations(body, upToCandidate, locals, ignore)) return undefined;
  // What the awaited functions of the program write and read: one iteration's call writes what the next one reads.
  if (callsDependOnEachOther(checker, working, loop.statement)) return undefined;
  // `while (page < lastPage)` with `lastPage` taken from each response: the bound is carried state.
  if (
    (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) &&
    mentions(loop.expression, withDerived(loop.statement, writtenOuterNames(loop.statement, locals, ignore)))
  )
    return undefined;
  return candidate;
}

/** The awaited work waits for no I/O (see {@link calleeModel}). */
function isIdle(checker: ts.TypeChecker, work: ts.Expression): boolean {
  const operand = skipOuter(work);
  if (
    !ts.isCallExpression(operand) &&
    !ts.isNewExpression(operand) &&
    !ts.isTaggedTemplateExpression(operand)
  )
    return false;
  return calleeModel(checker, operand, libraryNames).idle;
}

/**
 * Some awaited call of the program writes state that one of them (the same function in the next iteration, or
 * another) reads, or makes a call whose order is the point: the iterations meet through that state.
 */
function callsDependOnEachOther(
  checker: ts.TypeChecker,
  awaits: readonly ts.AwaitExpression[],
  body: ts.Statement,
): boolean {
  const writes = new Set<string>();
  const reads = new Set<string>();
  for (const node of awaits) {
    // The call the iteration started, also when its promise was stored first (`const pending = step(item)`).
    const operand = skipOuter(workOf(node, body));
    if (!ts.isCallExpression(operand) && !ts.isTaggedTemplateExpression(operand)) continue;
    const model = calleeModel(checker, operand, libraryNames);
    if (!model.inProgram) continue;
    if (model.ordered) return true;
    for (const location of model.writes) writes.add(location);
    for (const location of model.reads) reads.add(location);
  }
  for (const location of writes) if (reads.has(location)) return true;
  return false;
}

/**
 * The await starts the work it waits for: its operand is a call (`await save(x)`), not a promise already running,
 * nor a call of a function of this file that only waits for what it is given (`await settle(value)` where `settle`
 * awaits its own parameter: resolving promises that are already running).
 */
function startsWork(node: ts.AwaitExpression, body: ts.Statement): boolean {
  const operand = skipOuter(workOf(node, body));
  if (ts.isCallExpression(operand)) return !awaitsOwnParameter(operand);
  return ts.isNewExpression(operand) || ts.isTaggedTemplateExpression(operand);
}

/**
 * The expression whose work an await waits for: its operand, or, for a variable the iteration itself declared
 * and initialised with a call (`let query = db.songs().where(…)`, then `await query`; `const pending = fetch(url)`,
 * then `await pending`), the chain's first call: the work starts in this iteration, as if awaited on the spot.
 * A value read from a collection (`cache.get(key)`, `pending[i]`) may be a promise started before the loop.
 */
function workOf(node: ts.AwaitExpression, body: ts.Statement): ts.Expression {
  const operand = skipOuter(node.expression);
  if (!ts.isIdentifier(operand)) return operand;
  const declaration = findDeclaration(operand);
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer === undefined ||
    declaration.getStart() < body.getStart() ||
    declaration.getEnd() > body.getEnd()
  )
    return operand;
  let start = skipOuter(declaration.initializer);
  while (ts.isCallExpression(start)) {
    const receiver = calleeReceiver(start);
    if (receiver === undefined || !ts.isCallExpression(skipOuter(receiver))) break;
    start = skipOuter(receiver);
  }
  if (!ts.isCallExpression(start) && !ts.isNewExpression(start)) return operand;
  if (ts.isCallExpression(start) && collectionReads.has(calleeName(start) ?? '')) return operand;
  return start;
}

/** Reads of a stored value: what they return may be a promise already running. */
const collectionReads = new Set(['get', 'at', 'find', 'shift', 'pop']);

function awaitsOwnParameter(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const declaration = findDeclaration(callee);
  let fn: ts.Node | undefined = declaration;
  if (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined
  )
    fn = skipOuter(declaration.initializer);
  if (fn === undefined || !isFunctionLike(fn) || fn.body === undefined) return false;
  const parameters = new Set(fn.parameters.flatMap((parameter) => boundNames(parameter.name)));
  return ownAwaits(fn.body).some((awaited) => {
    const operand = skipOuter(awaited.expression);
    return (
      ts.isIdentifier(operand) && parameters.has(operand.text) && findDeclaration(operand)?.parent === fn
    );
  });
}

/**
 * The work `await` of an `items.reduce(async (previous, item) => { await previous; …work(item)… }, start)` chain
 * whose work does not use what the previous step produced, or undefined.
 *
 * @example
 * ```ts
 * const awaited = independentReduceAwait(call);
 * ```
 */
export function independentReduceAwait(call: ts.CallExpression): ts.AwaitExpression | undefined {
  if (calleeName(call) !== 'reduce' || calleeReceiver(call) === undefined || call.arguments.length !== 2)
    return undefined;
  const callback = skipOuter(call.arguments[0] as ts.Expression);
  if (!(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
  if (callback.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) !== true) return undefined;
  const [previous, item] = callback.parameters;
  if (previous === undefined || item === undefined || !ts.isIdentifier(previous.name)) return undefined;
  const previousName = previous.name.text;
  const awaits = ownAwaits(callback.body);
  // The chain: the previous step is awaited before any work starts.
  const first = awaits[0];
  if (first === undefined || !isNamed(first.expression, previousName)) return undefined;
  const work = awaits.slice(1);
  if (work.length === 0) return undefined;
  const itemNames = new Set(boundNames(item.name));
  if (hasOrderedCall(callback.body, itemNames)) return undefined;
  if (leavesEarly(callback.body, undefined, first.getEnd())) return undefined;
  // What the previous step produced (`const done = await previous`) may only be collected, never used by the work.
  const produced = new Set([previousName]);
  const holder = first.parent;
  if (ts.isVariableDeclaration(holder) && holder.initializer === first) {
    for (const name of boundNames(holder.name)) produced.add(name);
  }
  if (work.some((node) => mentions(node.expression, produced))) return undefined;
  const locals = declaredNames(callback.body);
  for (const name of itemNames) locals.add(name);
  return work.find((node) => mentions(node.expression, itemNames) || mentions(node.expression, locals));
}

function isNamed(expression: ts.Expression, name: string): boolean {
  const inner = skipOuter(expression);
  return ts.isIdentifier(inner) && inner.text === name;
}

/** The loop's own variables, or undefined when the loop is not a plain iteration (a retry, a poll, a queue drain). */
function loopVariables(loop: Loop): LoopVariables | undefined {
  if (ts.isForStatement(loop)) {
    const initializer = loop.initializer;
    if (initializer === undefined || !ts.isVariableDeclarationList(initializer)) return undefined;
    if (initializer.declarations.length !== 1 || loop.incrementor === undefined) return undefined;
    const declaration = initializer.declarations[0];
    if (declaration === undefined || !ts.isIdentifier(declaration.name)) return undefined;
    const counter = declaration.name.text;
    if (attemptCounter.test(counter) || !isStepOf(loop.incrementor, counter, loop.statement))
      return undefined;
    return { names: new Set([counter]), counterUpdate: undefined };
  }
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return indexCounter(loop);
  const initializer = loop.initializer;
  if (!ts.isVariableDeclarationList(initializer)) return undefined;
  const names = new Set<string>();
  for (const declaration of initializer.declarations)
    for (const name of boundNames(declaration.name)) names.add(name);
  return { names, counterUpdate: undefined };
}

/**
 * `while (i < items.length) { …; i++; }` (or `do … while`): a loop over an index, the counter compared with a
 * bound and stepped once, as the body's last statement.
 */
function indexCounter(loop: ts.WhileStatement | ts.DoStatement): LoopVariables | undefined {
  const condition = skipOuter(loop.expression);
  if (!ts.isBinaryExpression(condition)) return undefined;
  const kind = condition.operatorToken.kind;
  let counter: ts.Expression | undefined;
  if (kind === ts.SyntaxKind.LessThanToken || kind === ts.SyntaxKind.LessThanEqualsToken)
    counter = condition.left;
  else if (kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.GreaterThanEqualsToken)
    counter = condition.right;
  if (counter === undefined) return undefined;
  counter = skipOuter(counter);
  if (!ts.isIdentifier(counter) || attemptCounter.test(counter.text)) return undefined;
  if (!ts.isBlock(loop.statement)) return undefined;
  // Stepped once, as the body's last statement, or as its first when the counter's first value was already used
  // before the loop (`await fetchPage(page)`, then `while (page < last) { page++; await fetchPage(page); }`).
  const statements = loop.statement.statements;
  const steps = statements.filter(
    (statement) =>
      ts.isExpressionStatement(statement) && isStepOf(statement.expression, counter.text, loop.statement),
  );
  const step = steps[0];
  if (steps.length !== 1 || step === undefined) return undefined;
  if (step !== statements.at(-1) && !(step === statements[0] && awaitedBefore(loop, counter.text)))
    return undefined;
  return { names: new Set([counter.text]), counterUpdate: step };
}

/** An earlier statement of the loop's block awaits work that reads `name`. */
function awaitedBefore(loop: ts.Statement, name: string): boolean {
  const block = loop.parent;
  if (!ts.isBlock(block)) return false;
  const before = block.statements.slice(0, block.statements.indexOf(loop));
  const names = new Set([name]);
  return before.some((statement) => ownAwaits(statement).some((node) => mentions(node.expression, names)));
}

/**
 * The counter's step: `i++`, `i--`, `i += size`, `i = i + size`, `offset = next(offset, limit)`, `day.setDate(day.getDate()
 * + 7)`: it changes only the counter, from the counter and values the loop's body never writes, and awaits nothing.
 * The next iteration's counter is then known before this one's awaits settle, whatever the step's spelling: a counter
 * taken from a result (`page = reply.next`) or stepped by what the body computed (`i += consumed`) is carried state.
 */
function isStepOf(incrementor: ts.Expression, counter: string, body: ts.Statement): boolean {
  const node = skipOuter(incrementor);
  if (mentionsAwait(node)) return false;
  const isCounter = (expression: ts.Expression): boolean => {
    const inner = skipOuter(expression);
    return ts.isIdentifier(inner) && inner.text === counter;
  };
  let reads: readonly ts.Node[];
  if (ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) {
    if (node.operator !== ts.SyntaxKind.PlusPlusToken && node.operator !== ts.SyntaxKind.MinusMinusToken)
      return false;
    return isCounter(node.operand);
  } else if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
    if (!isCounter(node.left)) return false;
    reads = [node.right];
  } else if (ts.isCallExpression(node)) {
    // A method of the counter that changes it in place (`day.setDate(day.getDate() + 7)`).
    const receiver = calleeReceiver(node);
    if (receiver === undefined || !isCounter(receiver)) return false;
    reads = node.arguments;
  } else {
    return false;
  }
  const bodyWrites = writtenOuterNames(body, new Set(), new Set());
  for (const name of declaredNames(body)) bodyWrites.add(name);
  bodyWrites.delete(counter);
  return !reads.some((read) => mentions(read, bodyWrites));
}

function mentionsAwait(node: ts.Node): boolean {
  return ts.isAwaitExpression(node) || ownAwaits(node).length > 0;
}

/** Methods that take a slice of a collection from an index. */
const sliceMethods = new Set(['slice', 'subarray', 'splice', 'substring']);

/** The body takes a slice of a collection starting at the counter (`rows.slice(i, i + size)`). */
function slicesByCounter(body: ts.Statement, counters: ReadonlySet<string>): boolean {
  return (
    findInFunction(body, (node) => {
      if (!ts.isCallExpression(node) || !sliceMethods.has(calleeName(node) ?? '')) return false;
      const start = node.arguments[0];
      return start !== undefined && mentions(start, counters);
    }) !== undefined
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
 * iterations decide whether the next one runs. For a reduce callback (`loop` undefined), a `return` before the
 * first work await (`if (done) return previous`) decides it too.
 */
function leavesEarly(
  body: ts.Node,
  loop: Loop | undefined,
  firstAwait: number,
  program?: ts.Program,
  checker?: ts.TypeChecker,
): boolean {
  let leaves = false;
  forEachInFunction(body, (node) => {
    if (leaves) return 'skip';
    // `if (!found) return codes;` where `found` is an array: the branch never runs, the exit is not one.
    if (
      ts.isIfStatement(node) &&
      program !== undefined &&
      checker !== undefined &&
      neverTaken(node.expression, program, checker)
    ) {
      if (node.elseStatement !== undefined) forEachInFunction(node.elseStatement, visit);
      return 'skip';
    }
    return visit(node);
  });
  return leaves;

  function visit(node: ts.Node): 'skip' | undefined {
    if (leaves) return 'skip';
    if (loop === undefined) {
      if (ts.isThrowStatement(node) || ts.isYieldExpression(node)) leaves = true;
      return undefined;
    }
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
  }
}

/**
 * `!x` where the checker says `x` is always an object (an array, a record): never true, so the branch it guards
 * never runs. Only with `strictNullChecks`, where a type that may be missing says so.
 */
function neverTaken(condition: ts.Expression, program: ts.Program, checker: ts.TypeChecker): boolean {
  const options = program.getCompilerOptions();
  if (!(options.strictNullChecks ?? options.strict ?? false)) return false;
  const inner = skipOuter(condition);
  if (!ts.isPrefixUnaryExpression(inner) || inner.operator !== ts.SyntaxKind.ExclamationToken) return false;
  // Only a value the program computed itself (`const found = codesIn(html)`): what an await returns is typed by a
  // library or a response shape that may promise more than the wire gives (`if (!user) continue` stays an exit).
  const operand = skipOuter(inner.operand);
  if (!ts.isIdentifier(operand)) return false;
  const value = initializedVariable(operand)?.initializer;
  if (value === undefined || ts.isAwaitExpression(skipOuter(value)) || ownAwaits(value).length > 0)
    return false;
  // `const Processor = processors[name]`: without `noUncheckedIndexedAccess` an index says nothing of a missing key.
  if (ts.isElementAccessExpression(skipOuter(value)) && options.noUncheckedIndexedAccess !== true)
    return false;
  const type = checker.getTypeAtLocation(operand);
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => (part.flags & (ts.TypeFlags.Object | ts.TypeFlags.NonPrimitive)) !== 0);
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
