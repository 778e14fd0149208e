/**
 * What a listener call is: the emitter, the event, the handler and the options of `on`/`once`/`addEventListener`, and
 * of the calls that take a listener off again. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { normalizedText, skipOuter } from '../../analysis/syntax/expressions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { isFunctionLike } from '../../analysis/syntax/functions.js';

const addMethods = new Set(['on', 'addListener', 'prependListener', 'addEventListener']);
const onceMethods = new Set(['once', 'prependOnceListener']);
const removeMethods = new Set(['off', 'removeListener', 'removeEventListener']);
/** Node's emitter methods that return the emitter, so that calls chain (`client.on('ready', a).on('error', b)`). */
const chainingMethods = new Set([
  ...addMethods,
  ...onceMethods,
  'off',
  'removeListener',
  'removeAllListeners',
  'setMaxListeners',
]);
/** Globals that live as long as the process or page; `window.document` is `document`. */
export const globalTargets = new Set(['process', 'window', 'document', 'globalThis', 'self', 'navigator']);

/** One call that adds a listener. */
export interface Registration {
  readonly call: ts.CallExpression;
  /** The method's name node (where a finding points). */
  readonly methodName: ts.Identifier;
  readonly method: string;
  /** The emitter. */
  readonly target: ts.Expression;
  readonly event: ts.Expression;
  readonly handler: ts.Expression;
  /** `once`, `{ once: true }`: gone after the event fires once. */
  readonly once: boolean;
  /** `{ signal }` or options we cannot read (a variable, a spread): removed by someone else. */
  readonly removedByOptions: boolean;
  /** The capture flag of `addEventListener` (`true` or `{ capture: true }`). */
  readonly capture: boolean;
}

/** One call that takes listeners off: `off`/`removeListener`/`removeEventListener`, or `removeAllListeners`. */
export interface Removal {
  readonly call: ts.CallExpression;
  readonly target: ts.Expression;
  /** Undefined for `removeAllListeners()` with no event. */
  readonly event: ts.Expression | undefined;
  /** Undefined for `removeAllListeners`. */
  readonly handler: ts.Expression | undefined;
  readonly capture: boolean;
}

/** The registration `call` makes, or undefined when it adds no listener we can follow. */
export function registrationOf(call: ts.CallExpression): Registration | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  const method = callee.name.text;
  if (method === 'setTimeout') return timeoutListener(call, callee);
  const once = onceMethods.has(method);
  if (!addMethods.has(method) && !once) return undefined;
  const [event, handlerArgument, options] = call.arguments;
  if (event === undefined || handlerArgument === undefined) return undefined;
  const handler = skipOuter(handlerArgument);
  if (
    !isFunctionLike(handler) &&
    !ts.isIdentifier(handler) &&
    !ts.isPropertyAccessExpression(handler) &&
    !isBindCall(handler)
  )
    return undefined;
  const read =
    method === 'addEventListener'
      ? readOptions(options)
      : { once: false, removedByOptions: false, capture: false };
  return {
    call,
    methodName: callee.name,
    method,
    target: chainedEmitter(callee.expression),
    event,
    handler,
    once: once || read.once,
    removedByOptions: read.removedByOptions,
    capture: read.capture,
  };
}

/** The event `socket.setTimeout(ms, listener)` adds its listener for. */
const timeoutEvent = ts.factory.createStringLiteral('timeout');

/**
 * `socket.setTimeout(ms, listener)` (`net.Socket`, `http.ClientRequest`, `http.IncomingMessage`…): Node adds the
 * listener with `once('timeout', listener)`. Not the global timer (`setTimeout(callback, ms)`, `window.setTimeout`)
 * nor a fake clock's (`clock.setTimeout(callback, ms)`): the delay comes first and the listener second.
 */
function timeoutListener(
  call: ts.CallExpression,
  callee: ts.PropertyAccessExpression,
): Registration | undefined {
  const [delay, handlerArgument, ...rest] = call.arguments;
  if (delay === undefined || handlerArgument === undefined || rest.length > 0) return undefined;
  if (isFunctionLike(skipOuter(delay))) return undefined;
  const receiver = skipOuter(callee.expression);
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) return undefined;
  if (ts.isIdentifier(receiver) && (globalTargets.has(receiver.text) || receiver.text === 'timers'))
    return undefined;
  const handler = skipOuter(handlerArgument);
  if (!isFunctionLike(handler) && !ts.isIdentifier(handler) && !ts.isPropertyAccessExpression(handler))
    return undefined;
  return {
    call,
    methodName: callee.name as ts.Identifier,
    method: 'setTimeout',
    target: callee.expression,
    event: timeoutEvent,
    handler,
    once: true,
    removedByOptions: false,
    capture: false,
  };
}

/** The event `socket.connect(…, listener)` adds its listener for. */
const connectEvent = ts.factory.createStringLiteral('connect');

/**
 * `socket.connect(port, host, listener)` / `socket.connect(options, listener)` on a `net.Socket` (or `tls.TLSSocket`):
 * Node adds the listener with `once('connect', listener)`, which an attempt that fails never fires. Known by the
 * receiver's type (Node's socket, `connecting` and `setNoDelay` among its members).
 */
export function connectListener(call: ts.CallExpression, checker: ts.TypeChecker): Registration | undefined {
  const callee = skipOuter(call.expression);
  if (
    !ts.isPropertyAccessExpression(callee) ||
    !ts.isIdentifier(callee.name) ||
    callee.name.text !== 'connect'
  )
    return undefined;
  const last = call.arguments[call.arguments.length - 1];
  if (call.arguments.length < 2 || last === undefined) return undefined;
  const handler = skipOuter(last);
  if (!isFunctionLike(handler) && checker.getTypeAtLocation(handler).getCallSignatures().length === 0)
    return undefined;
  const type = checker.getNonNullableType(checker.getTypeAtLocation(callee.expression));
  if (type.getProperty('connecting') === undefined || type.getProperty('setNoDelay') === undefined)
    return undefined;
  return {
    call,
    methodName: callee.name,
    method: 'connect',
    target: callee.expression,
    event: connectEvent,
    handler,
    once: true,
    removedByOptions: false,
    capture: false,
  };
}

/** The removal `call` makes, or undefined. */
export function removalOf(call: ts.CallExpression): Removal | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.name)) return undefined;
  const method = callee.name.text;
  const target = chainedEmitter(callee.expression);
  // `removeAllListeners(event?)`, and `off(event?)` without a function (socket.io, mitt, component-emitter, jQuery):
  // every listener of the event (of every event).
  if (method === 'removeAllListeners' || (method === 'off' && call.arguments.length < 2)) {
    return { call, target, event: call.arguments[0], handler: undefined, capture: false };
  }
  if (!removeMethods.has(method)) return undefined;
  const [event, handler, options] = call.arguments;
  if (event === undefined || handler === undefined) return undefined;
  const capture = method === 'removeEventListener' && readOptions(options).capture;
  return { call, target, event, handler: skipOuter(handler), capture };
}

/**
 * The emitter a chained call acts on: `client.on('ready', a).on('error', b)` adds `b` to `client`, since Node's
 * `on`/`once`/`off`… return the emitter (`addEventListener` returns nothing and does not chain).
 */
export function chainedEmitter(target: ts.Expression): ts.Expression {
  let current = target;
  for (;;) {
    const inner = skipOuter(current);
    if (!ts.isCallExpression(inner)) return current;
    const callee = skipOuter(inner.expression);
    if (!ts.isPropertyAccessExpression(callee) || !chainingMethods.has(callee.name.text)) return current;
    current = callee.expression;
  }
}

/** `f.bind(x)`: a new function each time it runs. */
export function isBindCall(node: ts.Expression): node is ts.CallExpression {
  const inner = skipOuter(node);
  return (
    ts.isCallExpression(inner) &&
    ts.isPropertyAccessExpression(inner.expression) &&
    inner.expression.name.text === 'bind'
  );
}

/** A function made at the call (an arrow, a function expression, a `.bind`): nobody else holds the same reference. */
export function isFreshFunction(node: ts.Expression): boolean {
  const inner = skipOuter(node);
  return isFunctionLike(inner) || isBindCall(inner);
}

function readOptions(options: ts.Expression | undefined): {
  once: boolean;
  removedByOptions: boolean;
  capture: boolean;
} {
  const result = { once: false, removedByOptions: false, capture: false };
  if (options === undefined) return result;
  const inner = skipOuter(options);
  if (inner.kind === ts.SyntaxKind.TrueKeyword) return { ...result, capture: true };
  if (inner.kind === ts.SyntaxKind.FalseKeyword) return result;
  if (!ts.isObjectLiteralExpression(inner)) return { ...result, removedByOptions: true };
  for (const property of inner.properties) {
    if (ts.isSpreadAssignment(property)) return { ...result, removedByOptions: true };
    const name = ts.isIdentifier(property.name) ? property.name.text : undefined;
    const value = ts.isPropertyAssignment(property) ? skipOuter(property.initializer) : undefined;
    const isFalse = value?.kind === ts.SyntaxKind.FalseKeyword;
    if (name === 'signal') result.removedByOptions = true;
    if (name === 'once' && !isFalse) result.once = true;
    if (name === 'capture' && !isFalse) result.capture = true;
  }
  return result;
}

/**
 * A canonical text for an emitter: `window.document` and `document` are one, `x?.y` is `x.y`, `self` of
 * `const self = this` is `this`, and a `const` alias (`const signal = options.signal`) is the expression it names.
 */
export function targetKey(target: ts.Expression, depth = 0): string {
  const inner = skipOuter(target);
  if (ts.isIdentifier(inner) && depth < 4) {
    const declaration = findDeclaration(inner);
    // `request.on('socket', (socket) => …)`: the socket is `request.socket`.
    const request = declaration !== undefined ? socketEventSource(declaration) : undefined;
    if (request !== undefined) return `${targetKey(request, depth + 1)}.socket`;
    // `const self = this` (`var that = this`): the instance.
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      skipOuter(declaration.initializer).kind === ts.SyntaxKind.ThisKeyword
    )
      return 'this';
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      ts.isIdentifier(declaration.name) &&
      declaration.initializer !== undefined &&
      (declaration.parent.flags & ts.NodeFlags.Const) !== 0
    ) {
      const initializer = skipOuter(declaration.initializer);
      if (ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer)) {
        return targetKey(initializer, depth + 1);
      }
    }
  }
  if (ts.isPropertyAccessExpression(inner)) {
    const base = targetKey(inner.expression, depth + 1);
    if (base === 'window' || base === 'globalThis' || base === 'self') {
      if (globalTargets.has(inner.name.text) || inner.name.text === 'document') return inner.name.text;
    }
    return `${base}.${inner.name.text}`;
  }
  return normalizedText(inner, inner.getSourceFile());
}

/** The event as text when it is a literal (`'close'`), else undefined (any event). */
export function eventText(event: ts.Expression | undefined): string | undefined {
  if (event === undefined) return undefined;
  const inner = skipOuter(event);
  return ts.isStringLiteralLike(inner) ? inner.text : undefined;
}

/** For the first parameter of a `'socket'` listener (`request.on('socket', (socket) => …)`), the request. */
export function socketEventSource(declaration: ts.Node): ts.Expression | undefined {
  if (!ts.isParameter(declaration)) return undefined;
  const fn = declaration.parent;
  if (!isFunctionLike(fn) || fn.parameters[0] !== declaration) return undefined;
  let outer: ts.Node = fn;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const call = outer.parent;
  if (!ts.isCallExpression(call)) return undefined;
  const added = registrationOf(call);
  if (added === undefined || added.handler !== fn || eventText(added.event) !== 'socket') return undefined;
  return added.target;
}
