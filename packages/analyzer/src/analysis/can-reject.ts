/**
 * "Can this promise reject?" — the analysis that keeps the promise rules quiet about promises that cannot fail.
 *
 * Most floating promises in real code are harmless: the async function catches everything it can throw, the
 * promise was `.catch`ed before it was stored, or it is `Promise.allSettled`. This module answers, for an
 * expression that produces a promise, whether that promise can reject, and why, by reading the code the program
 * contains:
 *
 * - a call to an `async` function or method of the program: can its body throw outside a `try` whose `catch`
 *   swallows the error? Does an `await` outside such a `try` wait for something that can reject? Does a `catch` or
 *   `finally` rethrow, or does a `return` hand back a promise that can reject (a returned promise escapes the
 *   `catch`)? Calls made outside a `try` are assumed to throw unless they are known not to (a small list of
 *   standard functions, async functions — which reject instead of throwing — and synchronous functions of the
 *   program whose own bodies cannot throw, followed a few levels deep).
 * - `.catch(h)`, `.then(f, h)`, `.finally(f)` on a handled promise and `Promise.allSettled(…)` are handled.
 * - `.then(f)` / `.finally(f)` can reject when the promise before them can, or when `f` can throw.
 * - a variable or property: every value assigned to it in its file is examined.
 * - `new Promise(executor)`: it can reject when the executor uses its `reject` parameter or can throw.
 * - anything the analyzer cannot see into (library code, parameters, `any`) can reject.
 *
 * Results are cached per declaration; one {@link RejectionAnalysis} per type checker is shared by every rule
 * ({@link getRejectionAnalysis}).
 *
 * @module
 */
import { basename } from 'node:path';
import ts from '../typescript.cjs';
import { dottedName, memberName, skipOuter } from './syntax/expressions.js';
import { type FunctionLike, isAsyncFunction, isFunctionLike, isGenerator } from './syntax/functions.js';
import { isLibrarySymbol } from './syntax/scope.js';
import { forEachInFunction } from './syntax/walk.js';
import { isThenableType } from './types/promise-types.js';
import { testRegistration } from './project/test-code.js';

/** The answer of the analysis: whether the promise can reject, and a few words saying why. */
export interface RejectVerdict {
  /** True when the promise can reject (or the analysis cannot tell). */
  readonly canReject: boolean;
  /**
   * Why, as a clause that fits into a message: "`save()` can throw at db.ts:12", "`fetch()` is library code the
   * analyzer cannot see into", "`save()` catches every error it can throw".
   */
  readonly reason: string;
}

/** How the code at some point of an async body is protected. */
type Guard = 'open' | 'guarded' | 'handler';

/** Global functions (by dotted name, declared in the TypeScript libs or `@types/node`) that do not throw. */
/**
 * Standard functions that throw on malformed input (`JSON.parse('{')` is a `SyntaxError`, `new URL('x')` a
 * `TypeError`): unlike `toast.error(…)` or `setState(…)`, which throw only when the call itself is wrong, these fail on
 * the data the code was given (a message from a socket, a header, a stored string), which is a failure the code must
 * expect. An async body whose only way to fail is one of these, outside a `try`, can reject.
 */
const inputParsers = new Set(['JSON.parse', 'decodeURIComponent', 'decodeURI', 'atob', 'BigInt', 'URL']);

const safeGlobals = new Set([
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'queueMicrotask',
  'process.nextTick',
  'process.emitWarning',
  'Date.now',
  'Array.isArray',
  'Object.keys',
  'Object.values',
  'Object.entries',
  'Object.assign',
  'Object.freeze',
  'Number.isInteger',
  'Number.isFinite',
  'Number.isNaN',
  'Symbol',
  'String',
  'Number',
  'Boolean',
  'Promise.resolve',
  'Promise.allSettled',
]);

/** Methods of collections, strings and streams that do not throw (when declared in a library's declaration file). */
const safeLibraryMethods = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'slice',
  'concat',
  'indexOf',
  'lastIndexOf',
  'includes',
  'join',
  'at',
  'keys',
  'values',
  'entries',
  'get',
  'has',
  'set',
  'add',
  'delete',
  'clear',
  'toString',
  'trim',
  'startsWith',
  'endsWith',
  'toLowerCase',
  'toUpperCase',
  'charAt',
  'substring',
  'padStart',
  'padEnd',
  'now',
  'abort',
  'then',
  'catch',
  'finally',
]);

/** Listener bookkeeping of event emitters and event targets (declared in a library): these never throw. */
const listenerMethods = new Set([
  'on',
  'once',
  'off',
  'addListener',
  'removeListener',
  'prependListener',
  'prependOnceListener',
  'removeAllListeners',
  'setMaxListeners',
  'addEventListener',
  'removeEventListener',
]);

/**
 * Library calls whose promise never rejects, or rejects only when the call asks for it (`throwOnError`), keyed by
 * the package that declares the member and the member's declared name (a method, a property holding a function, or
 * a function interface). Read from each library's sources and documentation: the `source` says where.
 */
interface LibraryContract {
  /** The package folder under `node_modules` that declares the member. */
  readonly package: string;
  /** Declared names: methods, function-valued properties, or the function interface a value is typed with. */
  readonly members: ReadonlySet<string>;
  /** The call rejects when this argument is an options object that sets this property (to anything but `false`). */
  readonly rejectsWithOption?: { readonly argument: number; readonly property: string };
  /** What the library promises, for the message. */
  readonly says: string;
  /** Where the contract is written. */
  readonly source: string;
}

const libraryContracts: readonly LibraryContract[] = [
  {
    package: '@tanstack/query-core',
    members: new Set(['prefetchQuery', 'prefetchInfiniteQuery', 'cancelQueries']),
    says: 'TanStack Query catches its failure (`.catch(noop)`)',
    source:
      'query-core `QueryClient.prefetchQuery`/`prefetchInfiniteQuery`/`cancelQueries` (`.then(noop).catch(noop)`); docs: "prefetchQuery … never throws"',
  },
  {
    package: '@tanstack/query-core',
    members: new Set(['invalidateQueries', 'refetchQueries', 'resetQueries']),
    rejectsWithOption: { argument: 1, property: 'throwOnError' },
    says: 'TanStack Query catches refetch errors unless `throwOnError` is set',
    source:
      'query-core `QueryClient.refetchQueries` (`if (!options.throwOnError) promise = promise.catch(noop)`), which `invalidateQueries` and `resetQueries` return',
  },
  {
    package: '@tanstack/query-core',
    members: new Set(['refetch', 'fetchNextPage', 'fetchPreviousPage']),
    rejectsWithOption: { argument: 0, property: 'throwOnError' },
    says: 'TanStack Query resolves with the error in the query result unless `throwOnError` is set',
    source:
      'query-core `QueryObserver.#executeFetch` (`if (!fetchOptions?.throwOnError) promise = promise.catch(noop)`); docs of `refetch`: "throwOnError … an error will be thrown if the query fails"',
  },
  {
    package: 'react-router',
    members: new Set(['NavigateFunction']),
    says: "react-router renders a failed navigation's error in the route's error boundary",
    source:
      "react-router 7 `useNavigate()`: navigation errors become the route's `errorElement`/`ErrorBoundary` state",
  },
  {
    package: '@types/node',
    members: new Set(['terminate']),
    says: "Node's `Worker.terminate()` fulfils with the exit code once the thread has stopped",
    source:
      'Node.js `worker_threads` docs: "`worker.terminate()` … Returns a Promise for the exit code that is fulfilled when the `exit` event is emitted"',
  },
  {
    package: 'next',
    members: new Set(['push', 'replace', 'prefetch']),
    says: 'the Next.js router handles a failed navigation itself (a hard navigation or the error page)',
    source:
      'next `shared/lib/router/router.ts` `change()`: a cancelled route resolves `false`, a failed load falls back to a hard navigation',
  },
];

/** How many calls deep the analysis follows functions before it gives up and assumes "can reject". */
const maxDepth = 6;

const no = (reason: string): RejectVerdict => ({ canReject: false, reason });
const yes = (reason: string): RejectVerdict => ({ canReject: true, reason });

/**
 * Decides whether promises can reject, with caches shared by every rule that uses the same type checker.
 *
 * @example
 * ```ts
 * const verdict = getRejectionAnalysis(checker).expression(statement.expression);
 * if (verdict.canReject) report(…, verdict.reason);
 * ```
 */
export class RejectionAnalysis {
  private readonly checker: ts.TypeChecker;
  private readonly asyncCache = new Map<ts.Node, RejectVerdict>();
  private readonly syncCache = new Map<ts.Node, ts.Node | null>();
  private readonly lenientCache = new Map<ts.Node, ts.Node | null>();
  private readonly inProgress = new Set<ts.Node>();
  private readonly assignments = new WeakMap<ts.SourceFile, Map<ts.Symbol, ts.Expression[]>>();
  private depth = 0;

  /** Analysis over one program's type checker. Prefer {@link getRejectionAnalysis}, which shares caches. */
  constructor(checker: ts.TypeChecker) {
    this.checker = checker;
  }

  /**
   * True when `expression` is a promise whose rejection is handled by its own syntax: `.catch(h)`,
   * `.then(f, h)`, `.finally(f)` chained on a handled promise, `Promise.allSettled(…)`.
   *
   * @example
   * ```ts
   * analysis.isHandled(parse('save().catch(log)')); // true
   * ```
   */
  isHandled(expression: ts.Expression): boolean {
    const inner = skipOuter(expression);
    if (!ts.isCallExpression(inner)) return false;
    const name = memberName(inner.expression);
    const callee = skipOuter(inner.expression);
    if (name === 'catch' && inner.arguments.length >= 1) return true;
    if (name === 'then' && inner.arguments.length >= 2 && !isNullish(inner.arguments[1])) return true;
    if (
      name === 'finally' &&
      (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))
    ) {
      return this.isHandled(callee.expression);
    }
    return this.isGlobalPromiseStatic(inner, 'allSettled');
  }

  /**
   * Whether the promise that `expression` evaluates to can reject.
   *
   * @example
   * ```ts
   * analysis.expression(call).canReject; // false for a call to an async function that catches everything
   * ```
   */
  expression(expression: ts.Expression): RejectVerdict {
    const inner = skipOuter(expression);
    if (this.isHandled(inner)) return no('its rejection is handled where it is created');
    if (ts.isCallExpression(inner)) return this.call(inner);
    if (ts.isNewExpression(inner)) {
      if (this.isGlobalPromise(inner.expression)) return this.promiseConstructor(inner);
      return yes(`\`new ${dottedName(inner.expression) ?? '…'}()\` is not code the analyzer can follow`);
    }
    if (ts.isConditionalExpression(inner)) {
      const whenTrue = this.expression(inner.whenTrue);
      return whenTrue.canReject ? whenTrue : this.expression(inner.whenFalse);
    }
    if (ts.isBinaryExpression(inner)) {
      const operator = inner.operatorToken.kind;
      if (operator === ts.SyntaxKind.CommaToken) return this.expression(inner.right);
      if (
        operator === ts.SyntaxKind.AmpersandAmpersandToken ||
        operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.QuestionQuestionToken
      ) {
        const left = this.isThenable(inner.left) ? this.expression(inner.left) : undefined;
        if (left?.canReject === true) return left;
        return this.isThenable(inner.right) ? this.expression(inner.right) : no('it is not a promise');
      }
    }
    if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) return this.storedValue(inner);
    if (ts.isAwaitExpression(inner)) return yes('the awaited value can be a promise that rejects');
    return yes('the analyzer cannot tell where this promise comes from');
  }

  /**
   * Whether the promise returned by calling `fn` can reject: for an `async` function, whether its body can throw
   * or reject outside a swallowing `try`/`catch`; for another function, whether a promise it returns can.
   *
   * @example
   * ```ts
   * analysis.functionCanReject(asyncArrow).canReject; // false for `async () => { try { … } catch { log() } }`
   * ```
   */
  functionCanReject(fn: FunctionLike): RejectVerdict {
    const cached = this.asyncCache.get(fn);
    if (cached !== undefined) return cached;
    const name = functionName(fn);
    // A recursive call adds no new way to fail: the cycle's other paths decide.
    if (this.inProgress.has(fn)) return no(`${name} calls itself`);
    if (fn.body === undefined) return yes(`${name} has no body the analyzer can read`);
    if (isGenerator(fn)) return yes(`${name} is a generator`);
    if (this.depth >= maxDepth) return yes(`${name} is too deep in the call chain to follow`);
    this.inProgress.add(fn);
    this.depth += 1;
    let verdict: RejectVerdict;
    try {
      verdict = isAsyncFunction(fn) ? this.asyncBody(fn, name) : this.returnedPromises(fn, name);
    } finally {
      this.depth -= 1;
      this.inProgress.delete(fn);
    }
    this.asyncCache.set(fn, verdict);
    return verdict;
  }

  /**
   * Where a synchronous function can throw (the first such node), or undefined when it cannot: a `throw` or a
   * call that can throw outside a `try` with a `catch`.
   *
   * @example
   * ```ts
   * analysis.syncThrowPoint(callback); // the `JSON.parse(…)` call, or undefined
   * ```
   */
  syncThrowPoint(fn: FunctionLike, lenient = false): ts.Node | undefined {
    const cache = lenient ? this.lenientCache : this.syncCache;
    const cached = cache.get(fn);
    if (cached !== undefined) return cached ?? undefined;
    if (this.inProgress.has(fn)) return undefined;
    if (fn.body === undefined) return fn;
    if (this.depth >= maxDepth) return fn;
    this.inProgress.add(fn);
    this.depth += 1;
    let found: ts.Node | undefined;
    try {
      found = this.findRejection(fn.body, 'open', false, lenient);
    } finally {
      this.depth -= 1;
      this.inProgress.delete(fn);
    }
    cache.set(fn, found ?? null);
    return found;
  }

  private asyncBody(fn: FunctionLike, name: string): RejectVerdict {
    const body = fn.body;
    if (body === undefined) return yes(`${name} has no body the analyzer can read`);
    // First the ways to fail the analyzer can see: a `throw`, an `await` of a promise that can reject, a returned
    // rejecting promise, a call into the program's own code that throws.
    let point = this.findRejection(body, 'open', true, true);
    if (point === undefined && !ts.isBlock(body) && this.isThenable(body) && this.expression(body).canReject)
      point = body;
    if (point !== undefined) return yes(`${name} can reject at ${where(point)}`);
    // Then a synchronous call into library code (`toast.error(…)`, `setState(…)`, `event.preventDefault()`): it
    // could throw, but that is a bug in the call, not a failure the caller is meant to handle.
    const libraryCall = this.findRejection(body, 'open', true, false);
    if (libraryCall === undefined) return no(`${name} catches every error it can throw`);
    const parse = this.inputParserOutsideTry(body);
    if (parse !== undefined) {
      return yes(`${name} can reject at ${where(parse)}, which throws on malformed input`);
    }
    return no(`${name} can fail only if a library call throws synchronously (at ${where(libraryCall)})`);
  }

  private returnedPromises(fn: FunctionLike, name: string): RejectVerdict {
    const body = fn.body;
    if (body === undefined) return yes(`${name} has no body the analyzer can read`);
    if (!ts.isBlock(body)) {
      if (!isThenableType(this.checker, this.checker.getTypeAtLocation(body))) {
        return no(`${name} does not return a promise`);
      }
      if (this.isExistingPromise(body)) return no(`${name} returns a promise that already exists`);
      const verdict = this.expression(body);
      return verdict.canReject
        ? yes(`${name} returns a promise that can reject (${verdict.reason})`)
        : no(verdict.reason);
    }
    let rejecting: RejectVerdict | undefined;
    forEachInFunction(body, (node) => {
      if (rejecting !== undefined) return 'skip';
      if (ts.isReturnStatement(node) && node.expression !== undefined && this.isThenable(node.expression)) {
        // Returning a promise kept elsewhere (`return this.promise`) hands out an existing promise: dropping that
        // reference creates no new rejection.
        if (this.isExistingPromise(node.expression)) return 'skip';
        const verdict = this.expression(node.expression);
        if (verdict.canReject) rejecting = verdict;
      }
      return undefined;
    });
    if (rejecting !== undefined) {
      return yes(`${name} returns a promise that can reject (${rejecting.reason})`);
    }
    return no(`${name} returns only promises that cannot reject`);
  }

  /**
   * The first call of a standard input parser (`inputParsers`: `JSON.parse`, `new URL` …) in a function's own body
   * outside every `try` that has a `catch`, or undefined.
   */
  private inputParserOutsideTry(body: ts.Node): ts.Node | undefined {
    let found: ts.Node | undefined;
    const walk = (node: ts.Node): void => {
      if (found !== undefined || isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isTryStatement(node)) {
        if (node.catchClause === undefined) walk(node.tryBlock);
        else walk(node.catchClause.block);
        if (node.finallyBlock !== undefined) walk(node.finallyBlock);
        return;
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = skipOuter(node.expression);
        const dotted = dottedName(callee);
        const symbol = this.checker.getSymbolAtLocation(
          ts.isPropertyAccessExpression(callee) ? callee.name : callee,
        );
        if (dotted !== undefined && inputParsers.has(dotted) && isLibrarySymbol(this.checker, symbol)) {
          found = node;
          return;
        }
      }
      ts.forEachChild(node, walk);
    };
    walk(body);
    return found;
  }

  /**
   * The first node under `root` that makes the function fail: in an async body (`async` true) that rejects its
   * promise, in a sync body that throws.
   */
  private findRejection(root: ts.Node, guard: Guard, async: boolean, lenient: boolean): ts.Node | undefined {
    let found: ts.Node | undefined;
    const walk = (node: ts.Node, mode: Guard): void => {
      if (found !== undefined || isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isTryStatement(node)) {
        const tryMode: Guard = node.catchClause !== undefined ? 'guarded' : mode;
        walk(node.tryBlock, tryMode);
        const afterMode: Guard = mode === 'guarded' ? 'guarded' : 'handler';
        if (node.catchClause !== undefined) walk(node.catchClause.block, afterMode);
        if (node.finallyBlock !== undefined) walk(node.finallyBlock, afterMode);
        return;
      }
      if (ts.isReturnStatement(node) && async && node.expression !== undefined) {
        // A returned promise is not awaited inside the `try`: its rejection escapes every `catch`.
        if (this.isThenable(node.expression) && this.expression(node.expression).canReject) {
          found = node;
          return;
        }
      }
      const point = this.throwPointAt(node, mode, lenient);
      if (point !== undefined) {
        found = point;
        return;
      }
      ts.forEachChild(node, (child) => {
        walk(child, mode);
      });
    };
    walk(root, guard);
    return found;
  }

  /** Whether this node itself (not its children) throws or rejects under `mode`. */
  private throwPointAt(node: ts.Node, mode: Guard, lenient: boolean): ts.Node | undefined {
    if (mode === 'guarded') return undefined;
    if (ts.isThrowStatement(node)) return node;
    if (ts.isAwaitExpression(node)) {
      const operand = node.expression;
      const type = this.checker.getTypeAtLocation(operand);
      if (type.flags & ts.TypeFlags.Any) return this.untypedAwaitCanReject(operand) ? node : undefined;
      if (isThenableType(this.checker, type) && this.expression(operand).canReject) return node;
      return undefined;
    }
    if (ts.isForOfStatement(node) && node.awaitModifier !== undefined) return node;
    if (mode === 'handler') return undefined;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      return this.callCanThrow(node, lenient) ? node : undefined;
    }
    if (ts.isTaggedTemplateExpression(node)) return node;
    return undefined;
  }

  /**
   * Whether an `await` of an untyped (`any`) value can throw: yes, unless the value is handled by its own syntax
   * (`await save().catch(log)`) or is a call to the program's own synchronous function whose every `return` hands
   * back such a handled promise (`closeQuietly(model) { return model.close().catch(() => {}); }` in JavaScript).
   */
  private untypedAwaitCanReject(operand: ts.Expression): boolean {
    if (this.isHandled(operand)) return false;
    const inner = skipOuter(operand);
    if (!ts.isCallExpression(inner)) return true;
    const fn = this.calledFunction(inner);
    if (fn?.body === undefined || isAsyncFunction(fn) || isGenerator(fn)) return true;
    if (!ts.isBlock(fn.body)) return !this.isHandled(fn.body);
    let returns = 0;
    let unhandled = false;
    forEachInFunction(fn.body, (node) => {
      if (!ts.isReturnStatement(node)) return undefined;
      returns += 1;
      if (node.expression === undefined || !this.isHandled(node.expression)) unhandled = true;
      return 'skip';
    });
    return returns === 0 || unhandled;
  }

  /** Whether a call can throw synchronously where it is made. */
  private callCanThrow(call: ts.CallExpression | ts.NewExpression, lenient: boolean): boolean {
    const callee = skipOuter(call.expression);
    const symbol = this.checker.getSymbolAtLocation(
      ts.isPropertyAccessExpression(callee) ? callee.name : callee,
    );
    const dotted = dottedName(callee);
    const method = memberName(callee);
    // Adding or removing a listener never throws; the receiver is often untyped (`any`) in JavaScript.
    if (
      method !== undefined &&
      listenerMethods.has(method) &&
      (symbol === undefined || isLibrarySymbol(this.checker, symbol))
    ) {
      return false;
    }
    // Registering a test, suite or hook (`it(…)`, `describe(…)`, `beforeEach(…)`) never throws: the runner runs the
    // callback later and reports its failure itself.
    if (ts.isCallExpression(call) && testRegistration(call) !== undefined) return false;
    if (isLibrarySymbol(this.checker, symbol)) {
      if (method !== undefined && ts.isCallExpression(call) && safeLibraryMethods.has(method)) return false;
      // A library function that returns a promise reports failure by rejecting it, not by throwing.
      if (ts.isCallExpression(call) && isThenableType(this.checker, this.checker.getTypeAtLocation(call)))
        return false;
      if (dotted !== undefined) {
        if (safeGlobals.has(dotted) || dotted.startsWith('console.') || dotted.startsWith('Math.'))
          return false;
        // An assertion that fails reports a bug in the program, not an error the caller is expected to handle.
        if (dotted === 'assert' || dotted.startsWith('assert.')) return false;
      }
    }
    if (ts.isCallExpression(call) && ts.isIdentifier(callee) && this.isPromiseCallbackParameter(symbol)) {
      return false;
    }
    if (ts.isNewExpression(call) && this.calledFunction(call) === undefined) {
      if (lenient) return false;
      return !(
        this.isGlobalPromise(call.expression) ||
        dotted === 'Map' ||
        dotted === 'Set' ||
        dotted === 'Error'
      );
    }
    const fn = this.calledFunction(call);
    // Lenient (callbacks and executors): only code the analyzer can read and that throws counts.
    if (fn === undefined) return !lenient;
    // Async functions never throw at the call: they reject their promise instead.
    if (isAsyncFunction(fn)) return false;
    return this.syncThrowPoint(fn, lenient) !== undefined;
  }

  /** The program's own function a call resolves to, when the analyzer can read its body. */
  private calledFunction(call: ts.CallExpression | ts.NewExpression): FunctionLike | undefined {
    const callee = skipOuter(call.expression);
    if (ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) return callee;
    const method = memberName(callee);
    if ((method === 'call' || method === 'apply') && ts.isPropertyAccessExpression(callee)) {
      return this.functionOfReference(callee.expression, 2);
    }
    const declaration = this.checker.getResolvedSignature(call)?.declaration;
    if (declaration === undefined || ts.isJSDocSignature(declaration)) return undefined;
    if (!isFunctionLike(declaration) || declaration.body === undefined) return undefined;
    if (declaration.getSourceFile().isDeclarationFile) return undefined;
    return declaration;
  }

  /**
   * The program's own function that a reference names (`handler`, `this.onMessage`, `const exec = pipeline.exec`,
   * `this.onMessage.bind(this)`), or undefined when it is not code the analyzer can read.
   *
   * @example
   * ```ts
   * analysis.referencedFunction(argument); // the method declaration behind `this.onMessage`
   * ```
   */
  referencedFunction(expression: ts.Expression): FunctionLike | undefined {
    const inner = skipOuter(expression);
    if (ts.isCallExpression(inner) && memberName(inner.expression) === 'bind') {
      const callee = skipOuter(inner.expression);
      if (ts.isPropertyAccessExpression(callee)) return this.functionOfReference(callee.expression, 2);
    }
    return this.functionOfReference(inner, 2);
  }

  /** The program's own function that an identifier or member refers to (`const exec = pipeline.exec`). */
  private functionOfReference(expression: ts.Expression, hops: number): FunctionLike | undefined {
    const inner = skipOuter(expression);
    if (ts.isFunctionExpression(inner) || ts.isArrowFunction(inner)) return inner;
    const target = ts.isPropertyAccessExpression(inner) ? inner.name : inner;
    const declaration = this.checker.getSymbolAtLocation(target)?.valueDeclaration;
    if (declaration === undefined || declaration.getSourceFile().isDeclarationFile) return undefined;
    if (isFunctionLike(declaration)) return declaration.body === undefined ? undefined : declaration;
    // JavaScript: `Pipeline.prototype.exec = function (…) {…}` declares the method by assignment.
    const parent = declaration.parent as ts.Node | undefined;
    if (
      hops > 0 &&
      parent !== undefined &&
      ts.isBinaryExpression(parent) &&
      (parent.left as ts.Node) === declaration &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
    ) {
      return this.functionOfReference(parent.right, hops - 1);
    }
    if (hops > 0 && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
      return this.functionOfReference(declaration.initializer, hops - 1);
    }
    if (hops > 0 && (ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration))) {
      return declaration.initializer === undefined
        ? undefined
        : this.functionOfReference(declaration.initializer, hops - 1);
    }
    return undefined;
  }

  private call(call: ts.CallExpression): RejectVerdict {
    const callee = skipOuter(call.expression);
    const name = memberName(callee);
    const receiver =
      ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)
        ? callee.expression
        : undefined;
    if (receiver !== undefined && (name === 'then' || name === 'finally') && this.isThenable(receiver)) {
      // `.finally(() => process.exit(0))`: the callback never returns, so the chain never settles either way.
      const handler = call.arguments[0];
      if (name === 'finally' && handler !== undefined && this.endsProcess(handler)) {
        return no('its `.finally()` callback ends the process before a rejection could surface');
      }
      const before = this.expression(receiver);
      if (before.canReject) return before;
      if (handler === undefined) return before;
      const handlerVerdict = this.callbackCanFail(handler);
      return handlerVerdict.canReject
        ? yes(`its \`.${name}()\` callback can throw (${handlerVerdict.reason})`)
        : no(before.reason);
    }
    if (this.isGlobalPromiseStatic(call, 'resolve')) {
      const value = call.arguments[0];
      if (value === undefined || !this.isThenable(value))
        return no('`Promise.resolve` of a value never rejects');
      return this.expression(value);
    }
    if (this.isGlobalPromiseStatic(call, 'reject')) return yes('it is `Promise.reject(…)`');
    for (const combinator of ['all', 'race', 'any'] as const) {
      if (!this.isGlobalPromiseStatic(call, combinator)) continue;
      const list = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
      if (list === undefined || !ts.isArrayLiteralExpression(list)) {
        return yes(`\`Promise.${combinator}\` over promises the analyzer cannot see`);
      }
      for (const element of list.elements) {
        if (ts.isSpreadElement(element)) return yes(`\`Promise.${combinator}\` over a spread list`);
        if (!this.isThenable(element)) continue;
        const verdict = this.expression(element);
        if (verdict.canReject) return verdict;
      }
      return no(`no promise given to \`Promise.${combinator}\` can reject`);
    }
    const named = dottedName(callee) ?? (name === undefined ? undefined : `….${name}`);
    const label = named === undefined ? 'the called function' : `\`${named}()\``;
    const last = call.arguments[call.arguments.length - 1];
    // A dual API given a Node-style callback (`client.close((err) => …)`) reports failure there, not by rejecting.
    if (last !== undefined && isErrorFirstCallback(last))
      return no(`${label} reports failure to its callback`);
    const fn = this.calledFunction(call);
    if (fn !== undefined) return this.functionCanReject(fn);
    const contract = this.libraryContract(call.expression);
    if (contract !== undefined && !setsOption(call, contract))
      return no(`${label} never rejects: ${contract.says}`);
    // Library code that is given a promise attaches to it (`asCallback(promise, cb)`) and returns it or a
    // promise derived from it: the failure is the callee's to report.
    if (call.arguments.some((argument) => this.isThenable(argument) && !isAnyTyped(this.checker, argument))) {
      return no(`the promise is handed to ${label}`);
    }
    return yes(`${label} is code the analyzer cannot see into`);
  }

  /**
   * The contract of a library member that never rejects (see `libraryContracts`), found through the declarations of
   * the callee's symbol and of its type: `queryClient.invalidateQueries`, a destructured `refetch`, `navigate`.
   *
   * @example
   * ```ts
   * analysis.libraryContract(call.expression)?.says; // "TanStack Query catches refetch errors unless …"
   * ```
   */
  libraryContract(callee: ts.Expression): LibraryContract | undefined {
    const inner = skipOuter(callee);
    const declarations: ts.Declaration[] = [];
    const symbol = this.checker.getSymbolAtLocation(
      ts.isPropertyAccessExpression(inner) ? inner.name : inner,
    );
    if (symbol !== undefined) {
      const resolved = symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
      declarations.push(...(resolved.declarations ?? []));
    }
    const type = this.checker.getTypeAtLocation(inner);
    declarations.push(...(type.aliasSymbol?.declarations ?? []), ...(type.getSymbol()?.declarations ?? []));
    for (const declaration of declarations) {
      const file = declaration.getSourceFile();
      if (!file.isDeclarationFile) continue;
      const name = declaredName(declaration);
      if (name === undefined) continue;
      const path = file.fileName.replaceAll('\\', '/');
      const contract = libraryContracts.find(
        (entry) => entry.members.has(name) && path.includes(`/node_modules/${entry.package}/`),
      );
      if (contract !== undefined) return contract;
    }
    return undefined;
  }

  /**
   * True when the callback `handler` ends the process on every path: its body is `process.exit(…)`, or a block of
   * synchronous statements that ends with that call and has no `return` (nor `await`) before it. Only the global
   * `process` counts (not a parameter or local of that name).
   */
  private endsProcess(handler: ts.Expression): boolean {
    const fn = skipOuter(handler);
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || isAsyncFunction(fn)) return false;
    const exits = (expression: ts.Expression): boolean => {
      const call = skipOuter(expression);
      if (!ts.isCallExpression(call) || memberName(call.expression) !== 'exit') return false;
      const callee = skipOuter(call.expression);
      if (!ts.isPropertyAccessExpression(callee)) return false;
      const object = skipOuter(callee.expression);
      if (!ts.isIdentifier(object) || object.text !== 'process') return false;
      const symbol = this.checker.getSymbolAtLocation(object);
      return symbol === undefined || isLibrarySymbol(this.checker, symbol);
    };
    if (!ts.isBlock(fn.body)) return exits(fn.body);
    const last = fn.body.statements[fn.body.statements.length - 1];
    if (last === undefined || !ts.isExpressionStatement(last) || !exits(last.expression)) return false;
    let leaves = false;
    forEachInFunction(fn, (node) => {
      if (ts.isReturnStatement(node) || ts.isAwaitExpression(node) || ts.isYieldExpression(node))
        leaves = true;
      return leaves ? 'skip' : undefined;
    });
    return !leaves;
  }

  /** Whether a `.then`/`.finally` callback (or an executor body) can throw or return a rejecting promise. */
  private callbackCanFail(handler: ts.Expression): RejectVerdict {
    const inner = skipOuter(handler);
    let fn: FunctionLike | undefined;
    if (ts.isFunctionExpression(inner) || ts.isArrowFunction(inner)) fn = inner;
    else {
      const declaration = this.checker.getSymbolAtLocation(inner)?.valueDeclaration;
      if (
        declaration !== undefined &&
        isFunctionLike(declaration) &&
        !declaration.getSourceFile().isDeclarationFile
      ) {
        fn = declaration;
      } else if (
        declaration !== undefined &&
        ts.isVariableDeclaration(declaration) &&
        declaration.initializer !== undefined &&
        (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
      ) {
        fn = declaration.initializer;
      }
    }
    if (fn === undefined) {
      if (isNullish(handler)) return no('no callback');
      return yes('the callback is code the analyzer cannot see into');
    }
    if (isAsyncFunction(fn)) return this.functionCanReject(fn);
    const point = this.syncThrowPoint(fn, true);
    if (point !== undefined) return yes(`${functionName(fn)} can throw at ${where(point)}`);
    return this.returnedPromises(fn, functionName(fn));
  }

  private promiseConstructor(expression: ts.NewExpression): RejectVerdict {
    const executor = expression.arguments?.[0] === undefined ? undefined : skipOuter(expression.arguments[0]);
    if (executor === undefined || !(ts.isFunctionExpression(executor) || ts.isArrowFunction(executor))) {
      return yes('its executor is code the analyzer cannot see into');
    }
    if (isAsyncFunction(executor)) return yes('its executor is async');
    const rejectParameter = executor.parameters[1];
    if (rejectParameter !== undefined) {
      if (!ts.isIdentifier(rejectParameter.name)) return yes('its executor receives `reject`');
      const rejectSymbol = this.checker.getSymbolAtLocation(rejectParameter.name);
      if (this.mentions(executor.body, rejectSymbol, rejectParameter.name)) {
        return yes('its executor calls `reject`');
      }
    }
    const point = this.syncThrowPoint(executor, true);
    if (point !== undefined) return yes(`its executor can throw at ${where(point)}`);
    return no('its executor never rejects');
  }

  /** True when an identifier under `root` (other than `except`) refers to `symbol`. */
  private mentions(root: ts.Node, symbol: ts.Symbol | undefined, except: ts.Node): boolean {
    if (symbol === undefined) return true;
    const visit = (node: ts.Node): boolean => {
      if (ts.isIdentifier(node) && node !== except && this.checker.getSymbolAtLocation(node) === symbol)
        return true;
      return ts.forEachChild(node, visit) ?? false;
    };
    return visit(root);
  }

  /** A variable or property: every value stored in it, in the declaring file. */
  private storedValue(expression: ts.Identifier | ts.PropertyAccessExpression): RejectVerdict {
    const label = `\`${dottedName(expression) ?? 'the value'}\``;
    const symbol = this.checker.getSymbolAtLocation(
      ts.isIdentifier(expression) ? expression : expression.name,
    );
    const declarations = symbol?.declarations ?? [];
    if (symbol === undefined || declarations.length === 0) {
      return yes(`the analyzer cannot see what ${label} holds`);
    }
    const sources: ts.Expression[] = [];
    for (const declaration of declarations) {
      const file = declaration.getSourceFile();
      if (file.isDeclarationFile) return yes(`${label} comes from library code`);
      if (ts.isParameter(declaration) || ts.isBindingElement(declaration)) {
        return yes(`${label} is given by the caller`);
      }
      if (
        (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) &&
        declaration.initializer !== undefined
      ) {
        sources.push(declaration.initializer);
      }
      if (ts.isVariableDeclaration(declaration) && ts.isVariableDeclarationList(declaration.parent)) {
        if (declaration.parent.flags & ts.NodeFlags.Const) continue;
      }
      for (const assigned of this.assignedValues(file, symbol)) sources.push(assigned);
    }
    if (sources.length === 0) return yes(`the analyzer cannot see what ${label} holds`);
    for (const source of sources) {
      if (!this.isThenable(source)) continue;
      const verdict = this.expression(source);
      if (verdict.canReject) return yes(`${label} holds a promise that can reject (${verdict.reason})`);
    }
    return no(`every promise stored in ${label} is handled or cannot reject`);
  }

  /** Every right-hand side assigned to `symbol` in `file` (`x = …`, `this.x = …`, `x ??= …`). */
  private assignedValues(file: ts.SourceFile, symbol: ts.Symbol): readonly ts.Expression[] {
    let index = this.assignments.get(file);
    if (index === undefined) {
      const built = new Map<ts.Symbol, ts.Expression[]>();
      const visit = (node: ts.Node): void => {
        if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
          const left = skipOuter(node.left);
          const target = ts.isPropertyAccessExpression(left)
            ? left.name
            : ts.isIdentifier(left)
              ? left
              : undefined;
          const assigned = target === undefined ? undefined : this.checker.getSymbolAtLocation(target);
          if (assigned !== undefined) {
            let list = built.get(assigned);
            if (list === undefined) built.set(assigned, (list = []));
            list.push(node.right);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      index = built;
      this.assignments.set(file, index);
    }
    return index.get(symbol) ?? [];
  }

  /** True for a property (`this.promise`) or a parameter: a promise that exists before the function runs. */
  private isExistingPromise(expression: ts.Expression): boolean {
    const inner = skipOuter(expression);
    if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) return true;
    if (!ts.isIdentifier(inner)) return false;
    const declaration = this.checker.getSymbolAtLocation(inner)?.valueDeclaration;
    return declaration !== undefined && ts.isParameter(declaration);
  }

  private isThenable(expression: ts.Expression): boolean {
    const type = this.checker.getTypeAtLocation(expression);
    return (type.flags & ts.TypeFlags.Any) !== 0 || isThenableType(this.checker, type);
  }

  /** True when `expression` is the global `Promise` (or `globalThis.Promise`), not a local class of that name. */
  isGlobalPromise(expression: ts.Expression): boolean {
    const inner = skipOuter(expression);
    const name = dottedName(inner);
    if (name !== 'Promise' && name !== 'globalThis.Promise') return false;
    const symbol = this.checker.getSymbolAtLocation(
      ts.isPropertyAccessExpression(inner) ? inner.name : inner,
    );
    return symbol === undefined || isLibrarySymbol(this.checker, symbol);
  }

  private isGlobalPromiseStatic(call: ts.CallExpression, method: string): boolean {
    const callee = skipOuter(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== method) return false;
    return this.isGlobalPromise(callee.expression);
  }

  /** True for the `resolve`/`reject` parameters of a `new Promise` executor: calling them never throws. */
  private isPromiseCallbackParameter(symbol: ts.Symbol | undefined): boolean {
    const declaration = symbol?.valueDeclaration;
    if (declaration === undefined || !ts.isParameter(declaration)) return false;
    const executor = declaration.parent;
    const newExpression = skipOuterParent(executor);
    return (
      newExpression !== undefined &&
      ts.isNewExpression(newExpression) &&
      this.isGlobalPromise(newExpression.expression) &&
      executor.parameters.indexOf(declaration) <= 1
    );
  }
}

function skipOuterParent(node: ts.Node): ts.Node | undefined {
  let current = node.parent as ts.Node | undefined;
  while (current !== undefined && ts.isParenthesizedExpression(current)) current = current.parent;
  return current;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

/** The name a declaration gives its member or type: a method, a property, an interface, or a function type's property. */
function declaredName(declaration: ts.Declaration): string | undefined {
  let node: ts.Node = declaration;
  if (ts.isFunctionTypeNode(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node))
    node = node.parent;
  if (
    (ts.isMethodDeclaration(node) ||
      ts.isMethodSignature(node) ||
      ts.isPropertySignature(node) ||
      ts.isPropertyDeclaration(node) ||
      ts.isInterfaceDeclaration(node) ||
      ts.isTypeAliasDeclaration(node) ||
      ts.isFunctionDeclaration(node)) &&
    node.name !== undefined &&
    ts.isIdentifier(node.name)
  ) {
    return node.name.text;
  }
  return undefined;
}

/** True when the call passes the option that makes a library contract's promise reject (or options it cannot read). */
function setsOption(call: ts.CallExpression, contract: LibraryContract): boolean {
  const option = contract.rejectsWithOption;
  if (option === undefined) return false;
  const argument = call.arguments[option.argument];
  if (argument === undefined) return false;
  const inner = skipOuter(argument);
  if (!ts.isObjectLiteralExpression(inner)) return true;
  return inner.properties.some((property) => {
    if (ts.isSpreadAssignment(property)) return true;
    if (property.name.getText() !== option.property) return false;
    return !(ts.isPropertyAssignment(property) && property.initializer.kind === ts.SyntaxKind.FalseKeyword);
  });
}

function isAnyTyped(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  return (checker.getTypeAtLocation(expression).flags & ts.TypeFlags.Any) !== 0;
}

/** `(err, value) => …` or `function (error) { … }`: a Node-style callback that receives the failure. */
function isErrorFirstCallback(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (!ts.isArrowFunction(inner) && !ts.isFunctionExpression(inner)) return false;
  const first = inner.parameters[0];
  return first !== undefined && ts.isIdentifier(first.name) && /^(err|error|e|er)$/i.test(first.name.text);
}

function isNullish(node: ts.Expression | undefined): boolean {
  if (node === undefined) return true;
  const inner = skipOuter(node);
  return inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === 'undefined');
}

/** A short name for a function, for messages: "`save()`", "this arrow function". */
export function functionName(fn: FunctionLike): string {
  if (
    (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) &&
    fn.name
  ) {
    return `\`${fn.name.getText()}()\``;
  }
  if (ts.isConstructorDeclaration(fn)) return 'the constructor';
  const parent = fn.parent;
  if (
    (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent)) &&
    ts.isIdentifier(parent.name)
  ) {
    return `\`${parent.name.text}()\``;
  }
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return `\`${parent.name.text}()\``;
  return ts.isArrowFunction(fn) ? 'the arrow function' : 'the function';
}

/** `file.ts:12`: where a node is, for messages. */
export function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  return `${basename(file.fileName)}:${line}`;
}

const shared = new WeakMap<ts.TypeChecker, RejectionAnalysis>();

/**
 * The {@link RejectionAnalysis} of a type checker, created on first use and shared by every rule of the run, so a
 * function's body is analysed once.
 *
 * @example
 * ```ts
 * const analysis = getRejectionAnalysis(context.getTypeChecker());
 * ```
 */
export function getRejectionAnalysis(checker: ts.TypeChecker): RejectionAnalysis {
  let analysis = shared.get(checker);
  if (analysis === undefined) {
    analysis = new RejectionAnalysis(checker);
    shared.set(checker, analysis);
  }
  return analysis;
}
