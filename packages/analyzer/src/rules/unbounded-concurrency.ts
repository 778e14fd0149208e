import ts from '../typescript.cjs';
import { importEdit } from '../analysis/edits.js';
import { calleeName, calleeReceiver, rootName, skipOuter } from '../analysis/syntax/expressions.js';
import { enclosingScope, isFunctionLike } from '../analysis/syntax/functions.js';
import { findDescendant, forEachDescendant } from '../analysis/syntax/walk.js';
import { validateBooleanOptions } from '../analysis/options.js';
import type { Suggestion } from '../rule.js';
import { defineRule } from '../rule.js';

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

/** Calls that end or release a resource: closing every server of a pool at once is what you want. */
const teardownCalls = new Set([
  'close',
  'destroy',
  'end',
  'stop',
  'disconnect',
  'dispose',
  'shutdown',
  'cleanup',
  'terminate',
  'abort',
  'kill',
  'release',
  'unref',
  'quit',
  'unsubscribe',
  'removeListener',
  'off',
  'drain',
  'flush',
]);

/** Calls that already bound concurrency (p-limit's `limit(fn)`, p-queue's `queue.add`, a semaphore …). */
const limiterCall =
  /(limit|throttle|schedule|queue|semaphore|mutex|runExclusive|acquire|bottleneck|^pool$|^add$)/i;

/** Names that say the collection is already a bounded batch. */
const batchName = /(chunk|batch)/i;

/**
 * Collections of infrastructure (cluster nodes, servers, connections, pipelined commands): talking to all of them at
 * once is the intent, and their number is bounded by the deployment, not by the input.
 */
const infrastructureName =
  /(nodes|servers|clients|connections|conns|shards|replicas|hosts|hostnames|workers|children|pools|sockets|peers|members|instances|subscribers|listeners|scripts|commands|cmds|providers|plugins|emitters|streams|sessions|cursors|handles|timers)$/i;

/** The largest literal size treated as small and known. */
const smallSize = 16;

interface Fanout {
  /** The collection mapped over, when there is one. */
  readonly items: ts.Expression | undefined;
  /** The function producing each promise (callback or pushed expression). */
  readonly work: ts.Node;
  /** The `items.map(callback)` expression, when the rule can offer a rewrite. */
  readonly mapCall: ts.CallExpression | undefined;
  /** A loop that pushes the promises. */
  readonly loop: ts.IterationStatement | undefined;
}

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
        const call = node as ts.CallExpression;
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

/** What the combinator's argument fans out over, following one `const` indirection. */
function findFanout(argument: ts.Expression): Fanout | undefined {
  const expression = skipOuter(argument);
  const direct = fanoutOfExpression(expression);
  if (direct !== undefined) return direct;
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = localDeclaration(expression);
  if (declaration?.initializer === undefined) return undefined;
  const initializer = skipOuter(declaration.initializer);
  const viaConst = fanoutOfExpression(initializer);
  if (viaConst !== undefined) {
    return { ...viaConst, mapCall: undefined };
  }
  if (ts.isArrayLiteralExpression(initializer) && initializer.elements.length === 0) {
    return pushedInLoop(expression.text, enclosingScope(declaration));
  }
  return undefined;
}

function fanoutOfExpression(expression: ts.Expression): Fanout | undefined {
  if (!ts.isCallExpression(expression)) return undefined;
  const name = calleeName(expression);
  const receiver = calleeReceiver(expression);
  if (name === 'map' && receiver !== undefined && expression.arguments.length >= 1) {
    const callback = expression.arguments[0];
    if (callback === undefined) return undefined;
    return { items: receiver, work: callback, mapCall: expression, loop: undefined };
  }
  if (
    name === 'from' &&
    receiver !== undefined &&
    ts.isIdentifier(receiver) &&
    receiver.text === 'Array' &&
    expression.arguments.length === 2
  ) {
    const [items, callback] = expression.arguments;
    if (items === undefined || callback === undefined) return undefined;
    return { items, work: callback, mapCall: undefined, loop: undefined };
  }
  return undefined;
}

/** The `const`/`let` declaration of a name in the enclosing functions, found by text. */
function localDeclaration(name: ts.Identifier): ts.VariableDeclaration | undefined {
  let found: ts.VariableDeclaration | undefined;
  let scope: ts.Node = enclosingScope(name);
  for (;;) {
    forEachDescendant(scope, (node) => {
      if (found !== undefined) return 'skip';
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name.text)
        found = node;
      return undefined;
    });
    if (found !== undefined || ts.isSourceFile(scope)) return found;
    scope = enclosingScope(scope);
  }
}

/** `promises.push(work(x))` inside a loop of `scope`. */
function pushedInLoop(name: string, scope: ts.Node): Fanout | undefined {
  let fanout: Fanout | undefined;
  forEachDescendant(scope, (node) => {
    if (fanout !== undefined) return 'skip';
    if (!ts.isCallExpression(node) || calleeName(node) !== 'push') return undefined;
    const receiver = calleeReceiver(node);
    const pushed = node.arguments[0];
    if (
      receiver === undefined ||
      !ts.isIdentifier(receiver) ||
      receiver.text !== name ||
      pushed === undefined
    ) {
      return undefined;
    }
    const loop = enclosingLoop(node, scope);
    if (loop === undefined) return undefined;
    const items = ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.expression : undefined;
    fanout = { items, work: pushed, mapCall: undefined, loop };
    return undefined;
  });
  return fanout;
}

function enclosingLoop(node: ts.Node, scope: ts.Node): ts.IterationStatement | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (current === scope || isFunctionLike(current)) return undefined;
    if (ts.isIterationStatement(current, false)) return current;
  }
  return undefined;
}

/** A literal list, a short slice, a tuple, a batch, or a literal-length array. */
function isSmallCollection(items: ts.Expression, checker: ts.TypeChecker, depth = 0): boolean {
  const expression = skipOuter(items);
  if (ts.isArrayLiteralExpression(expression)) {
    return !expression.elements.some(ts.isSpreadElement) || expression.elements.length === 0;
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
    const declaration = localDeclaration(expression);
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
  if (batchName.test(lastName) || infrastructureName.test(lastName)) return true;
  if (ts.isCallExpression(expression)) {
    const called = calleeName(expression);
    if (called === 'slice' && expression.arguments.length === 2) {
      const [from, to] = expression.arguments.map((arg) => literalNumber(arg));
      if (from !== undefined && to !== undefined) return true; // a literal window: the author chose the bound
      if (isSmallWindow(expression.arguments[0], expression.arguments[1], checker)) return true;
    }
    if (called !== undefined && (batchName.test(called) || infrastructureName.test(called))) return true;
    const receiver = calleeReceiver(expression);
    if (receiver !== undefined && called !== undefined && /^(values|keys|entries)$/.test(called)) {
      // this.servers.values(), Object.values(this.connections)
      const owner = expression.arguments[0] ?? receiver;
      const ownerName = ts.isPropertyAccessExpression(skipOuter(owner))
        ? (skipOuter(owner) as ts.PropertyAccessExpression).name.text
        : rootName(owner);
      if (ownerName !== undefined && infrastructureName.test(ownerName)) return true;
    }
  }
  const type = checker.getTypeAtLocation(expression);
  return checker.isTupleType(type);
}

/**
 * `*.test.ts`, `*.spec.js`, a file in a `test`/`tests` folder, or in a `__tests__` folder or one level below it (the
 * folders nearest the file only: a project's own location, or a fixtures folder the test harness lints, is not a test).
 */
function isTestFile(fileName: string): boolean {
  return /(\.(test|spec)\.[cm]?[jt]sx?$)|([\\/]tests?[\\/][^\\/]+$)|([\\/]__tests__[\\/](?:[^\\/]+[\\/])?[^\\/]+$)/.test(
    fileName,
  );
}

/** Browser types whose instances the user picks one by one (a file dialog, a drop, a paste). */
const userChosenTypes = new Set([
  'File',
  'FileSystemFileHandle',
  'DataTransferItem',
  'FileList',
  'DataTransferItemList',
]);

/**
 * Files the user picked, dropped or pasted (`File`, `DataTransferItem` …, by type): their number is what one person
 * selects at once, and the browser itself queues the requests per host.
 */
function isUserChosenFiles(items: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getTypeAtLocation(skipOuter(items));
  const named = (t: ts.Type): boolean => {
    const name = (t.aliasSymbol ?? t.getSymbol())?.getName();
    return name !== undefined && userChosenTypes.has(name);
  };
  if (named(type)) return true;
  const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
  return element !== undefined && !(element.flags & ts.TypeFlags.Any) && named(element);
}

/** Option names that cap how many rows a query returns: `findAll({ limit })`, Prisma's `take`, a page size. */
const pageOption = /^(limit|take|first|last|pageSize|perPage|per_page|page_size|maxResults|max_results)$/;

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

function awaited(expression: ts.Expression): ts.Expression {
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
  const fn = declaration.parent;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let outer: ts.Node = fn;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const call = outer.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(outer as ts.Expression)) return false;
  const called = calleeName(call);
  return called !== undefined && batchName.test(called);
}

/**
 * `slice(i, i + size)` where `size` is a small literal or a constant holding one: a window the loop around it moves
 * (`for (let i = 0; i < all.length; i += size)`).
 */
function isSmallWindow(
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
  return value !== undefined && value <= smallSize;
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
  const symbol = resolvedSymbol(node, checker);
  if (symbol === undefined) return false;
  if ((symbol.flags & ts.SymbolFlags.Enum) !== 0) return true;
  const initializer = constantInitializer(node, checker);
  if (initializer === undefined || !ts.isObjectLiteralExpression(initializer)) return false;
  if (initializer.properties.some((p) => ts.isSpreadAssignment(p))) return false;
  return !keysChangedInFile(symbol);
}

function resolvedSymbol(node: ts.Expression, checker: ts.TypeChecker): ts.Symbol | undefined {
  const symbol = checker.getSymbolAtLocation(node);
  if (symbol === undefined) return undefined;
  return (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol;
}

/**
 * The initializer of a `const` variable, or of a property of a `const` object literal, that `node` names (through
 * imports): the value it holds for good, when nothing reassigns it.
 */
function constantInitializer(node: ts.Expression, checker: ts.TypeChecker): ts.Expression | undefined {
  const symbol = resolvedSymbol(node, checker);
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
      if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) {
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
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken)
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
        isAssignment(node.operatorToken.kind) &&
        ts.isPropertyAccessExpression(skipOuter(node.left)) &&
        (skipOuter(node.left) as ts.PropertyAccessExpression).name.text === name,
    ) !== undefined
  );
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
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

/** A loop with a small literal trip count: `for (let i = 0; i < 3; i++)` or `for (const x of [a, b])`. */
function isSmallLoop(loop: ts.IterationStatement, checker: ts.TypeChecker): boolean {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop))
    return isSmallCollection(loop.expression, checker);
  if (ts.isForStatement(loop) && loop.condition !== undefined) {
    const condition = skipOuter(loop.condition);
    if (ts.isBinaryExpression(condition)) {
      const bound = literalNumber(condition.right);
      return bound !== undefined && bound <= smallSize;
    }
  }
  return false;
}

function literalNumber(node: ts.Expression): number | undefined {
  const expression = skipOuter(node);
  return ts.isNumericLiteral(expression) ? Number(expression.text) : undefined;
}

/** Whether the work makes a promise through a call (I/O), is not teardown and is not already throttled. */
function doesIo(work: ts.Node, checker: ts.TypeChecker): boolean {
  const fn = ts.isExpression(work) ? skipOuter(work) : work;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const signature = checker.getSignatureFromDeclaration(fn);
    if (signature === undefined || !isThenable(checker.getReturnTypeOfSignature(signature), checker))
      return false;
    return callsDoIo(fn.body, checker, !ts.isBlock(fn.body));
  }
  if (ts.isCallExpression(fn) || ts.isNewExpression(fn)) {
    // a pushed promise: `promises.push(fetchUser(id))`
    return isThenable(checker.getTypeAtLocation(fn), checker) && callsDoIo(fn, checker, true);
  }
  if (ts.isIdentifier(fn) || ts.isPropertyAccessExpression(fn)) {
    // items.map(fetchUser): a function reference returning a promise
    const name = ts.isIdentifier(fn) ? fn.text : fn.name.text;
    if (teardownCalls.has(name) || limiterCall.test(name)) return false;
    const signatures = checker.getTypeAtLocation(fn).getCallSignatures();
    return signatures.some((signature) => isThenable(checker.getReturnTypeOfSignature(signature), checker));
  }
  return false;
}

/**
 * At least one promise-returning call that is neither teardown nor a `Promise.resolve`-style wrapper, and no call to
 * a limiter.
 */
function callsDoIo(root: ts.Node, checker: ts.TypeChecker, includeRoot = false): boolean {
  const isLimiter = (node: ts.Node): boolean => {
    const name = ts.isCallExpression(node) ? calleeName(node) : undefined;
    return name !== undefined && limiterCall.test(name);
  };
  const isIo = (node: ts.Node): boolean => {
    if (!ts.isCallExpression(node)) return false;
    const name = calleeName(node);
    if (name === undefined || teardownCalls.has(name)) return false;
    const receiver = calleeReceiver(node);
    if (receiver !== undefined && ts.isIdentifier(receiver) && receiver.text === 'Promise') return false;
    return isThenable(checker.getTypeAtLocation(node), checker);
  };
  const find = (test: (node: ts.Node) => boolean): boolean =>
    (includeRoot && test(root)) || findDescendant(root, test) !== undefined;
  return !find(isLimiter) && find(isIo);
}

function isThenable(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (type.isUnion()) return type.types.some((member) => isThenable(member, checker));
  const then = type.getProperty('then');
  if (then === undefined) return false;
  const declaration = then.valueDeclaration ?? then.declarations?.[0];
  if (declaration === undefined) return false;
  return checker.getTypeOfSymbolAtLocation(then, declaration).getCallSignatures().length > 0;
}

/** `Promise.all(items.map(fn))` → `map(items, fn, { concurrency: 8 })`, when the callback ignores the array argument. */
function rewrite(
  sourceFile: ts.SourceFile,
  call: ts.CallExpression,
  fanout: Fanout,
  helper: string,
): Suggestion | undefined {
  const mapCall = fanout.mapCall;
  if (mapCall === undefined || fanout.items === undefined || mapCall.arguments.length !== 1) return undefined;
  if (skipOuter(call.arguments[0] as ts.Expression) !== mapCall || call.arguments.length !== 1) {
    return undefined;
  }
  const callback = skipOuter(fanout.work as ts.Expression);
  if (!ts.isArrowFunction(callback) || callback.parameters.length > 2) return undefined;
  const imports = importEdit(sourceFile, helper, '@awaitwise/core');
  if (imports === undefined) return undefined;
  const items = fanout.items.getText(sourceFile);
  const fn = callback.getText(sourceFile);
  return {
    description: `Use \`${helper}(items, fn, { concurrency: 8 })\` from @awaitwise/core`,
    edits: [
      ...imports,
      {
        start: call.getStart(sourceFile),
        end: call.getEnd(),
        text: `${helper}(${items}, ${fn}, { concurrency: 8 })`,
      },
    ],
  };
}

/** Array methods and helpers whose result comes from their receiver (or first argument) element by element. */
const derivedFromReceiver = new Set([
  'filter',
  'map',
  'flatMap',
  'flat',
  'slice',
  'sort',
  'toSorted',
  'reverse',
  'toReversed',
  'concat',
  'values',
  'keys',
  'entries',
  // query builders chained before the rows come back
  'exec',
  'lean',
  'populate',
  'orderBy',
  'where',
  'toArray',
]);
const derivedFromArgument =
  /^(from|values|keys|entries|uniq|uniqBy|compact|flatten|sortBy|orderBy|castArray)$/;

/** Queries returning every matching row unless given a limit. */
const queryCalls = /^(findAll|findMany|findAndCountAll|select|all|getAll|fetchAll|listAll)$/;

/**
 * Where a collection evidently comes from, when the code shows it is unbounded: request input, rows of a query given
 * no limit, a call that fetches "all" or a whole list, ids parsed or collected from a document or value, a directory
 * listing, every page of a listing accumulated in a loop. Follows variables, destructuring, `filter`/`map`/`Set`
 * copies and, for a function's parameter, what the function's callers in the program pass.
 */
class Origins {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
  ) {}

  of(expression: ts.Expression, depth = 0): string | undefined {
    if (depth > 8) return undefined;
    const node = skipOuter(expression);
    if (ts.isAwaitExpression(node)) return this.of(node.expression, depth + 1);
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) {
        if (!ts.isSpreadElement(element)) continue;
        const origin = this.of(element.expression, depth + 1);
        if (origin !== undefined) return origin;
      }
      return undefined;
    }
    if (ts.isNewExpression(node)) {
      const first = node.arguments?.[0];
      return ts.isIdentifier(node.expression) &&
        /^(Set|Map)$/.test(node.expression.text) &&
        first !== undefined
        ? this.of(first, depth + 1)
        : undefined;
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      if (isRequestInput(node)) return 'request input';
      const object = skipOuter(node.expression);
      if (object.kind === ts.SyntaxKind.ThisKeyword) return undefined;
      return this.of(object, depth + 1);
    }
    if (ts.isCallExpression(node)) return this.ofCall(node, depth);
    if (ts.isIdentifier(node)) return this.ofName(node, depth);
    return undefined;
  }

  private ofCall(call: ts.CallExpression, depth: number): string | undefined {
    const name = calleeName(call);
    if (name === undefined) return undefined;
    const receiver = calleeReceiver(call);
    const receiverName = receiver === undefined ? undefined : rootName(receiver);
    if (/^(parse|extract|collect|scan)/i.test(name) || name === 'match' || name === 'matchAll')
      return 'values parsed from a document or input';
    // lines of a file or an upload (a comma-separated setting is a short list someone typed)
    const separator = call.arguments[0];
    if (name === 'split' && separator !== undefined && /\\[nr]/.test(separator.getText()))
      return 'lines of a text';
    if (/^(readdir|readdirSync|opendir|glob|globSync|globby|fastGlob|fg)$/.test(name))
      return 'a directory listing';
    if (receiverName === 'Promise') return undefined;
    const limited = call.arguments.some((argument) => hasPageOption(argument));
    if (queryCalls.test(name) || (name === 'find' && receiver !== undefined && isModelLike(receiver))) {
      if (limited) return undefined;
      // `findAll({ where: { id: ids } })`, `find({ _id: { $in: ids } })`: at most one row per id
      const ids = idList(call);
      if (ids !== undefined) return this.of(ids, depth + 1);
      return 'rows of a query without a limit';
    }
    if (/[a-z]All(?:[A-Z]|$)|[a-z]List$/.test(name) && !limited) return 'a call fetching the whole list';
    if (receiver !== undefined && derivedFromReceiver.has(name)) {
      if (name === 'slice' && call.arguments.length === 2) return undefined;
      return this.of(receiver, depth + 1);
    }
    const first = call.arguments[0];
    if (first !== undefined && derivedFromArgument.test(name)) return this.of(first, depth + 1);
    return undefined;
  }

  private ofName(name: ts.Identifier, depth: number): string | undefined {
    const symbol = this.checker.getSymbolAtLocation(name);
    const declaration = symbol?.valueDeclaration;
    if (declaration === undefined || declaration.getSourceFile().isDeclarationFile) return undefined;
    if (ts.isVariableDeclaration(declaration)) {
      if (declaration.initializer === undefined) return undefined;
      const initializer = skipOuter(declaration.initializer);
      if (ts.isArrayLiteralExpression(initializer) && initializer.elements.length === 0) {
        return ts.isIdentifier(declaration.name) && isAccumulatedPages(declaration.name.text, declaration)
          ? 'every page of a listing'
          : undefined;
      }
      return this.of(initializer, depth + 1);
    }
    if (ts.isBindingElement(declaration)) return this.ofBinding(declaration, depth);
    if (ts.isParameter(declaration)) return this.ofParameter(declaration, depth);
    return undefined;
  }

  /** `const { items } = req.body`, `const [rows] = await Promise.all([query, count])`. */
  private ofBinding(element: ts.BindingElement, depth: number): string | undefined {
    const pattern = element.parent;
    const holder = pattern.parent;
    if (
      ts.isArrayBindingPattern(pattern) &&
      ts.isVariableDeclaration(holder) &&
      holder.initializer !== undefined
    ) {
      const all = skipOuter(awaited(holder.initializer));
      const list = ts.isCallExpression(all) && calleeName(all) === 'all' ? all.arguments[0] : undefined;
      if (list !== undefined && ts.isArrayLiteralExpression(skipOuter(list))) {
        const item = (skipOuter(list) as ts.ArrayLiteralExpression).elements[
          pattern.elements.indexOf(element)
        ];
        return item === undefined ? undefined : this.of(item, depth + 1);
      }
      return this.of(holder.initializer, depth + 1);
    }
    if (
      ts.isObjectBindingPattern(pattern) &&
      ts.isVariableDeclaration(holder) &&
      holder.initializer !== undefined
    ) {
      return this.of(holder.initializer, depth + 1);
    }
    return undefined;
  }

  /** What the function's callers in the program pass for the parameter (two calls deep at most). */
  private ofParameter(parameter: ts.ParameterDeclaration, depth: number): string | undefined {
    if (depth > 4 || !ts.isIdentifier(parameter.name)) return undefined;
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    let name: ts.Identifier | undefined;
    if (
      (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) &&
      fn.name !== undefined &&
      ts.isIdentifier(fn.name)
    )
      name = fn.name;
    else if (
      (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
      ts.isVariableDeclaration(fn.parent) &&
      ts.isIdentifier(fn.parent.name)
    )
      name = fn.parent.name;
    if (name === undefined) return undefined;
    const target = this.checker.getSymbolAtLocation(name);
    if (target === undefined) return undefined;
    let calls = 0;
    for (const file of this.program.getSourceFiles()) {
      if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) continue;
      if (!file.text.includes(`${name.text}(`)) continue;
      let origin: string | undefined;
      forEachDescendant(file, (node) => {
        if (origin !== undefined || calls > 20) return 'skip';
        if (!ts.isCallExpression(node) || calleeName(node) !== name.text) return undefined;
        const callee = skipOuter(node.expression);
        const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        let symbol = this.checker.getSymbolAtLocation(at);
        if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0)
          symbol = this.checker.getAliasedSymbol(symbol);
        if (symbol !== target) return undefined;
        calls++;
        const argument = node.arguments[index];
        if (argument !== undefined && !ts.isSpreadElement(argument)) origin = this.of(argument, depth + 2);
        return undefined;
      });
      if (origin !== undefined) return origin;
    }
    return undefined;
  }
}

/** `req.body`, `req.query`, `ctx.request.body`, `ctx.query`, `event.body`: what the client sent. */
function isRequestInput(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): boolean {
  if (!ts.isPropertyAccessExpression(node) || !/^(body|query)$/.test(node.name.text)) return false;
  const object = skipOuter(node.expression);
  const objectName = ts.isPropertyAccessExpression(object)
    ? object.name.text
    : ts.isIdentifier(object)
      ? object.text
      : undefined;
  return objectName !== undefined && /^(req|request|ctx|context|event)$/.test(objectName);
}

/** `Model.find(…)`, `db.users.find(…)`: a query (an array's `find` has a callback and returns one element). */
function isModelLike(receiver: ts.Expression): boolean {
  const name = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : rootName(receiver);
  return name !== undefined && /^[A-Z]/.test(name);
}

/** The list a query's `id` (`_id`) is matched against, directly or through `in`/`$in`/`[Op.in]`. */
function idList(call: ts.CallExpression): ts.Expression | undefined {
  const property = (object: ts.Expression, test: (name: string) => boolean): ts.Expression | undefined => {
    const literal = skipOuter(object);
    if (!ts.isObjectLiteralExpression(literal)) return undefined;
    for (const p of literal.properties) {
      const name =
        p.name === undefined
          ? undefined
          : ts.isComputedPropertyName(p.name)
            ? p.name.expression.getText()
            : p.name.getText();
      if (name === undefined || !test(name)) continue;
      if (ts.isPropertyAssignment(p)) return p.initializer;
      if (ts.isShorthandPropertyAssignment(p)) return p.name;
    }
    return undefined;
  };
  for (const argument of call.arguments) {
    const where = property(argument, (name) => name === 'where') ?? argument;
    const id = property(where, (name) => name === 'id' || name === '_id');
    if (id === undefined) continue;
    return property(id, (name) => /^(\$?in|Op\.in)$/.test(name)) ?? id;
  }
  return undefined;
}

function hasPageOption(argument: ts.Expression): boolean {
  const options = skipOuter(argument);
  return (
    ts.isObjectLiteralExpression(options) &&
    options.properties.some(
      (p) =>
        (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
        ts.isIdentifier(p.name) &&
        pageOption.test(p.name.text),
    )
  );
}

/** `blocks.push(...response.results)` in a loop that awaits each page: the array holds every page of a listing. */
function isAccumulatedPages(name: string, declaration: ts.VariableDeclaration): boolean {
  const scope = enclosingScope(declaration);
  return (
    findDescendant(scope, (node) => {
      if (!ts.isCallExpression(node) || calleeName(node) !== 'push') return false;
      const receiver = calleeReceiver(node);
      if (receiver === undefined || !ts.isIdentifier(receiver) || receiver.text !== name) return false;
      const loop = enclosingLoop(node, scope);
      return (
        loop !== undefined &&
        !ts.isForOfStatement(loop) &&
        !ts.isForInStatement(loop) &&
        findDescendant(loop.statement, (inner) => ts.isAwaitExpression(inner)) !== undefined
      );
    }) !== undefined
  );
}

/** `for (let page = 1; page < pages; page++)` with `pages = Math.ceil(total / limit)`: every page of a listing. */
function isEveryPageLoop(loop: ts.IterationStatement, checker: ts.TypeChecker): boolean {
  if (!ts.isForStatement(loop) || loop.condition === undefined) return false;
  const condition = skipOuter(loop.condition);
  if (!ts.isBinaryExpression(condition)) return false;
  let bound: ts.Node = skipOuter(condition.right);
  if (ts.isIdentifier(bound)) {
    const declaration = checker.getSymbolAtLocation(bound)?.valueDeclaration;
    if (
      declaration === undefined ||
      !ts.isVariableDeclaration(declaration) ||
      declaration.initializer === undefined
    )
      return false;
    bound = declaration.initializer;
  }
  return (
    findDescendant(bound, (node) => ts.isCallExpression(node) && calleeName(node) === 'ceil') !== undefined ||
    (ts.isCallExpression(bound) && calleeName(bound) === 'ceil')
  );
}

/**
 * Work whose every call is local or one cache connection's: presigning a URL (computed locally), deleting cache keys
 * (`cache.del`, `CacheHelper.removeData`: commands pipelined over one connection).
 */
function isLocalOrCacheWork(work: ts.Node, checker: ts.TypeChecker): boolean {
  const calls: ts.CallExpression[] = [];
  if (ts.isCallExpression(work)) calls.push(work);
  forEachDescendant(work, (node) => {
    if (ts.isCallExpression(node)) calls.push(node);
    return undefined;
  });
  const local = (call: ts.CallExpression): boolean => {
    const name = calleeName(call) ?? '';
    if (/^(getSignedUrl|presign|presignedUrl|createPresignedPost|signUrl)/i.test(name)) return true;
    const receiver = calleeReceiver(call);
    const owner = receiver === undefined ? '' : receiver.getText();
    return (
      /^(del|delete|remove|removeData|invalidate|unlink|expire|evict)$/i.test(name) &&
      /cache|redis/i.test(owner)
    );
  };
  if (!calls.some(local)) return false;
  // every awaited call and every promise-returning call is local: nothing else does I/O
  const awaitsOther =
    findDescendant(work, (node) => {
      if (!ts.isAwaitExpression(node)) return false;
      const operand = skipOuter(node.expression);
      return !ts.isCallExpression(operand) || !local(operand);
    }) !== undefined;
  return (
    !awaitsOther &&
    calls.every(
      (call) =>
        local(call) || calleeName(call) === 'catch' || !isThenable(checker.getTypeAtLocation(call), checker),
    )
  );
}

/**
 * A command-line program: a file in a `scripts`/`script`/`bin` folder (or one level below it), or with a `#!` line.
 * It serves its one user, and its inputs are the developer's own files. (Reading `process.argv` is not enough: servers
 * read their flags too.)
 */
function isCommandLineScript(sourceFile: ts.SourceFile): boolean {
  return (
    /[\\/](scripts?|bin)[\\/](?:[^\\/]+[\\/])?[^\\/]+$/.test(sourceFile.fileName) ||
    sourceFile.text.startsWith('#!')
  );
}
