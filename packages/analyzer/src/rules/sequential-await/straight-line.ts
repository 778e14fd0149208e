/**
 * `sequential-await` in straight-line code: `const a = await f(x); …; const b = await g(x);` where `g(x)` does not
 * use `a` (nor anything computed from it in between), and both results are then used, together (`return { a, b }`,
 * `render(a, b)`, or through values derived from each: `const items = a.items`) or each in its own place
 * (`res.header('x', a.id); res.json(b)`) on the path after the second: two independent lookups, the second waiting
 * for the first. Destructuring (`const { data } = await f()`), property access
 * (`const rows = (await query()).rows`), a default (`(await f()) ?? fallback`), a plain assignment
 * (`total = await count()`) and tagged templates (`` await sql`SELECT …` ``) bind results too.
 *
 * Kept narrow on purpose: the second await is the next one in the block, with only synchronous statements in between
 * and no exit between them (`if (!a) throw …` makes the second depend on the first); both are calls that start work
 * (an awaited variable is already running); never when either is a call whose order is the point or one that changes
 * state (`create…`, `update…`, SQL that is not a `SELECT`: validate then write, write then read back), or when both
 * act on the same receiver with the same argument (one resource).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  isPromiseStatic,
  normalizedText,
  skipOuter,
} from '../../analysis/syntax/expressions.js';
import { isFunctionLike, ownAwaits } from '../../analysis/syntax/functions.js';
import { boundNames, isValueReference } from '../../analysis/syntax/scope.js';
import { forEachDescendant, forEachInFunction } from '../../analysis/syntax/walk.js';
import { mentions, ownField, withDerived, writtenOuterNames } from './data-flow.js';
import { calleeModel, conflicts, type Work } from './callee-model.js';
import { changesState, isGate, libraryNames } from './library-names.js';
import { argumentsOrdered, hasOrderedCall, isSessionReceiver } from './ordering.js';

/** One statement that awaits work and keeps its result: `const x = await call()`, `x = await call()`. */
interface AwaitedResult {
  readonly statement: ts.Statement;
  readonly awaited: ts.AwaitExpression;
  readonly work: Work;
  /** The whole awaited operand: the work with the `.then()`/`.catch()` steps chained onto it. */
  readonly operand: ts.Expression;
  readonly names: ReadonlySet<string>;
  /**
   * For an `if`/`else` whose every branch ends by awaiting into the same variables (`if (q) found = await search(q);
   * else found = await list();`): each branch's await, one of which runs. The pair is independent when every
   * alternative is.
   */
  readonly alternatives?: readonly AwaitedResult[];
  /** The condition that picks the alternative. */
  readonly condition?: ts.Expression;
}

/**
 * Whether a dynamic `import()` loads a module whose evaluation only defines names (see `importLoadsDefinitionsOnly`):
 * loading two such modules one after the other waits twice for nothing but reading files. Any other `import()` keeps
 * its place (a module that runs code as it loads may need the one before it).
 */
export type QuietImport = (call: ts.CallExpression) => boolean;

/** A pair of independent awaits, `second` the next await after `first`: `second` could have started with `first`. */
export interface IndependentPair {
  readonly first: AwaitedResult;
  readonly second: AwaitedResult;
  /**
   * The first await gets a handle (`const client = await getClient()`: no argument, its result only used to call
   * methods on): usually a cached client, so overlapping it saves little. Reported with `strict` only.
   */
  readonly strictOnly: boolean;
}

/**
 * How both results of an independent pair are used afterwards: `together` (one statement reads both, or values
 * derived from both: `return { user, orders }`), or `apart` (each read in its own place: `res.header('x', a.id);
 * res.json(b)`). Pairs used apart were mostly cheap or cached reads on real applications (3 true in 8 read), so they
 * are reported with `strict` only.
 */
type Independence = 'together' | 'apart';

/**
 * The independent await pairs among `statements` whose results are used together later in them.
 *
 * @example
 * ```ts
 * for (const { first, second } of independentPairs(block.statements)) context.report({ node: second.awaited, … });
 * ```
 */
export function independentPairs(
  checker: ts.TypeChecker,
  statements: readonly ts.Statement[],
  continuation: readonly ts.Statement[] = [],
  quietImport: QuietImport = () => false,
): IndependentPair[] {
  const awaitedResult = (statement: ts.Statement | undefined): AwaitedResult | undefined =>
    awaitedResultOf(statement, quietImport);
  const branchesAwaitedResult = (statement: ts.Statement): AwaitedResult | undefined =>
    branchesAwaitedResultOf(statement, quietImport);
  const awaitOpeningBranch = (statement: ts.Statement): OpeningAwait | undefined =>
    awaitOpeningBranchOf(statement, quietImport);
  const pairs: IndependentPair[] = [];
  let first: AwaitedResult | undefined;
  let between: ts.Statement[] = [];
  statements.forEach((statement, index) => {
    const current = awaitedResult(statement) ?? branchesAwaitedResult(statement);
    if (current === undefined) {
      // Another await, or a possible exit (`if (!user) throw …`), ends the run: what follows depends on it.
      // `if (wanted) { second = await g(); }` right after the first: the second waits only on the condition.
      const nested = first === undefined ? undefined : awaitOpeningBranch(statement);
      const verdict =
        first === undefined ||
        nested === undefined ||
        mentions(nested.condition, derivedNames(between, first.names))
          ? undefined
          : eachIndependent(
              checker,
              first,
              nested.result,
              [...between, ...nested.before],
              [...nested.rest, ...statements.slice(index + 1), ...continuation],
            );
      if (first !== undefined && nested !== undefined && verdict !== undefined)
        pairs.push({
          first,
          second: nested.result,
          strictOnly: verdict === 'apart' || getsHandle(first, [...between, ...statements.slice(index)]),
        });
      if (suspendsOrExits(statement)) first = undefined;
      else between.push(statement);
      return;
    }
    const later = [...statements.slice(index + 1), ...continuation];
    const verdict =
      first === undefined ? undefined : eachIndependent(checker, first, current, between, later);
    if (first !== undefined && verdict !== undefined)
      pairs.push({
        first,
        second: current,
        strictOnly: verdict === 'apart' || getsHandle(first, [...between, ...statements.slice(index)]),
      });
    first = current;
    between = [];
  });
  return pairs;
}

/**
 * The statements that run after `block` in its function: those after each enclosing statement, up to the function's
 * body (`return { a, b }` after the `if` whose branch awaited both).
 *
 * @example
 * ```ts
 * independentPairs(block.statements, continuationOf(block));
 * ```
 */
export function continuationOf(block: ts.Block): ts.Statement[] {
  const after: ts.Statement[] = [];
  for (
    let child: ts.Node = block, parent = block.parent;
    !isFunctionLike(parent) && !ts.isSourceFile(parent);
    child = parent, parent = parent.parent
  ) {
    if (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      const index = parent.statements.indexOf(child as ts.Statement);
      if (index >= 0) after.push(...parent.statements.slice(index + 1));
    }
  }
  return after;
}

/** The first await of an `if`'s branch, with the synchronous statements before it and the rest of the branch. */
interface OpeningAwait {
  readonly condition: ts.Expression;
  readonly before: ts.Statement[];
  readonly result: AwaitedResult;
  readonly rest: ts.Statement[];
}

function awaitOpeningBranchOf(statement: ts.Statement, quietImport: QuietImport): OpeningAwait | undefined {
  if (!ts.isIfStatement(statement) || mentionsAwait(statement.expression)) return undefined;
  const branch = statement.thenStatement;
  const inner = ts.isBlock(branch) ? [...branch.statements] : [branch];
  const before: ts.Statement[] = [];
  for (const [index, child] of inner.entries()) {
    const result = awaitedResultOf(child, quietImport);
    if (result !== undefined)
      return { condition: statement.expression, before, result, rest: inner.slice(index + 1) };
    if (suspendsOrExits(child)) return undefined;
    before.push(child);
  }
  return undefined;
}

/** {@link independent} for every pair of alternatives (an `if`/`else` awaiting in each branch is one of them). */
function eachIndependent(
  checker: ts.TypeChecker,
  first: AwaitedResult,
  second: AwaitedResult,
  between: readonly ts.Statement[],
  later: readonly ts.Statement[],
): Independence | undefined {
  // The branch taken by the second depends on the first's result: it runs after it.
  if (second.condition !== undefined && mentions(second.condition, derivedNames(between, first.names)))
    return undefined;
  const firsts = first.alternatives ?? [first];
  const seconds = second.alternatives ?? [second];
  let verdict: Independence = 'together';
  for (const a of firsts)
    for (const b of seconds) {
      const each = independent(checker, a, b, between, later);
      if (each === undefined) return undefined;
      if (each === 'apart') verdict = 'apart';
    }
  return verdict;
}

/**
 * `if (c) { …; x = await f(); } else { …; x = await g(); }`: every branch (through `else if`) ends by awaiting work
 * into the same variables, with only synchronous statements before: whichever runs, `x` is one awaited result.
 */
function branchesAwaitedResultOf(
  statement: ts.Statement,
  quietImport: QuietImport,
): AwaitedResult | undefined {
  if (!ts.isIfStatement(statement) || mentionsAwait(statement.expression)) return undefined;
  const alternatives: AwaitedResult[] = [];
  for (let current: ts.Statement | undefined = statement; current !== undefined;) {
    if (ts.isIfStatement(current)) {
      if (mentionsAwait(current.expression)) return undefined;
      const result = endingAwait(current.thenStatement, quietImport);
      if (result === undefined) return undefined;
      alternatives.push(result);
      current = current.elseStatement;
      // No `else`: when no branch runs, nothing is awaited and the variable keeps its value.
      if (current === undefined) return undefined;
    } else {
      const result = endingAwait(current, quietImport);
      if (result === undefined) return undefined;
      alternatives.push(result);
      current = undefined;
    }
  }
  const [head] = alternatives;
  if (head === undefined) return undefined;
  const names = [...head.names].sort().join(',');
  if (alternatives.some((alternative) => [...alternative.names].sort().join(',') !== names)) return undefined;
  const condition = statement.expression;
  return {
    ...head,
    statement,
    condition,
    alternatives: alternatives.map((alternative) => ({ ...alternative, statement })),
  };
}

/** A branch whose last statement awaits into a variable, after synchronous statements that cannot leave. */
function endingAwait(branch: ts.Statement, quietImport: QuietImport): AwaitedResult | undefined {
  const inner = ts.isBlock(branch) ? [...branch.statements] : [branch];
  const last = inner.at(-1);
  if (last === undefined || inner.slice(0, -1).some(suspendsOrExits)) return undefined;
  return awaitedResultOf(last, quietImport);
}

function independent(
  checker: ts.TypeChecker,
  first: AwaitedResult,
  second: AwaitedResult,
  between: readonly ts.Statement[],
  later: readonly ts.Statement[],
): Independence | undefined {
  // What the first produced, directly or through the statements in between.
  const fromFirst = derivedNames(between, first.names);
  if (mentions(second.operand, fromFirst)) return undefined;
  // A check on the first result in between (`authorize(user, 'read', doc)`, `assert(user)`): the second runs only
  // once the first passed it, like after an explicit `if (…) throw`.
  if (between.some((statement) => isCheckOn(statement, fromFirst))) return undefined;
  // State the statements in between change (`options.page = 2`) is read by the second: keep the order.
  const written = new Set<string>();
  for (const statement of between)
    for (const name of writtenOuterNames(statement, new Set(), new Set())) written.add(name);
  if (mentions(second.operand, written)) return undefined;
  if (!effectsAllowOverlap(checker, first.work, second.work)) return undefined;
  const firstNames = derivedNames([...between, second.statement, ...later], first.names);
  const secondNames = derivedNames(later, second.names);
  if (usedTogether(later, firstNames, secondNames)) return 'together';
  return usedLater(later, firstNames) && usedLater(later, secondNames) ? 'apart' : undefined;
}

/**
 * A later statement reads one of `names`, on the path that runs after the second await: the statements up to the
 * first that always leaves (`return orders;` in the branch that awaited it ends that path, whatever follows the
 * branch).
 */
function usedLater(statements: readonly ts.Statement[], names: ReadonlySet<string>): boolean {
  for (const statement of statements) {
    if (mentions(statement, names)) return true;
    if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return false;
  }
  return false;
}

/**
 * Whether what the two calls do lets them overlap. Each is modelled from its callee ({@link calleeModel}): awaiting
 * a call that waits for no I/O gains nothing from overlapping; two calls that touch the same state, one writing it,
 * depend on each other's side effects; a second call that writes runs only once the first passed (validate, then
 * write); a first call that may deny (it makes a call that asserts or never returns, or is named like a check) keeps
 * what follows after it. Where the callee is outside the program, only its name says what it does: a gate
 * (`authorize…`, `validate…`), a state change (`create…`, `update…`, SQL that is not a `SELECT`), a call whose order is the point.
 */
function effectsAllowOverlap(checker: ts.TypeChecker, firstWork: Work, secondWork: Work): boolean {
  const first = calleeModel(checker, firstWork, libraryNames);
  const second = calleeModel(checker, secondWork, libraryNames);
  if (first.idle || second.idle) return false;
  if (first.ordered || second.ordered || conflicts(first, second)) return false;
  if (second.writes.size > 0 && second.inProgram) return false;
  for (const [model, work] of [
    [first, firstWork],
    [second, secondWork],
  ] as const)
    if (model.inProgram && ts.isCallExpression(work) && argumentsOrdered(work)) return false;
  // A check that may deny: what follows is meant to wait for its verdict. Told by types where the program has them
  // (the callee makes a call whose signature asserts or never returns), else by its name (`authorize…`): a body's own
  // `throw` does not tell a deny from a failed request (`if (!res.ok) throw …`).
  if (first.denies || isGate(firstWork)) return false;
  if (!first.inProgram && (changesState(firstWork) || isOrdered(firstWork))) return false;
  if (!second.inProgram && (changesState(secondWork) || isOrdered(secondWork))) return false;
  if (isSessionWork(firstWork) || isSessionWork(secondWork)) return false;
  return !sameResource(firstWork, secondWork);
}

/** `first` awaits a call without arguments whose result the statements use only as a receiver (`client.send(…)`). */
function getsHandle(first: AwaitedResult, statements: readonly ts.Statement[]): boolean {
  if (ts.isTaggedTemplateExpression(first.work) || (first.work.arguments?.length ?? 0) > 0) return false;
  let onlyReceiver = true;
  for (const statement of statements) {
    forEachDescendant(statement, (node) => {
      if (!onlyReceiver) return 'skip';
      if (!ts.isIdentifier(node) || !first.names.has(node.text) || !isValueReference(node)) return undefined;
      const access = node.parent;
      if (!(
        ts.isPropertyAccessExpression(access) &&
        access.expression === node &&
        ts.isCallExpression(access.parent)
      ))
        onlyReceiver = false;
      return undefined;
    });
  }
  return onlyReceiver;
}

/** A statement that only calls something with one of `names` (its result unused): a check that may throw. */
function isCheckOn(statement: ts.Statement, names: ReadonlySet<string>): boolean {
  if (!ts.isExpressionStatement(statement)) return false;
  const call = skipOuter(statement.expression);
  return ts.isCallExpression(call) && call.arguments.some((argument) => mentions(argument, names));
}

/** `names` grown with the variables the statements compute from them (`const items = feed.items`). */
function derivedNames(statements: readonly ts.Statement[], names: ReadonlySet<string>): Set<string> {
  let current = new Set(names);
  for (let size = -1; size !== current.size;) {
    size = current.size;
    for (const statement of statements) current = withDerived(statement, current);
  }
  return current;
}

/** The statement awaits something (outside nested functions), or may leave the block (`return`, `throw`, `break`). */
function suspendsOrExits(statement: ts.Statement): boolean {
  if (ownAwaits(statement).length > 0) return true;
  let found = false;
  forEachInFunction(statement, (node) => {
    if (found) return 'skip';
    if (
      ts.isReturnStatement(node) ||
      ts.isThrowStatement(node) ||
      ts.isBreakStatement(node) ||
      ts.isContinueStatement(node) ||
      (ts.isForOfStatement(node) && node.awaitModifier !== undefined)
    )
      found = true;
    return undefined;
  });
  return found;
}

/**
 * `const a = await f()`, `const { a } = await f()`, `const a = (await f()).data`, `const a = (await f()) ?? b`,
 * `a = await f()`: a statement keeping the result of one awaited call.
 */
function awaitedResultOf(
  statement: ts.Statement | undefined,
  quietImport: QuietImport,
): AwaitedResult | undefined {
  if (statement === undefined) return undefined;
  let names: string[];
  let value: ts.Expression;
  if (ts.isVariableStatement(statement)) {
    const [declaration, ...rest] = statement.declarationList.declarations;
    if (declaration === undefined || rest.length > 0 || declaration.initializer === undefined)
      return undefined;
    names = boundNames(declaration.name);
    value = declaration.initializer;
  } else if (
    ts.isExpressionStatement(statement) &&
    ts.isBinaryExpression(statement.expression) &&
    statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    assignedName(statement.expression.left) !== undefined
  ) {
    names = [assignedName(statement.expression.left) as string];
    value = statement.expression.right;
  } else {
    return undefined;
  }
  let start = withoutDefault(skipOuter(value));
  // `Number(await read('version'))`, `JSON.parse(await readFile(path))`: the result converted on the spot.
  if (ts.isCallExpression(start) && start.arguments.length === 1 && !mentionsAwait(start.expression)) {
    const argument = skipOuter(start.arguments[0] as ts.Expression);
    if (ts.isAwaitExpression(argument)) start = argument;
  }
  const inner = awaitUnderAccess(start);
  if (inner === undefined) return undefined;
  const operand = skipOuter(inner.expression);
  // `await fetch(url).then((res) => res.json())`: the work is the call the chain starts from.
  let work: ts.Expression = operand;
  while (
    ts.isCallExpression(work) &&
    chainSteps.has(calleeName(work) ?? '') &&
    calleeReceiver(work) !== undefined
  )
    work = skipOuter(calleeReceiver(work) as ts.Expression);
  if (!ts.isCallExpression(work) && !ts.isNewExpression(work) && !ts.isTaggedTemplateExpression(work))
    return undefined;
  if (ts.isCallExpression(work)) {
    if (work.expression.kind === ts.SyntaxKind.ImportKeyword && !quietImport(work)) return undefined;
    if (isPromiseStatic(work, ['all', 'allSettled', 'any', 'race'])) return undefined;
  }
  return { statement, awaited: inner, work, operand, names: new Set(names) };
}

/** Steps chained onto a promise: the chain waits for the work it starts from. */
const chainSteps = new Set(['then', 'catch', 'finally']);

/** `x` or a field of the object itself, `this.x` (named by {@link ownField}). */
function assignedName(target: ts.Expression): string | undefined {
  const inner = skipOuter(target);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword)
    return ownField(inner.name.text);
  return undefined;
}

function mentionsAwait(node: ts.Node): boolean {
  return ownAwaits(node).length > 0 || ts.isAwaitExpression(node);
}

/** A library call whose order is the point (by its name, or one in its arguments). */
function isOrdered(work: Work): boolean {
  return hasOrderedCall(work, new Set());
}

/** A tagged template run on one transaction or session (`` tx`…` ``): statements of one connection, in order. */
function isSessionWork(work: Work): boolean {
  return ts.isTaggedTemplateExpression(work) && isSessionReceiver(work.tag);
}

/** Both act on the same receiver with the same argument: one resource, changed in order (create, then update). */
function sameResource(first: Work, second: Work): boolean {
  const sourceFile = first.getSourceFile();
  if (ts.isTaggedTemplateExpression(first) || ts.isTaggedTemplateExpression(second)) {
    return (
      ts.isTaggedTemplateExpression(first) &&
      ts.isTaggedTemplateExpression(second) &&
      normalizedText(first, sourceFile) === normalizedText(second, sourceFile)
    );
  }
  if (!ts.isCallExpression(first) || !ts.isCallExpression(second)) return false;
  const a = calleeReceiver(first);
  const b = calleeReceiver(second);
  if (a === undefined || b === undefined) return false;
  if (normalizedText(a, sourceFile) !== normalizedText(b, sourceFile)) return false;
  const texts = new Set(first.arguments.map((argument) => normalizedText(argument, sourceFile)));
  return second.arguments.some((argument) => texts.has(normalizedText(argument, sourceFile)));
}

/** A later simple statement (expression, return, declaration) reads a name of each of the two sets. */
function usedTogether(
  statements: readonly ts.Statement[],
  firstNames: ReadonlySet<string>,
  secondNames: ReadonlySet<string>,
): boolean {
  const together = (node: ts.Node): boolean => mentions(node, firstNames) && mentions(node, secondNames);
  const weighsBoth = (node: ts.Node): boolean =>
    (ts.isIfStatement(node) || ts.isConditionalExpression(node)) && together(conditionOf(node));
  return statements.some((statement) => {
    if (isSimpleStatement(statement)) return together(statement);
    if (weighsBoth(statement)) return true;
    let found = false;
    forEachDescendant(statement, (node) => {
      if (found || isFunctionLike(node)) return 'skip';
      if (isSimpleStatement(node)) {
        found = together(node);
        return 'skip';
      }
      // A condition that weighs both (`if (version === expected && root !== undefined)`).
      if (weighsBoth(node)) {
        found = true;
        return 'skip';
      }
      return undefined;
    });
    return found;
  });
}

function conditionOf(node: ts.IfStatement | ts.ConditionalExpression): ts.Expression {
  return ts.isIfStatement(node) ? node.expression : node.condition;
}

function isSimpleStatement(node: ts.Node): boolean {
  return ts.isExpressionStatement(node) || ts.isReturnStatement(node) || ts.isVariableStatement(node);
}

/**
 * `Promise.all([await f(), await g()])` (also `allSettled`, `race`, `any`): the elements of an array literal are
 * evaluated in order, so each `await` inside it waits for the one before, and `Promise.all` receives values that
 * are already settled. Returns the awaits after the first one that start work waiting for I/O.
 *
 * @example
 * ```ts
 * for (const node of awaitsInsideCombinator(checker, call)) context.report({ node, messageId: 'awaitInsideAll' });
 * ```
 */
export function awaitsInsideCombinator(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): ts.AwaitExpression[] {
  if (!isPromiseStatic(call, ['all', 'allSettled', 'any', 'race'])) return [];
  const list = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
  if (list === undefined || !ts.isArrayLiteralExpression(list)) return [];
  const working = list.elements.flatMap((element) => {
    const inner = skipOuter(element);
    if (!ts.isAwaitExpression(inner)) return [];
    const work = skipOuter(inner.expression);
    if (!ts.isCallExpression(work) && !ts.isTaggedTemplateExpression(work)) return [];
    return calleeModel(checker, work, libraryNames).idle ? [] : [inner];
  });
  return working.slice(1);
}

/**
 * Awaits side by side in one expression: the properties of an object literal (`return { players: await
 * getRows('a'), matches: await getRows('b') }`), the elements of an array literal, or the arguments of a call
 * (`render(await f(), await g())`). They are evaluated left to right, so each waits for the one before, though none
 * can use another's result. Returns each await after the first whose work could have started with the one before it
 * (see {@link effectsAllowOverlap}: a write after a read, a gate or a call whose order is the point keeps its place).
 * The list given to `Promise.all` & co is left to {@link awaitsInsideCombinator}.
 *
 * @example
 * ```ts
 * for (const node of awaitsInOneExpression(checker, literal)) context.report({ node, messageId: 'awaitsInOneExpression' });
 * ```
 */
export function awaitsInOneExpression(checker: ts.TypeChecker, node: ts.Node): ts.AwaitExpression[] {
  let parts: readonly ts.Expression[];
  if (ts.isObjectLiteralExpression(node)) {
    parts = node.properties.flatMap((property) =>
      ts.isPropertyAssignment(property)
        ? [property.initializer]
        : ts.isSpreadAssignment(property)
          ? [property.expression]
          : [],
    );
  } else if (ts.isArrayLiteralExpression(node)) {
    if (isCombinatorList(node)) return [];
    parts = node.elements.map((element) => (ts.isSpreadElement(element) ? element.expression : element));
  } else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    if (ts.isCallExpression(node) && isPromiseStatic(node, ['all', 'allSettled', 'any', 'race'])) return [];
    parts = (node.arguments ?? []).map((argument) =>
      ts.isSpreadElement(argument) ? argument.expression : argument,
    );
  } else {
    return [];
  }
  const working: { awaited: ts.AwaitExpression; work: Work }[] = [];
  for (const part of parts) {
    const awaited = partAwait(part);
    if (awaited === undefined) continue;
    const work = skipOuter(awaited.expression);
    if (!ts.isCallExpression(work) && !ts.isTaggedTemplateExpression(work)) continue;
    if (ts.isCallExpression(work) && work.expression.kind === ts.SyntaxKind.ImportKeyword) continue;
    if (calleeModel(checker, work, libraryNames).idle) continue;
    working.push({ awaited, work });
  }
  const found: ts.AwaitExpression[] = [];
  for (let index = 1; index < working.length; index++) {
    const previous = working[index - 1];
    const current = working[index];
    if (previous === undefined || current === undefined) continue;
    if (effectsAllowOverlap(checker, previous.work, current.work)) found.push(current.awaited);
  }
  return found;
}

/** `await f()`, `(await f()).data`, `(await f()) ?? fallback`: a part of an expression that is one awaited value. */
function partAwait(part: ts.Expression): ts.AwaitExpression | undefined {
  return awaitUnderAccess(withoutDefault(skipOuter(part)));
}

/** `(await f()) ?? fallback`, `(await f()) || fallback`: the result without its default. */
function withoutDefault(expression: ts.Expression): ts.Expression {
  return ts.isBinaryExpression(expression) &&
    (expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
      expression.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
    !mentionsAwait(expression.right)
    ? skipOuter(expression.left)
    : expression;
}

/** The await a chain of property reads starts from (`(await f()).rows[0]`), or undefined. */
function awaitUnderAccess(expression: ts.Expression): ts.AwaitExpression | undefined {
  let inner = expression;
  while (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
    if (ts.isElementAccessExpression(inner) && mentionsAwait(inner.argumentExpression)) return undefined;
    inner = skipOuter(inner.expression);
  }
  return ts.isAwaitExpression(inner) ? inner : undefined;
}

/** The array literal is the list given to `Promise.all` & co. */
function isCombinatorList(list: ts.ArrayLiteralExpression): boolean {
  let node: ts.Node = list;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const call = node.parent;
  return (
    ts.isCallExpression(call) &&
    call.arguments[0] === node &&
    isPromiseStatic(call, ['all', 'allSettled', 'any', 'race'])
  );
}
