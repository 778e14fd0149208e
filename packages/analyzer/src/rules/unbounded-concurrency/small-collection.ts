/**
 * `unbounded-concurrency`: evidence that a collection is small and known (a literal, a constant, a page or batch, a
 * loop over a few numbers): a fan-out over it needs no bound.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { symbolNamedBy } from '../../analysis/types/declared-types.js';
import {
  calleeName,
  calleeReceiver,
  isAssignmentOperator,
  rootName,
  skipOuter,
} from '../../analysis/syntax/expressions.js';
import { isFunctionLike } from '../../analysis/syntax/functions.js';
import { findDescendant } from '../../analysis/syntax/walk.js';
import { callTakingCallback, localDeclaration } from './fan-out.js';
import { hasPageOption } from './unbounded-origin.js';

/** Names that say the collection is already a bounded batch. */
const batchName = /(chunk|batch)/i;

/** The largest literal size treated as small and known. */
const smallSize = 16;

/**
 * The widest window of a chunked loop (`slice(i, i + size)`) treated as a bound the author chose: fixes cap batches
 * at 5 to 50 at a time; a window of hundreds still opens hundreds of connections at once.
 */
const chosenWindowSize = 100;

/** A literal list, a short slice, a tuple, a batch, or a literal-length array. */
export function isSmallCollection(items: ts.Expression, checker: ts.TypeChecker, depth = 0): boolean {
  const expression = skipOuter(items);
  if (ts.isArrayLiteralExpression(expression)) {
    return !expression.elements.some(ts.isSpreadElement) || expression.elements.length === 0;
  }
  if (ts.isConditionalExpression(expression)) {
    // pending.length > MAX ? pending.slice(0, MAX) : pending: the whole list only when it is no longer than a window
    const [whenTrue, whenFalse] = [skipOuter(expression.whenTrue), skipOuter(expression.whenFalse)];
    if (isSmallCollection(whenTrue, checker, depth + 1) && isSmallCollection(whenFalse, checker, depth + 1))
      return true;
    const windowOf = (window: ts.Expression, whole: ts.Expression): boolean =>
      ts.isCallExpression(window) &&
      isSmallCollection(window, checker, depth + 1) &&
      calleeReceiver(window)?.getText() === whole.getText() &&
      mentionsLength(expression.condition);
    return windowOf(whenTrue, whenFalse) || windowOf(whenFalse, whenTrue);
  }
  if (ts.isObjectLiteralExpression(expression)) {
    // Array.from({ length: 4 }, fn)
    const length = expression.properties.find(
      (p): p is ts.PropertyAssignment =>
        ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'length',
    );
    const size = length === undefined ? undefined : literalNumber(length.initializer);
    return size !== undefined && size <= smallSize;
  }
  if (ts.isIdentifier(expression)) {
    const declaration = localDeclaration(expression, checker);
    const initializer = declaration?.initializer;
    if (
      initializer !== undefined &&
      depth < 3 &&
      (ts.getCombinedNodeFlags(declaration as ts.Node) & ts.NodeFlags.Const) !== 0
    ) {
      // const users = await Promise.all(Array.from({ length: 12 }, make)): the size of what it was made from
      const source = sizeSource(initializer);
      const grown =
        source !== undefined &&
        ts.isArrayLiteralExpression(source) &&
        isGrown(expression.text, expression.getSourceFile());
      if (source !== undefined && !grown && isSmallCollection(source, checker, depth + 1)) return true;
    }
    if (isBatchVariable(expression)) return true;
  }
  if (depth < 3 && isConstantCollection(expression, checker, depth)) return true;
  if (ts.isIdentifier(expression) && (isPage(expression, checker) || isBatchParameter(expression, checker)))
    return true;
  const name = rootName(expression) ?? '';
  const lastName = ts.isPropertyAccessExpression(expression) ? expression.name.text : name;
  if (batchName.test(lastName)) return true;
  if (ts.isCallExpression(expression)) {
    const called = calleeName(expression);
    if (called === 'slice' && expression.arguments.length === 2) {
      const [from, to] = expression.arguments.map((arg) => literalNumber(arg));
      if (from !== undefined && to !== undefined) return true; // a literal window: the author chose the bound
      if (isChosenWindow(expression.arguments[0], expression.arguments[1], checker)) return true;
      // items.slice(0, MAX_AT_ONCE): a window of a constant size
      const size = expression.arguments[1] as ts.Expression;
      const chosen = literalNumber(size) ?? constantNumber(size, checker);
      if (from === 0 && chosen !== undefined && chosen <= chosenWindowSize) return true;
    }
    // pending.splice(0, limit): each pass takes the next window off the queue, of the size the caller chose
    if (called === 'splice' && expression.arguments.length === 2 && !mentionsLength(expression.arguments[1]))
      return true;
    if (called !== undefined && batchName.test(called)) return true;
  }
  const type = checker.getTypeAtLocation(expression);
  return checker.isTupleType(type);
}

/** Option names that cap how many rows a query returns: `findAll({ limit })`, Prisma's `take`, a page size. */
export const pageOption =
  /^(limit|take|first|last|pageSize|perPage|per_page|page_size|maxResults|max_results)$/;

/**
 * A page of rows: a variable holding the awaited result of a query whose options cap the row count
 * (`const rows = await Model.findAll({ where, limit: pagination.limit })`), also destructured from
 * `await Promise.all([Model.count(…), Model.findAll({ …, limit })])`.
 */
function isPage(name: ts.Identifier, checker: ts.TypeChecker): boolean {
  const declaration = checker.getSymbolAtLocation(name)?.valueDeclaration;
  if (declaration === undefined) return false;
  let query: ts.Expression | undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    query = awaited(declaration.initializer);
  } else if (ts.isBindingElement(declaration) && ts.isArrayBindingPattern(declaration.parent)) {
    const holder = declaration.parent.parent;
    const index = declaration.parent.elements.indexOf(declaration);
    if (!ts.isVariableDeclaration(holder) || holder.initializer === undefined) return false;
    const all = awaited(holder.initializer);
    if (
      !ts.isCallExpression(all) ||
      calleeName(all) !== 'all' ||
      all.arguments[0] === undefined ||
      !ts.isArrayLiteralExpression(skipOuter(all.arguments[0]))
    ) {
      return false;
    }
    const element = (skipOuter(all.arguments[0]) as ts.ArrayLiteralExpression).elements[index];
    query = element === undefined ? undefined : skipOuter(element);
  }
  if (query === undefined || !ts.isCallExpression(query)) return false;
  return query.arguments.some(hasPageOption);
}

export function awaited(expression: ts.Expression): ts.Expression {
  const inner = skipOuter(expression);
  return ts.isAwaitExpression(inner) ? skipOuter(inner.expression) : inner;
}

/**
 * The parameter of a callback handed to a batching helper: `findAllInBatches(query, async (rows) => …)`,
 * `inChunks(items, 10, (chunk) => …)`.
 */
function isBatchParameter(name: ts.Identifier, checker: ts.TypeChecker): boolean {
  const declaration = checker.getSymbolAtLocation(name)?.valueDeclaration;
  if (declaration === undefined || !ts.isParameter(declaration)) return false;
  const call = callTakingCallback(declaration.parent);
  if (call === undefined) return false;
  const called = calleeName(call);
  return called !== undefined && batchName.test(called);
}

/**
 * `slice(i, i + size)` where `size` is a literal or a constant holding one, up to {@link chosenWindowSize}: a window
 * the loop around it moves (`for (let i = 0; i < all.length; i += size)`), whose size the author chose.
 */
function isChosenWindow(
  from: ts.Expression | undefined,
  to: ts.Expression | undefined,
  checker: ts.TypeChecker,
): boolean {
  if (from === undefined || to === undefined) return false;
  const end = skipOuter(to);
  if (!ts.isBinaryExpression(end) || end.operatorToken.kind !== ts.SyntaxKind.PlusToken) return false;
  const start = skipOuter(from).getText();
  const [base, size] =
    skipOuter(end.left).getText() === start ? [end.left, end.right] : [end.right, end.left];
  if (skipOuter(base).getText() !== start) return false;
  const value = literalNumber(size) ?? constantNumber(size, checker);
  return value !== undefined && value <= chosenWindowSize;
}

/** Whether an expression reads some `.length`: a bound that is the collection's own size is no bound. */
function mentionsLength(expression: ts.Expression | undefined): boolean {
  return (
    (expression !== undefined &&
      findDescendant(
        expression,
        (node) => ts.isPropertyAccessExpression(node) && node.name.text === 'length',
      ) !== undefined) ||
    (expression !== undefined &&
      ts.isPropertyAccessExpression(expression) &&
      expression.name.text === 'length')
  );
}

function constantNumber(expression: ts.Expression, checker: ts.TypeChecker): number | undefined {
  const node = skipOuter(expression);
  if (!ts.isIdentifier(node)) return undefined;
  const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) === 0 ||
    declaration.initializer === undefined
  ) {
    return undefined;
  }
  return literalNumber(declaration.initializer);
}

/** Array methods whose result has at most as many elements as their receiver. */
const shrinkingMethods = new Set([
  'filter',
  'map',
  'slice',
  'sort',
  'toSorted',
  'reverse',
  'toReversed',
  'with',
  'keys',
  'values',
  'entries',
]);

/**
 * A collection whose size is fixed in the source: a constant array literal or object (also imported, or a property
 * of a constant object), `Object.keys/values/entries` of a constant object or an enum, and `filter`/`map`/`slice` of
 * such a collection. `const PROVIDERS = ['google', 'github']`, `Object.keys(providerConfig)`,
 * `Object.values(Role)`.
 */
function isConstantCollection(expression: ts.Expression, checker: ts.TypeChecker, depth: number): boolean {
  const node = skipOuter(expression);
  if (ts.isArrayLiteralExpression(node)) return !node.elements.some(ts.isSpreadElement);
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) {
    const initializer = constantInitializer(node, checker);
    return initializer !== undefined && isSmallCollection(initializer, checker, depth + 1);
  }
  if (!ts.isCallExpression(node)) return false;
  const called = calleeName(node);
  const receiver = calleeReceiver(node);
  if (called === undefined || receiver === undefined) return false;
  const owner = skipOuter(receiver);
  if (ts.isIdentifier(owner) && owner.text === 'Object' && /^(keys|values|entries)$/.test(called)) {
    const object = node.arguments[0];
    return object !== undefined && isConstantObject(object, checker);
  }
  return shrinkingMethods.has(called) && isConstantCollection(owner, checker, depth + 1);
}

/** An enum, or a constant object literal without spreads whose keys nothing in its file adds or deletes. */
function isConstantObject(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const node = skipOuter(expression);
  if (ts.isObjectLiteralExpression(node)) return node.properties.every((p) => !ts.isSpreadAssignment(p));
  if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return false;
  const symbol = symbolNamedBy(checker, node);
  if (symbol === undefined) return false;
  if ((symbol.flags & ts.SymbolFlags.Enum) !== 0) return true;
  const initializer = constantInitializer(node, checker);
  if (initializer === undefined || !ts.isObjectLiteralExpression(initializer)) return false;
  if (initializer.properties.some((p) => ts.isSpreadAssignment(p))) return false;
  return !keysChangedInFile(symbol);
}

/**
 * The initializer of a `const` variable, or of a property of a `const` object literal, that `node` names (through
 * imports): the value it holds for good, when nothing reassigns it.
 */
function constantInitializer(node: ts.Expression, checker: ts.TypeChecker): ts.Expression | undefined {
  const symbol = symbolNamedBy(checker, node);
  const declaration = symbol?.valueDeclaration;
  if (declaration === undefined) return undefined;
  if (ts.isVariableDeclaration(declaration)) {
    if ((ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) === 0) return undefined;
    if (declaration.initializer === undefined || !ts.isIdentifier(declaration.name)) return undefined;
    const initializer = skipOuter(declaration.initializer);
    if (
      ts.isArrayLiteralExpression(initializer) &&
      isGrown(declaration.name.text, declaration.getSourceFile())
    )
      return undefined;
    return initializer;
  }
  if (ts.isPropertyAssignment(declaration)) {
    // a property of a constant object: every object literal up to a `const` declaration
    let object: ts.Node = declaration.parent;
    for (;;) {
      if (!ts.isObjectLiteralExpression(object)) return undefined;
      let up: ts.Node = object.parent;
      while (ts.isAsExpression(up) || ts.isSatisfiesExpression(up) || ts.isParenthesizedExpression(up))
        up = up.parent;
      if (ts.isVariableDeclaration(up)) {
        if ((ts.getCombinedNodeFlags(up) & ts.NodeFlags.Const) === 0) return undefined;
        break;
      }
      if (!ts.isPropertyAssignment(up)) return undefined;
      object = up.parent;
    }
    if (symbol !== undefined && isAssignedInFile(symbol)) return undefined;
    const initializer = skipOuter(declaration.initializer);
    if (
      ts.isArrayLiteralExpression(initializer) &&
      symbol !== undefined &&
      isGrown(symbol.name, declaration.getSourceFile())
    )
      return undefined;
    return initializer;
  }
  return undefined;
}

/** `name.push(…)`, `unshift`, `splice`, `name.length = …` or `name[i] = …` anywhere in the file: a growing array. */
function isGrown(name: string, file: ts.SourceFile): boolean {
  const isName = (e: ts.Expression): boolean => {
    const inner = skipOuter(e);
    return (
      (ts.isIdentifier(inner) && inner.text === name) ||
      (ts.isPropertyAccessExpression(inner) && inner.name.text === name)
    );
  };
  return (
    findDescendant(file, (node) => {
      if (ts.isCallExpression(node)) {
        const receiver = calleeReceiver(node);
        return (
          receiver !== undefined && /^(push|unshift|splice)$/.test(calleeName(node) ?? '') && isName(receiver)
        );
      }
      if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
        const left = skipOuter(node.left);
        return (
          (ts.isElementAccessExpression(left) && isName(left.expression)) ||
          (ts.isPropertyAccessExpression(left) && left.name.text === 'length' && isName(left.expression))
        );
      }
      return false;
    }) !== undefined
  );
}

/** `obj[k] = …`, `delete obj[k]` or `Object.assign(obj, …)` on the object in the file that declares it. */
function keysChangedInFile(symbol: ts.Symbol): boolean {
  const declaration = symbol.valueDeclaration;
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    !ts.isIdentifier(declaration.name)
  )
    return true;
  const name = declaration.name.text;
  const named = (e: ts.Expression): boolean => {
    const inner = skipOuter(e);
    return (
      (ts.isElementAccessExpression(inner) || ts.isPropertyAccessExpression(inner)) &&
      ts.isIdentifier(skipOuter(inner.expression)) &&
      (skipOuter(inner.expression) as ts.Identifier).text === name
    );
  };
  return (
    findDescendant(declaration.getSourceFile(), (node) => {
      if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind))
        return named(node.left);
      if (ts.isDeleteExpression(node)) return named(node.expression);
      if (ts.isCallExpression(node) && calleeName(node) === 'assign') {
        const target = node.arguments[0];
        return target !== undefined && ts.isIdentifier(target) && target.text === name;
      }
      return false;
    }) !== undefined
  );
}

/** Whether a property of a constant object is reassigned (`config.providers = […]`) in its file. */
function isAssignedInFile(symbol: ts.Symbol): boolean {
  const declaration = symbol.valueDeclaration;
  if (declaration === undefined) return true;
  const name = symbol.name;
  return (
    findDescendant(
      declaration.getSourceFile(),
      (node) =>
        ts.isBinaryExpression(node) &&
        isAssignmentOperator(node.operatorToken.kind) &&
        ts.isPropertyAccessExpression(skipOuter(node.left)) &&
        (skipOuter(node.left) as ts.PropertyAccessExpression).name.text === name,
    ) !== undefined
  );
}

/**
 * The expression whose size a constant's initializer has: the array literal itself, or what `await`,
 * `Promise.all(…)`, `.map(…)`, `.filter(…)` and `Array.from(x, fn)` were applied to.
 */
function sizeSource(initializer: ts.Expression): ts.Expression | undefined {
  let expression = skipOuter(initializer);
  for (let step = 0; step < 4; step++) {
    if (ts.isAwaitExpression(expression)) {
      expression = skipOuter(expression.expression);
      continue;
    }
    if (!ts.isCallExpression(expression)) break;
    const name = calleeName(expression);
    const receiver = calleeReceiver(expression);
    const first = expression.arguments[0];
    if (
      receiver !== undefined &&
      ts.isIdentifier(receiver) &&
      receiver.text === 'Promise' &&
      first !== undefined
    ) {
      expression = skipOuter(first);
    } else if (receiver !== undefined && (name === 'map' || name === 'filter' || name === 'slice')) {
      if (name === 'slice') return expression;
      expression = skipOuter(receiver);
    } else {
      break;
    }
  }
  if (ts.isCallExpression(expression) && calleeName(expression) === 'from') {
    const first = expression.arguments[0];
    return first === undefined ? undefined : skipOuter(first);
  }
  return ts.isArrayLiteralExpression(expression) || ts.isCallExpression(expression) ? expression : undefined;
}

/** The loop variable of an enclosing `for…of` over batches: `for (const batch of chunks(items, 10))`. */
function isBatchVariable(name: ts.Identifier): boolean {
  for (let current = name.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (isFunctionLike(current)) return false;
    if (ts.isForOfStatement(current) && ts.isVariableDeclarationList(current.initializer)) {
      const declared = current.initializer.declarations.some(
        (d) => ts.isIdentifier(d.name) && d.name.text === name.text,
      );
      if (declared) return true;
    }
  }
  return false;
}

/**
 * A loop with a small literal trip count (`for (let i = 0; i < 3; i++)`, `for (const x of [a, b])`), or one capped by
 * a count of running work it keeps itself ({@link isCappedByRunningCount}).
 */
export function isSmallLoop(loop: ts.IterationStatement, checker: ts.TypeChecker): boolean {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop))
    return isSmallCollection(loop.expression, checker);
  const condition = ts.isForStatement(loop)
    ? loop.condition
    : ts.isWhileStatement(loop) || ts.isDoStatement(loop)
      ? loop.expression
      : undefined;
  if (condition === undefined) return false;
  return isSmallBound(condition, checker) || isCappedByRunningCount(condition, loop.statement, checker);
}

/**
 * `while (waiting.length > 0 && running < MAX_RUNNING) { running += 1; start(waiting.shift(), () => { running -= 1;
 * next(); }) }`: a conjunct of the condition compares a count the body increments with a number the code fixed (a
 * literal or a constant of any size): at most that many pieces of work are running, however long the queue is. The
 * hand-written form of a semaphore, as fixes of this pitfall write it.
 */
function isCappedByRunningCount(node: ts.Expression, body: ts.Statement, checker: ts.TypeChecker): boolean {
  const condition = skipOuter(node);
  if (!ts.isBinaryExpression(condition)) return false;
  const operator = condition.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken)
    return (
      isCappedByRunningCount(condition.left, body, checker) ||
      isCappedByRunningCount(condition.right, body, checker)
    );
  if (operator !== ts.SyntaxKind.LessThanToken && operator !== ts.SyntaxKind.LessThanEqualsToken)
    return false;
  const count = skipOuter(condition.left);
  if (!ts.isIdentifier(count) || literalNumber(condition.right, checker) === undefined) return false;
  const counter = checker.getSymbolAtLocation(count);
  return (
    counter !== undefined &&
    findDescendant(body, (inner) => isIncrementOf(inner, counter, checker)) !== undefined
  );
}

/** `count++`, `++count`, `count += 1` of the variable `counter`. */
function isIncrementOf(node: ts.Node, counter: ts.Symbol, checker: ts.TypeChecker): boolean {
  let target: ts.Expression | undefined;
  if (
    (ts.isPostfixUnaryExpression(node) || ts.isPrefixUnaryExpression(node)) &&
    node.operator === ts.SyntaxKind.PlusPlusToken
  )
    target = node.operand;
  else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken)
    target = node.left;
  if (target === undefined) return false;
  const operand = skipOuter(target);
  return ts.isIdentifier(operand) && checker.getSymbolAtLocation(operand) === counter;
}

/**
 * `i < 8`, `i < WORKERS` (a constant whose type is a small number), and a conjunction with one such bound
 * (`i < WORKERS && i < queue.length`): the loop stops at the small number whatever else it tests.
 */
function isSmallBound(node: ts.Expression, checker: ts.TypeChecker): boolean {
  const condition = skipOuter(node);
  if (!ts.isBinaryExpression(condition)) return false;
  if (condition.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
    return isSmallBound(condition.left, checker) || isSmallBound(condition.right, checker);
  // `queue.length > 0` bounds nothing
  if (
    condition.operatorToken.kind !== ts.SyntaxKind.LessThanToken &&
    condition.operatorToken.kind !== ts.SyntaxKind.LessThanEqualsToken
  )
    return false;
  const bound = literalNumber(condition.right, checker);
  return bound !== undefined && bound <= smallSize;
}

function literalNumber(node: ts.Expression, checker?: ts.TypeChecker): number | undefined {
  const expression = skipOuter(node);
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (checker === undefined) return undefined;
  const type = checker.getTypeAtLocation(expression);
  return type.isNumberLiteral() ? type.value : undefined;
}
