/**
 * `check-then-act`, the answer that says a credential is stale. A request answered `401 Unauthorized` was made with
 * the credential the program keeps (a token in a field, a module variable, Web Storage); every request made with it
 * meanwhile gets the same answer. A handler that answers the 401 by awaiting a refresh of its own and storing the
 * result runs the refresh once per failed request: the single-use refresh token is spent by the first, the others
 * fail or overwrite each other's token (the "refresh token race" fixed by a refresh shared while in flight).
 *
 * Here: whether a condition tests such an answer handed in to the function (an interceptor's error, the response
 * its caller received), and whether a write stores what an `await` of the handler's own work produced.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { rootOfChain, skipOuter } from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';

/** HTTP 401 Unauthorized: the credential the request carried is missing or stale. */
const unauthorized = 401;

const equalities = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/**
 * The answer a condition finds unauthorized, when that answer was handed in to `fn` (a parameter, or a local taken
 * from one without waiting): `error.response?.status === 401`, `if (response.status !== 401) throw …`. The root
 * identifier of the answer, or undefined. An answer `fn` itself awaited is judged by the request it made instead.
 */
export function handedInUnauthorized(condition: ts.Expression, fn: FunctionLike): ts.Identifier | undefined {
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined || isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && equalities.has(node.operatorToken.kind)) {
      const left = skipOuter(node.left);
      const right = skipOuter(node.right);
      const other = isUnauthorized(left) ? right : isUnauthorized(right) ? left : undefined;
      if (other !== undefined && !isUnauthorized(other)) {
        const root = rootOfChain(other);
        if (ts.isIdentifier(root) && handedIn(root, fn, 0)) found = root;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(condition);
  return found;
}

function isUnauthorized(node: ts.Expression): boolean {
  return ts.isNumericLiteral(node) && Number(node.text) === unauthorized;
}

/** A parameter of `fn` (or of a function around it), or a local of `fn` taken from one without an `await`. */
function handedIn(identifier: ts.Identifier, fn: FunctionLike, depth: number): boolean {
  const declaration = findDeclaration(identifier);
  if (declaration === undefined || depth > 3) return false;
  let binding: ts.Node = declaration;
  while (
    ts.isBindingElement(binding) ||
    ts.isObjectBindingPattern(binding) ||
    ts.isArrayBindingPattern(binding)
  )
    binding = binding.parent;
  if (ts.isParameter(binding)) return isFunctionLike(binding.parent) && isWithin(fn, binding.parent);
  if (!ts.isVariableDeclaration(binding) || binding.initializer === undefined) return false;
  if (enclosingFunction(binding) !== fn) return false;
  const init = skipOuter(binding.initializer);
  if (ts.isAwaitExpression(init)) return false;
  const root = rootOfChain(init);
  return ts.isIdentifier(root) && handedIn(root, fn, depth + 1);
}

/**
 * Whether the value a write stores comes from one of `awaits` (the refresh): the write contains the `await`
 * (`this.token = await refresh()`), or mentions a local initialised from it (`const fresh = await refresh();
 * storeToken(fresh)`), or a parameter of the callback that continues it (`refresh().then((fresh) => …)`). Awaits of
 * the answer's own body (`await error.response.json()`) are not work that produces a credential.
 */
export function storesAwaitedValue(
  write: ts.Node,
  awaits: readonly ts.Expression[],
  continuations: ReadonlyMap<ts.Expression, readonly FunctionLike[]>,
  answer: ts.Identifier,
): boolean {
  const produced = awaits.filter((wait) => !readsAnswer(wait, answer));
  if (produced.some((wait) => isWithin(wait, write))) return true;
  let found = false;
  forEachDescendant(write, (node) => {
    if (found) return 'skip';
    if (!ts.isIdentifier(node)) return undefined;
    const declaration = findDeclaration(node);
    if (declaration === undefined) return undefined;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
      const init = declaration.initializer;
      found = produced.some((wait) => isWithin(wait, init) && !continuations.has(wait));
    } else if (ts.isParameter(declaration)) {
      found = produced.some((wait) =>
        (continuations.get(wait) ?? []).some((callback) => callback === declaration.parent),
      );
    }
    return undefined;
  });
  return found;
}

/** `await response.json()`, `await error.response.text()`: the wait reads the answer itself. */
function readsAnswer(wait: ts.Expression, answer: ts.Identifier): boolean {
  const operand = skipOuter(ts.isAwaitExpression(wait) ? wait.expression : wait);
  const target = ts.isCallExpression(operand) ? skipOuter(operand.expression) : operand;
  const root = rootOfChain(target);
  return ts.isIdentifier(root) && root.text === answer.text;
}
