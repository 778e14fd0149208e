/**
 * Sockets that outlive the request using them: the socket of an HTTP request or response (`req.socket`,
 * `request.socket`, `res.connection`) and the one a client request's `'socket'` event hands over. With keep-alive, an
 * agent or a server gives the same socket to request after request, so a listener a request adds to it and does not
 * take off stays for the next ones, with that request's closure. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { rootOfChain, skipOuter } from '../../analysis/syntax/expressions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { isAliasOfThis } from './emitter-origin.js';
import { eventText, type Registration, socketEventSource, targetKey } from './registration.js';
import type { FunctionLike } from '../../analysis/syntax/functions.js';
import { findDescendant } from '../../analysis/syntax/walk.js';

/** Node's classes whose `socket` (`connection`) is the connection the request travels on. */
const requestClasses = new Set(['IncomingMessage', 'OutgoingMessage', 'ClientRequest', 'ServerResponse']);

/** True when `target` is the socket of a request (see the module's comment). */
export function isRequestSocket(target: ts.Expression, checker: ts.TypeChecker, depth = 0): boolean {
  const inner = skipOuter(target);
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(inner);
    if (declaration === undefined || depth > 3) return false;
    if (ts.isParameter(declaration)) return socketEventSource(declaration) !== undefined;
    // `const socket = req.socket`.
    if (
      ts.isVariableDeclaration(declaration) &&
      ts.isIdentifier(declaration.name) &&
      declaration.initializer !== undefined
    )
      return isRequestSocket(declaration.initializer, checker, depth + 1);
    return false;
  }
  if (!ts.isPropertyAccessExpression(inner)) return false;
  if (inner.name.text !== 'socket' && inner.name.text !== 'connection') return false;
  // The instance's own connection (`this.socket`) is the instance's to manage.
  const root = rootOfChain(inner.expression);
  if (root.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(root) && isAliasOfThis(root))) return false;
  const symbol = checker.getSymbolAtLocation(inner.name);
  const declarations = symbol?.getDeclarations() ?? [];
  if (declarations.length > 0) {
    return declarations.some((declaration) => {
      const owner = declaration.parent;
      return (
        (ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner)) &&
        owner.name !== undefined &&
        requestClasses.has(owner.name.text) &&
        declaration.getSourceFile().fileName.includes('/@types/node/')
      );
    });
  }
  // No type (JavaScript, `any`): the request a function is handed (`function send(req, res)`), by the platform's
  // spelling of its socket.
  if (!ts.isIdentifier(root)) return false;
  const declaration = findDeclaration(root);
  return declaration !== undefined && ts.isParameter(declaration) && !hasKnownType(inner.expression, checker);
}

/** The expression has a type (not `any`/`unknown`): one that is not a request, as its `socket` was not Node's. */
function hasKnownType(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getTypeAtLocation(expression);
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) === 0;
}

/**
 * A `once('connect')` added only while the socket is still connecting (`if (socket.connecting)`, or the `else` of
 * `if (!socket.connecting)`): its event is sure to come (or the socket to fail and close), unlike on a reused
 * keep-alive socket, already connected.
 */
export function waitsWhileConnecting(added: Registration, fn: FunctionLike): boolean {
  if (!added.once || eventText(added.event) !== 'connect') return false;
  const key = targetKey(added.target);
  const isConnecting = (node: ts.Node): boolean =>
    ts.isPropertyAccessExpression(node) &&
    node.name.text === 'connecting' &&
    targetKey(node.expression) === key;
  for (
    let current: ts.Node = added.call;
    current !== fn && !ts.isSourceFile(current);
    current = current.parent
  ) {
    const parent = current.parent;
    if (!ts.isIfStatement(parent)) continue;
    const condition = skipOuter(parent.expression);
    const negated =
      ts.isPrefixUnaryExpression(condition) &&
      condition.operator === ts.SyntaxKind.ExclamationToken &&
      isConnecting(skipOuter(condition.operand));
    const reads = isConnecting(condition) || findDescendant(condition, isConnecting) !== undefined;
    if (parent.thenStatement === current && reads && !negated) return true;
    if (parent.elseStatement === current && negated) return true;
  }
  return false;
}
