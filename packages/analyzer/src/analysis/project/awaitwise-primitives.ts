/**
 * Concurrency primitives that serialise or deduplicate a section of code: our own (`Mutex`, `KeyedMutex`,
 * `KeyedSemaphore`, `Semaphore`, `limit(1)`, `singleflight`, `lazy`, `memoAsync` from `@awaitwise/core`; the locks,
 * semaphores and idempotency keys of `@awaitwise/redis`) and the common third-party ones (async-mutex, async-lock,
 * await-lock, p-limit and p-queue at concurrency 1, redlock). Recognised by the declaration of the value's type when
 * the checker is given, else by the import or `require` its declaration comes from, never by the variable's name.
 * Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, calleeReceiver, skipOuter } from '../syntax/expressions.js';
import { enclosingClass, enclosingFunction, type FunctionLike } from '../syntax/functions.js';
import { findDeclaration, importSource, moduleOf, requiredModule } from '../syntax/scope.js';
import { forEachInFunction } from '../syntax/walk.js';

/** What a recognised primitive does to the code it guards. */
export type PrimitiveKind =
  /** One holder at a time (per key for keyed locks): the guarded section never overlaps itself. */
  | 'lock'
  /** Concurrent calls share one run (`singleflight`, `lazy`, `memoAsync`, `idempotent`). */
  | 'dedupe'
  /** A concurrency limiter or queue: serialising only at a concurrency of 1. */
  | 'limiter';

/** A primitive found behind an expression. */
export interface Primitive {
  readonly kind: PrimitiveKind;
  /** The module it comes from (`@awaitwise/core`, `async-mutex` …). */
  readonly module: string;
  /** The exported name it was created with (`KeyedMutex`, `singleflight`, `default` …). */
  readonly name: string;
  /** Whether it serialises within one process only, or across every process that shares its store (Redis). */
  readonly scope: 'process' | 'distributed';
}

/** Modules whose locks hold across processes. */
const distributedModules = new Set(['@awaitwise/redis', 'redlock', '@sesamecare-oss/redlock']);

function primitive(kind: PrimitiveKind, module: string, name: string): Primitive {
  return { kind, module, name, scope: distributedModules.has(module) ? 'distributed' : 'process' };
}

/** Exported classes and factories per module, and what the values they make do. */
const known: ReadonlyMap<string, ReadonlyMap<string, PrimitiveKind>> = new Map([
  [
    '@awaitwise/core',
    new Map<string, PrimitiveKind>([
      ['Mutex', 'lock'],
      ['KeyedMutex', 'lock'],
      ['KeyedSemaphore', 'limiter'],
      ['Semaphore', 'limiter'],
      ['limit', 'limiter'],
      ['singleflight', 'dedupe'],
      ['lazy', 'dedupe'],
      ['memoAsync', 'dedupe'],
    ]),
  ],
  [
    '@awaitwise/redis',
    new Map<string, PrimitiveKind>([
      ['createRedisLock', 'lock'],
      ['RedisLock', 'lock'],
      ['createRedisSemaphore', 'limiter'],
      ['RedisSemaphore', 'limiter'],
      ['idempotent', 'dedupe'],
    ]),
  ],
  [
    'async-mutex',
    new Map<string, PrimitiveKind>([
      ['Mutex', 'lock'],
      ['Semaphore', 'limiter'],
      ['withTimeout', 'lock'],
      ['MutexInterface', 'lock'],
    ]),
  ],
  [
    'async-lock',
    new Map<string, PrimitiveKind>([
      ['default', 'lock'],
      ['AsyncLock', 'lock'],
    ]),
  ],
  [
    'await-lock',
    new Map<string, PrimitiveKind>([
      ['default', 'lock'],
      ['AwaitLock', 'lock'],
    ]),
  ],
  [
    'redlock',
    new Map<string, PrimitiveKind>([
      ['default', 'lock'],
      ['Redlock', 'lock'],
    ]),
  ],
  [
    '@sesamecare-oss/redlock',
    new Map<string, PrimitiveKind>([
      ['Redlock', 'lock'],
      ['default', 'lock'],
    ]),
  ],
  [
    'p-limit',
    new Map<string, PrimitiveKind>([
      ['default', 'limiter'],
      ['pLimit', 'limiter'],
    ]),
  ],
  [
    'p-queue',
    new Map<string, PrimitiveKind>([
      ['default', 'limiter'],
      ['PQueue', 'limiter'],
    ]),
  ],
  ['p-memoize', new Map<string, PrimitiveKind>([['default', 'dedupe']])],
  ['p-debounce', new Map<string, PrimitiveKind>([['default', 'dedupe']])],
]);

/** Methods that run a callback while holding the primitive: `run`, `runExclusive`, `withLock`, `using`, `add` … */
const runMethods = new Set(['run', 'runExclusive', 'withLock', 'using', 'use', 'acquire', 'add', 'schedule']);
/** Methods that take the primitive and return a permit (or a release function). */
const acquireMethods = new Set(['lock', 'tryLock', 'acquire', 'tryAcquire', 'acquireAsync', 'waitForUnlock']);

/**
 * The primitive an expression holds (`checkouts` where `const checkouts = new KeyedMutex()`), or that a factory call
 * makes (`singleflight(fn)`, `pLimit(1)`), or undefined.
 *
 * With a checker, the value's type decides: its declaration must come from one of the known modules (a user class
 * that happens to be called `Mutex` is not one). Without types (JavaScript, or a value the checker sees as `any`),
 * the declaration of the expression's root is followed to a `new X()` / `X()` whose `X` is imported or required from
 * a known module.
 *
 * @example
 * ```ts
 * primitiveOf(calleeReceiver(call), checker)?.kind === 'lock' // `checkouts.run(id, …)` holds a KeyedMutex
 * ```
 */
export function primitiveOf(expression: ts.Expression, checker?: ts.TypeChecker): Primitive | undefined {
  const node = skipOuter(expression);
  const typed = checker === undefined ? undefined : primitiveOfType(node, checker);
  // A limiter's type does not say its concurrency: its creation does (`new Semaphore(1)`).
  if (typed !== undefined && typed.kind !== 'limiter') return typed;
  return primitiveOfSyntax(node, 0) ?? typed;
}

function primitiveOfType(node: ts.Expression, checker: ts.TypeChecker): Primitive | undefined {
  let type: ts.Type;
  try {
    type = checker.getTypeAtLocation(node);
  } catch {
    return undefined;
  }
  for (const symbol of [type.getSymbol(), type.aliasSymbol]) {
    const found = symbol === undefined ? undefined : knownSymbol(symbol, checker);
    if (found !== undefined) return found;
  }
  // A factory call: `singleflight(fn)` returns a plain function type, so look at the callee instead.
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const symbol = checker.getSymbolAtLocation(skipOuter(node.expression));
    const found = symbol === undefined ? undefined : knownSymbol(symbol, checker);
    if (found !== undefined) return limitedToOne(found, node);
  }
  return undefined;
}

/** A symbol declared in one of the known modules, under one of their primitive names. */
function knownSymbol(symbol: ts.Symbol, checker: ts.TypeChecker): Primitive | undefined {
  const resolved = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  for (const declaration of resolved.declarations ?? []) {
    const module = moduleOfFile(declaration.getSourceFile().fileName);
    if (module === undefined) continue;
    const kinds = known.get(module);
    const name = resolved.getName();
    const kind = kinds?.get(name) ?? (isDefaultExport(declaration) ? kinds?.get('default') : undefined);
    if (kind !== undefined) return primitive(kind, module, name);
  }
  return undefined;
}

function isDefaultExport(declaration: ts.Declaration): boolean {
  return (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Default) !== 0;
}

/**
 * The known module a declaration file belongs to: `…/node_modules/async-mutex/lib/index.d.ts`, and our own packages
 * also where a workspace links them (`…/packages/core/dist/keyed.d.ts`).
 */
function moduleOfFile(fileName: string): string | undefined {
  const path = fileName.replace(/\\/g, '/');
  const inModules = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (inModules?.[1] !== undefined && known.has(inModules[1])) return inModules[1];
  const ours = /\/packages\/(core|redis)\/(?:src|dist)\/[^/]+\.(?:d\.)?ts$/.exec(path);
  return ours?.[1] === undefined ? undefined : `@awaitwise/${ours[1]}`;
}

function primitiveOfSyntax(node: ts.Expression, depth: number): Primitive | undefined {
  if (depth > 3) return undefined;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const created = createdBy(skipOuter(node.expression));
    return created === undefined ? undefined : limitedToOne(created, node);
  }
  const initializer = initializerOf(node);
  return initializer === undefined ? undefined : primitiveOfSyntax(skipOuter(initializer), depth + 1);
}

/** The value a reference was initialised with: a variable's initializer, a class field's, or `this.x = …` in the constructor. */
function initializerOf(node: ts.Expression): ts.Expression | undefined {
  if (ts.isIdentifier(node)) {
    const declaration = findDeclaration(node);
    return declaration !== undefined && ts.isVariableDeclaration(declaration)
      ? declaration.initializer
      : undefined;
  }
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = enclosingClass(node);
    if (cls === undefined) return undefined;
    for (const member of cls.members) {
      if (
        ts.isPropertyDeclaration(member) &&
        ts.isIdentifier(member.name) &&
        member.name.text === node.name.text &&
        member.initializer !== undefined
      ) {
        return member.initializer;
      }
      if (ts.isConstructorDeclaration(member) && member.body !== undefined) {
        let found: ts.Expression | undefined;
        forEachInFunction(member.body, (child) => {
          if (found !== undefined) return 'skip';
          if (
            ts.isBinaryExpression(child) &&
            child.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
            ts.isPropertyAccessExpression(child.left) &&
            child.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
            child.left.name.text === node.name.text
          ) {
            found = child.right;
          }
          return undefined;
        });
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/** `KeyedMutex` imported from `@awaitwise/core`, `Mutex` from `require('async-mutex')`, `pLimit` its default export. */
function createdBy(callee: ts.Expression): Primitive | undefined {
  // new mutexes.Mutex() / core.singleflight(…) through a namespace import
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const module = moduleOf(callee.expression, { wholeModule: true });
    const kind = module === undefined ? undefined : known.get(module)?.get(callee.name.text);
    return kind === undefined || module === undefined ? undefined : primitive(kind, module, callee.name.text);
  }
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = findDeclaration(callee);
  if (declaration === undefined) return undefined;
  const imported = importedName(declaration, callee.text);
  if (imported === undefined) return undefined;
  const kind = known.get(imported.module)?.get(imported.name);
  return kind === undefined ? undefined : primitive(kind, imported.module, imported.name);
}

/** The module and exported name an identifier's declaration imports: `import X from 'm'`, `{ A as X }`, `require`. */
function importedName(declaration: ts.Node, local: string): { module: string; name: string } | undefined {
  const module = importSource(declaration);
  if (module !== undefined) {
    if (ts.isImportClause(declaration)) return { module, name: 'default' };
    if (ts.isImportSpecifier(declaration)) {
      return { module, name: (declaration.propertyName ?? declaration.name).text };
    }
    return undefined;
  }
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer === undefined) return undefined;
  const required = loadedModule(declaration.initializer);
  if (required === undefined) return undefined;
  if (ts.isIdentifier(declaration.name)) {
    // const pLimit = require('p-limit'); const Mutex = require('async-mutex').Mutex
    const init = skipOuter(declaration.initializer);
    if (ts.isPropertyAccessExpression(init)) return { module: required, name: init.name.text };
    return { module: required, name: 'default' };
  }
  if (ts.isObjectBindingPattern(declaration.name)) {
    for (const element of declaration.name.elements) {
      if (ts.isIdentifier(element.name) && element.name.text === local) {
        const property = element.propertyName;
        return {
          module: required,
          name: property !== undefined && ts.isIdentifier(property) ? property.text : local,
        };
      }
    }
  }
  return undefined;
}

/** `require('m')`, `require('m').X`, `require('m').default`: the module `m`. */
function loadedModule(initializer: ts.Expression): string | undefined {
  let node = skipOuter(initializer);
  if (ts.isPropertyAccessExpression(node)) node = skipOuter(node.expression);
  return requiredModule(node);
}

/**
 * A limiter serialises only at a concurrency of 1: `limit(1)`, `pLimit(1)`, `new PQueue({ concurrency: 1 })`,
 * `new Semaphore(1)`. At any other (or unknown) concurrency it is not protection, and is dropped.
 */
function limitedToOne(
  primitive: Primitive,
  creation: ts.CallExpression | ts.NewExpression,
): Primitive | undefined {
  if (primitive.kind !== 'limiter') return primitive;
  const first = creation.arguments?.[0];
  if (first === undefined) return undefined;
  const value = skipOuter(first);
  if (ts.isNumericLiteral(value)) return value.text === '1' ? { ...primitive, kind: 'lock' } : undefined;
  if (ts.isObjectLiteralExpression(value)) {
    for (const property of value.properties) {
      if (
        ts.isPropertyAssignment(property) &&
        ts.isIdentifier(property.name) &&
        property.name.text === 'concurrency' &&
        ts.isNumericLiteral(skipOuter(property.initializer)) &&
        (skipOuter(property.initializer) as ts.NumericLiteral).text === '1'
      ) {
        return { ...primitive, kind: 'lock' };
      }
    }
  }
  return undefined;
}

/**
 * Whether `node` runs in a section that a primitive serialises or deduplicates:
 * - inside a callback given to a primitive's `run`/`runExclusive`/`withLock`/`using`/`acquire(key, fn)`/`add`, to
 *   a limiter at concurrency 1 (`limit(fn)` where `limit = pLimit(1)`), or to a deduplicating wrapper
 *   (`singleflight(async …)`, `lazy(…)`, `memoAsync(…)`), at any depth of enclosing functions;
 * - or after `await x.lock(…)` / `x.acquire()` / `x.tryLock(…)` of a lock in the same function (or an enclosing one).
 *
 * @example
 * ```ts
 * if (isSerializedSection(read.call, checker)) return; // checkouts.run(cartId, async () => { … })
 * ```
 */
export function isSerializedSection(node: ts.Node, checker?: ts.TypeChecker): boolean {
  return serializingPrimitive(node, checker) !== undefined;
}

/**
 * The primitive that serialises or deduplicates the section `node` runs in (see {@link isSerializedSection}), the
 * nearest first; undefined when there is none.
 *
 * @example
 * ```ts
 * if (serializingPrimitive(claim, checker)?.scope === 'distributed') return; // already under a Redis lock
 * ```
 */
export function serializingPrimitive(node: ts.Node, checker?: ts.TypeChecker): Primitive | undefined {
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) {
    const found = guardingCallbackPrimitive(fn, checker) ?? acquiredBefore(fn, node, checker);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The lock a call takes or runs its callback under: `locks.run(key, fn)`, `mutex.runExclusive(fn)`,
 * `await locks.lock(key)`, `mutex.acquire()`. Undefined for any other call, and for limiters above a concurrency of 1.
 *
 * @example
 * ```ts
 * lockTakenBy(call, checker)?.scope === 'process' // an in-memory lock
 * ```
 */
export function lockTakenBy(call: ts.CallExpression, checker?: ts.TypeChecker): Primitive | undefined {
  const method = calleeName(call);
  const receiver = calleeReceiver(call);
  if (method === undefined || receiver === undefined) return undefined;
  if (!runMethods.has(method) && !acquireMethods.has(method)) return undefined;
  const found = primitiveOf(receiver, checker);
  return found?.kind === 'lock' ? found : undefined;
}

function guardingCallbackPrimitive(
  fn: FunctionLike,
  checker: ts.TypeChecker | undefined,
): Primitive | undefined {
  const slot = skipOuterUpTo(fn);
  const call = slot.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(slot as ts.Expression)) return undefined;
  // limit(async …) with `const limit = pLimit(1)`; singleflight(async …), lazy(() => …)
  for (const candidate of [skipOuter(call.expression), call]) {
    const found = primitiveOf(candidate, checker);
    if (found?.kind === 'lock' || found?.kind === 'dedupe') return found;
  }
  // locks.run(key, async …), mutex.runExclusive(…), queue.add(…)
  const method = calleeName(call);
  return method !== undefined && runMethods.has(method) ? lockTakenBy(call, checker) : undefined;
}

/** `fn` as the argument it is: through parentheses and `as`. */
function skipOuterUpTo(fn: FunctionLike): ts.Node {
  let node: ts.Node = fn;
  while (
    ts.isParenthesizedExpression(node.parent) ||
    ts.isAsExpression(node.parent) ||
    ts.isSatisfiesExpression(node.parent)
  ) {
    node = node.parent;
  }
  return node;
}

function acquiredBefore(
  fn: FunctionLike,
  node: ts.Node,
  checker: ts.TypeChecker | undefined,
): Primitive | undefined {
  if (fn.body === undefined) return undefined;
  let found: Primitive | undefined;
  forEachInFunction(fn.body, (child) => {
    if (found !== undefined || child.getStart() >= node.getStart()) return 'skip';
    if (!ts.isCallExpression(child)) return undefined;
    const method = calleeName(child);
    if (method !== undefined && acquireMethods.has(method)) found = lockTakenBy(child, checker);
    return undefined;
  });
  return found;
}
