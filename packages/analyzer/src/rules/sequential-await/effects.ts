/**
 * Effects that make a loop's order the point, beyond data flow: each iteration writes to the terminal (parallel
 * iterations would interleave their output), or the loop works on a resource the function holds open across it (the
 * rows, LOBs or pages of one result set or cursor, released in the enclosing `try`'s `catch`/`finally`).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, skipOuter } from '../../analysis/syntax/expressions.js';
import { isFunctionLike } from '../../analysis/syntax/functions.js';
import { findDeclaration, importSource } from '../../analysis/syntax/scope.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';

/** Calls that release a held resource: `close()`, `closeResultSet()`, `release()`, `destroy()`, `dispose()`. */
const releaseCall = /^(close|release|destroy|dispose)/i;

/**
 * Whether `root` writes to the terminal: `console.<method>(…)` (also `console[method](…)`), `process.stdout.write`,
 * `process.stderr.write`, or a call of a function of this file or of an imported module of the program (a `print`
 * helper) that does so itself.
 *
 * @example
 * ```ts
 * if (writesToTerminal(loop.statement, context.program)) return undefined; // output per item, in order
 * ```
 */
export function writesToTerminal(root: ts.Node, program: ts.Program): boolean {
  let found = false;
  forEachDescendant(root, (node) => {
    if (found) return 'skip';
    if (!ts.isCallExpression(node)) return undefined;
    if (isTerminalWrite(node) || callsTerminalWriter(node, program)) found = true;
    return undefined;
  });
  return found;
}

function isTerminalWrite(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return false;
  const receiver = skipOuter(callee.expression);
  if (ts.isIdentifier(receiver) && receiver.text === 'console') return true;
  return (
    calleeName(call) === 'write' &&
    ts.isPropertyAccessExpression(receiver) &&
    /^(stdout|stderr)$/.test(receiver.name.text) &&
    ts.isIdentifier(receiver.expression) &&
    receiver.expression.text === 'process'
  );
}

/** The callee is a function (declared in this file, or a named import of a module in the program) that prints. */
function callsTerminalWriter(call: ts.CallExpression, program: ts.Program): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const declaration = findDeclaration(callee);
  if (declaration === undefined) return false;
  let fn: ts.Node | undefined;
  if (ts.isFunctionDeclaration(declaration)) fn = declaration;
  else if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const value = skipOuter(declaration.initializer);
    if (isFunctionLike(value)) fn = value;
  } else if (ts.isImportSpecifier(declaration)) {
    fn = importedFunction(declaration, program);
  }
  if (fn === undefined || !isFunctionLike(fn) || fn.body === undefined) return false;
  let prints = false;
  forEachDescendant(fn.body, (node) => {
    if (prints) return 'skip';
    if (ts.isCallExpression(node) && isTerminalWrite(node)) prints = true;
    return undefined;
  });
  return prints;
}

/** The exported function declaration an import specifier names, when its module is a file of the program. */
function importedFunction(
  specifier: ts.ImportSpecifier,
  program: ts.Program,
): ts.FunctionDeclaration | undefined {
  const moduleName = importSource(specifier);
  if (moduleName === undefined || !moduleName.startsWith('.')) return undefined;
  const file = specifier.getSourceFile();
  const resolved = ts.resolveModuleName(moduleName, file.fileName, program.getCompilerOptions(), ts.sys)
    .resolvedModule?.resolvedFileName;
  const target = resolved === undefined ? undefined : program.getSourceFile(resolved);
  if (target === undefined) return undefined;
  const name = (specifier.propertyName ?? specifier.name).text;
  for (const statement of target.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body !== undefined)
      return statement;
  }
  return undefined;
}

/**
 * Whether `loop` runs inside a `try` whose `catch` or `finally` releases a resource (`closeResultSet()`,
 * `connection.release()`): the loop works on something held open for it, one round trip at a time.
 *
 * @example
 * ```ts
 * if (holdsResourceAcross(loop)) return undefined;
 * ```
 */
export function holdsResourceAcross(loop: ts.Node): boolean {
  for (
    let child = loop, parent = loop.parent;
    !ts.isSourceFile(parent);
    child = parent, parent = parent.parent
  ) {
    if (isFunctionLike(parent)) return false;
    if (ts.isTryStatement(parent) && child === parent.tryBlock) {
      const handlers = [parent.catchClause?.block, parent.finallyBlock];
      if (handlers.some((block) => block !== undefined && releases(block))) return true;
    }
  }
  return false;
}

function releases(block: ts.Block): boolean {
  let found = false;
  forEachDescendant(block, (node) => {
    if (found) return 'skip';
    if (ts.isCallExpression(node) && releaseCall.test(calleeName(node) ?? '')) found = true;
    return undefined;
  });
  return found;
}
