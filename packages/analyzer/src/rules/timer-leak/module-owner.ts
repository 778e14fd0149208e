/**
 * The module as the owner of a timer: a file whose exported API has an end (an exported `close`/`destroy`/`stop`, or
 * an exported function that releases the module's own state: closes a module-level connection, clears a module-level
 * timer) owns the timers its code arms into module state. A timer whose handle the end cannot reach (dropped, or kept
 * in a module variable that only the arming code clears) keeps running after the module was closed. Also: an
 * exported function that starts an interval and drops its handle starts one more, that nothing can stop, on every
 * call. Internal to the `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  rootOfChain,
  skipOuter,
  skipOuterUp,
} from '../../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration, initializedVariable } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant } from '../../analysis/syntax/walk.js';
import { clearedHandle } from './timer-calls.js';

/**
 * A member of the module's exported API, with the name it is exported under and the function it is, when the file
 * tells (`destroy: hub.destroy` names a function the file does not resolve).
 */
export interface ExportedFunction {
  readonly name: string;
  readonly node: FunctionLike | undefined;
}

/** The function a module-level name declares (`function f`, `const f = () => …`), if any. */
function moduleFunction(name: ts.Identifier): FunctionLike | undefined {
  const declaration = findDeclaration(name);
  if (declaration === undefined || enclosingFunction(declaration) !== undefined) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const value = skipOuter(declaration.initializer);
    return isFunctionLike(value) ? value : undefined;
  }
  return undefined;
}

/** The function an exported value is: written there, or named. */
function exportedValue(value: ts.Expression): FunctionLike | undefined {
  let inner = skipOuter(value);
  while (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken)
    inner = skipOuter(inner.right);
  if (isFunctionLike(inner)) return inner;
  return ts.isIdentifier(inner) ? moduleFunction(inner) : undefined;
}

/** True for `exports`, `module.exports`. */
function isExportsObject(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return inner.text === 'exports' && findDeclaration(inner) === undefined;
  return (
    ts.isPropertyAccessExpression(inner) &&
    inner.name.text === 'exports' &&
    ts.isIdentifier(inner.expression) &&
    inner.expression.text === 'module'
  );
}

/**
 * The functions a module exports: ES `export function f`, `export const f = …`, `export { f }`; CommonJS
 * `exports.f = …`, `module.exports.f = …`, `module.exports = { f, g: … }`.
 */
export function exportedFunctions(sourceFile: ts.SourceFile): ExportedFunction[] {
  const found: ExportedFunction[] = [];
  const add = (name: string, node: FunctionLike | undefined): void => {
    found.push({ name, node });
  };
  // The members of an exported object: `module.exports = { f, g: … }`, `export default { … }`, or a module variable
  // holding such an object (`module.exports = api`).
  const addObject = (value: ts.Expression): void => {
    let object = skipOuter(value);
    if (ts.isIdentifier(object)) {
      const variable = initializedVariable(object);
      if (variable === undefined || enclosingFunction(variable) !== undefined) return;
      object = skipOuter(variable.initializer);
    }
    if (!ts.isObjectLiteralExpression(object)) return;
    for (const property of object.properties) {
      if (ts.isShorthandPropertyAssignment(property)) add(property.name.text, moduleFunction(property.name));
      else if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name))
        add(property.name.text, exportedValue(property.initializer));
      else if (ts.isMethodDeclaration(property) && ts.isIdentifier(property.name))
        add(property.name.text, property);
    }
  };
  const exported = (statement: ts.Statement): boolean =>
    (ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined)?.some(
      (modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword,
    ) === true;
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name !== undefined && exported(statement)) {
      add(statement.name.text, statement);
    } else if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer !== undefined)
          add(declaration.name.text, exportedValue(declaration.initializer));
      }
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier === undefined &&
      statement.exportClause !== undefined &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        const local = element.propertyName ?? element.name;
        if (ts.isIdentifier(local)) add(element.name.text, moduleFunction(local));
      }
    } else if (ts.isExpressionStatement(statement)) {
      const expression = skipOuter(statement.expression);
      if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken)
        continue;
      const left = skipOuter(expression.left);
      if (ts.isPropertyAccessExpression(left) && isExportsObject(left.expression)) {
        add(left.name.text, exportedValue(expression.right));
        continue;
      }
      if (isExportsObject(left)) addObject(expression.right);
    } else if (ts.isExportAssignment(statement) && statement.isExportEquals !== true) {
      addObject(statement.expression);
    }
  }
  return found;
}

/** True when `identifier` names module state: a variable, import or function declared at the module's top level. */
function isModuleState(identifier: ts.Identifier): boolean {
  const declaration = findDeclaration(identifier);
  return (
    declaration !== undefined &&
    !ts.isParameter(declaration) &&
    enclosingFunction(declaration) === undefined &&
    !ts.isClassLike(declaration)
  );
}

/** Calls that end a resource, when made on module state (`db.close()`, `clearInterval(sweep)`). */
const endingCalls = new Set([
  'close',
  'destroy',
  'end',
  'terminate',
  'disconnect',
  'quit',
  'abort',
  'dispose',
]);

/**
 * True when a function's code ends module state: clears a timer kept in a module variable, or closes a connection,
 * server or stream the module holds (`pool.end()`, `server.close()`).
 */
function endsModuleState(fn: FunctionLike): boolean {
  if (fn.body === undefined) return false;
  return (
    findDescendant(fn.body, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const cleared = clearedHandle(node);
      if (cleared !== undefined) {
        const root = rootOfChain(skipOuter(cleared));
        return ts.isIdentifier(root) && isModuleState(root);
      }
      const name = calleeName(node);
      if (name === undefined || !endingCalls.has(name)) return false;
      const receiver = calleeReceiver(node);
      const root = receiver === undefined ? undefined : rootOfChain(skipOuter(receiver));
      return root !== undefined && ts.isIdentifier(root) && isModuleState(root);
    }) !== undefined
  );
}

/** The exported members that end the module: named as an end, or functions ending module state. */
export function moduleTeardowns(
  sourceFile: ts.SourceFile,
  endingNames: ReadonlySet<string>,
): ExportedFunction[] {
  return exportedFunctions(sourceFile).filter(
    (entry) => endingNames.has(entry.name) || (entry.node !== undefined && endsModuleState(entry.node)),
  );
}

/** The module-level function whose code runs `node` (the outermost function around it), if any. */
export function outermostFunction(node: ts.Node): FunctionLike | undefined {
  let outer: FunctionLike | undefined;
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) outer = fn;
  return outer;
}

/**
 * The code a module's end runs: the teardowns and the module functions they call, transitively (`close() {
 * stopSweep(); … }`).
 */
export function moduleEndingCode(teardowns: readonly ts.Node[]): ts.Node[] {
  const reached = new Set<ts.Node>(teardowns);
  const queue: ts.Node[] = [...teardowns];
  while (queue.length > 0) {
    const current = queue.pop();
    if (current === undefined) break;
    forEachDescendant(current, (node) => {
      if (!ts.isCallExpression(node)) return undefined;
      const callee = skipOuter(node.expression);
      const target = ts.isIdentifier(callee) ? moduleFunction(callee) : undefined;
      if (target !== undefined && !reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
      return undefined;
    });
  }
  return [...reached];
}

/** True when `fn` is exported by its module (ES or CommonJS), so other modules call it as often as they like. */
export function isExported(fn: FunctionLike): boolean {
  // Nested functions are not the module's API.
  if (enclosingFunction(fn) !== undefined) return false;
  return exportedFunctions(fn.getSourceFile()).some((entry) => entry.node === fn);
}

/** True when a timer call's handle is `unref()`-ed on the call itself (`setInterval(…).unref()`). */
export function isUnrefedCall(call: ts.CallExpression): boolean {
  const parent = skipOuterUp(call).parent;
  return ts.isPropertyAccessExpression(parent) && parent.name.text === 'unref';
}
