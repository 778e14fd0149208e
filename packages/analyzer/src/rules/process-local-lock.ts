import ts from '../typescript.cjs';
import { calleeName, calleeReceiver, referenceText, skipOuter } from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../analysis/syntax/functions.js';
import { findInFunction, forEachDescendant, isWithin } from '../analysis/syntax/walk.js';
import { isShadowed } from '../analysis/syntax/scope.js';
import { lockTakenBy, serializingPrimitive } from '../analysis/project/awaitwise-primitives.js';
import { defineRule } from '../rule.js';

/** Modules that make the file a server's request-handling code. */
const serverModules =
  /^(express|fastify|koa|@koa\/router|koa-router|@hapi\/hapi|hapi|hono|restify|polka|micro|next(\/.*)?|@nestjs\/.*|node:http|http|node:https|https|node:http2|http2|@trpc\/server|h3)$/;

/** Parameter names of request handlers. */
const handlerParameter = /^(req|request|res|response|reply|ctx|context|event)$/;

interface LockUse {
  readonly claim: ts.CallExpression;
  readonly name: string;
  readonly key: string;
}

/**
 * `process-local-lock` (info): an in-memory lock in request-handling code — a module-level `Map`/`Set` checked with
 * `has`/`get`, claimed with `add`/`set`, released with `delete` after an `await`, or an in-process lock primitive
 * (`KeyedMutex`, `Mutex` from @awaitwise/core, async-mutex, async-lock … recognised by type or import) taken in a
 * request handler. It protects one process only. A section already under a Redis lock is left alone.
 */
export default defineRule({
  meta: {
    id: 'process-local-lock',
    description:
      'Reports an in-memory lock (a module-level `Map`/`Set`, or an in-process mutex) in request handlers: it only protects one process.',
    defaultSeverity: 'info',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      localLock:
        '`{{name}}` is an in-memory lock: it only protects this process. When the server runs as several instances ' +
        '(cluster workers, containers, serverless) two requests on different instances both get in. Use a lock or an ' +
        'idempotency key from @awaitwise/redis, or a database constraint.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;
    const collections = moduleCollections(sourceFile);
    const serverFile = importsServerModule(sourceFile);
    let checker: ts.TypeChecker | undefined;
    const typeChecker = (): ts.TypeChecker => (checker ??= context.getTypeChecker());
    return {
      onEnd: () => {
        for (const use of lockUses(sourceFile, collections, serverFile)) {
          // a Map claimed inside a section a Redis lock already serialises across processes
          if (serializingPrimitive(use.claim, typeChecker())?.scope === 'distributed') continue;
          context.report({ node: use.claim, messageId: 'localLock', data: { name: use.name } });
        }
        for (const use of primitiveLockUses(sourceFile, serverFile, typeChecker)) {
          context.report({ node: use.claim, messageId: 'localLock', data: { name: use.name } });
        }
      },
    };
  },
});

/**
 * An in-process lock primitive taken in a request handler (`checkouts.run(req.params.id, …)`,
 * `await locks.lock(orderId)`), outside any section a distributed lock already holds.
 */
function primitiveLockUses(
  sourceFile: ts.SourceFile,
  serverFile: boolean,
  checker: () => ts.TypeChecker,
): LockUse[] {
  const uses: LockUse[] = [];
  forEachDescendant(sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return undefined;
    const fn = enclosingFunction(node);
    if (!serverFile || fn === undefined || !isHandlerLike(fn)) return undefined;
    const lock = lockTakenBy(node, checker());
    if (lock?.scope !== 'process') return undefined;
    if (serializingPrimitive(node, checker())?.scope === 'distributed') return undefined;
    const receiver = calleeReceiver(node);
    const name = receiver === undefined ? undefined : referenceText(receiver);
    if (name !== undefined) uses.push({ claim: node, name, key: '' });
    return undefined;
  });
  return uses;
}

/** Module-level `const x = new Map()` / `new Set()` (also `let`). */
function moduleCollections(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer && skipOuter(declaration.initializer);
      if (
        ts.isIdentifier(declaration.name) &&
        init !== undefined &&
        ts.isNewExpression(init) &&
        ts.isIdentifier(init.expression) &&
        (init.expression.text === 'Map' || init.expression.text === 'Set') &&
        !isShadowed(init.expression.text, init)
      ) {
        names.add(declaration.name.text);
      }
    }
  }
  return names;
}

function importsServerModule(sourceFile: ts.SourceFile): boolean {
  let found = false;
  forEachDescendant(sourceFile, (node) => {
    if (found) return 'skip';
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found = serverModules.test(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require' &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found = serverModules.test(node.arguments[0].text);
    }
    return undefined;
  });
  return found;
}

function lockUses(
  sourceFile: ts.SourceFile,
  collections: ReadonlySet<string>,
  serverFile: boolean,
): LockUse[] {
  const uses: LockUse[] = [];
  forEachDescendant(sourceFile, (node) => {
    if (!ts.isCallExpression(node)) return undefined;
    const name = calleeName(node);
    if (name !== 'add' && name !== 'set') return undefined;
    const receiver = calleeReceiver(node);
    const collection = receiver === undefined ? undefined : referenceText(receiver);
    if (collection === undefined || !collections.has(collection)) return undefined;
    const keyNode = node.arguments[0];
    const key = keyNode === undefined ? undefined : referenceText(keyNode);
    if (key === undefined) return undefined;
    if (name === 'set' && !isFlagValue(node.arguments[1])) return undefined; // a promise or a cached value: dedupe, not a lock
    const fn = enclosingFunction(node);
    if (fn?.body === undefined) return undefined;
    if (!serverFile && !isHandlerLike(fn)) return undefined;
    if (!isLockShape(fn, node, collection, key)) return undefined;
    uses.push({ claim: node, name: collection, key });
    return undefined;
  });
  return uses;
}

/** `true`, a number, a string, `Date.now()`, `new Date()`, an object literal: a marker, not a value being shared. */
function isFlagValue(value: ts.Expression | undefined): boolean {
  if (value === undefined) return true;
  const expression = skipOuter(value);
  if (
    expression.kind === ts.SyntaxKind.TrueKeyword ||
    expression.kind === ts.SyntaxKind.FalseKeyword ||
    ts.isNumericLiteral(expression) ||
    ts.isStringLiteralLike(expression) ||
    ts.isObjectLiteralExpression(expression)
  ) {
    return true;
  }
  if (ts.isNewExpression(expression) && ts.isIdentifier(expression.expression))
    return expression.expression.text === 'Date';
  if (ts.isCallExpression(expression)) {
    const callee = skipOuter(expression.expression);
    return (
      ts.isPropertyAccessExpression(callee) &&
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === 'Date'
    );
  }
  return false;
}

function isHandlerLike(fn: FunctionLike): boolean {
  for (let current: ts.Node = fn; !ts.isSourceFile(current); current = current.parent) {
    if (
      isFunctionLike(current) &&
      current.parameters.some((p) => ts.isIdentifier(p.name) && handlerParameter.test(p.name.text))
    ) {
      return true;
    }
  }
  return false;
}

/** A `has`/`get` check on the key before the claim, an `await` after it, and a `delete` of the key. */
function isLockShape(fn: FunctionLike, claim: ts.CallExpression, collection: string, key: string): boolean {
  const body = fn.body as ts.Node;
  const onKey = (node: ts.Node, names: readonly string[]): node is ts.CallExpression => {
    if (!ts.isCallExpression(node) || node === claim) return false;
    const name = calleeName(node);
    const receiver = calleeReceiver(node);
    const argument = node.arguments[0];
    return (
      name !== undefined &&
      names.includes(name) &&
      receiver !== undefined &&
      referenceText(receiver) === collection &&
      argument !== undefined &&
      referenceText(argument) === key
    );
  };
  const checked = findInFunction(
    body,
    (node) => onKey(node, ['has', 'get']) && node.getEnd() <= claim.getStart() && isInCondition(node),
  );
  const awaited = findInFunction(
    body,
    (node) => ts.isAwaitExpression(node) && node.getStart() > claim.getEnd(),
  );
  const released = findInFunction(
    body,
    (node) => onKey(node, ['delete']) && node.getStart() > claim.getEnd(),
  );
  return checked !== undefined && awaited !== undefined && released !== undefined;
}

function isInCondition(node: ts.Node): boolean {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (ts.isIfStatement(current)) return isWithin(node, current.expression);
    if (ts.isConditionalExpression(current)) return isWithin(node, current.condition);
    if (ts.isStatement(current) || isFunctionLike(current)) return false;
  }
  return false;
}
