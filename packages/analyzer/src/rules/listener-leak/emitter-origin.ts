/**
 * Where an emitter comes from, seen from the function that adds a listener to it, and so whether it outlives that
 * call: a global (`process`, `window`), a module-level object, a field of `this`, the instance itself, a parameter
 * (of this function or an outer one), or an object the code creates. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  memberName,
  normalizedText,
  rootOfChain,
  skipOuter,
  skipOuterUp,
} from '../../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  type FunctionLike,
  isFunctionLike,
  programFunction,
} from '../../analysis/syntax/functions.js';
import { bindingHolder, findDeclaration, moduleOf } from '../../analysis/syntax/scope.js';
import { findDescendant, findInFunction, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { globalTargets } from './registration.js';

/** Where an emitter comes from. */
export type Origin =
  | { readonly kind: 'global' | 'module' | 'field' | 'self' | 'local' }
  | { readonly kind: 'parameter'; readonly parameter: ts.ParameterDeclaration };

/** Methods that end an emitter's life: its listeners go with it. */
export const endMethods = new Set([
  'close',
  'destroy',
  'end',
  'kill',
  'terminate',
  'abort',
  'disconnect',
  'quit',
  'dispose',
]);

/**
 * Where `target` comes from, seen from `fn`. With a checker, a call's value is followed into the program's function
 * it runs, in this file or another, a method too (`settings.eventBus()`, `poolFor(options)`): an object that function
 * keeps and hands back again (a field, a module-level object or cache entry) outlives the call; without one, only the
 * functions of this file are followed.
 */
export function emitterOrigin(
  target: ts.Expression,
  fn: FunctionLike,
  depth = 0,
  checker?: ts.TypeChecker,
): Origin {
  const inner = skipOuter(target);
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return { kind: 'self' };
  if (createdByOwner(target, fn, checker, depth)) return { kind: 'local' };
  const root = rootOfChain(target);
  if (root.kind === ts.SyntaxKind.ThisKeyword) return { kind: 'field' };
  // `announce(topic).on('message', …)`: what a function of the file hands back (a module-level client).
  if (ts.isCallExpression(root) && depth < 4) return returnedOrigin(root, depth + 1, checker);
  if (!ts.isIdentifier(root)) return { kind: 'local' };
  // `const self = this`: the instance under another name.
  if (isAliasOfThis(root)) return { kind: ts.isIdentifier(inner) ? 'self' : 'field' };
  const declaration = findDeclaration(root);
  if (declaration === undefined) return { kind: globalTargets.has(root.text) ? 'global' : 'local' };
  if (ts.isParameter(declaration)) return parameterOrigin(declaration);
  if (ts.isBindingElement(declaration)) {
    // `const { signal } = options`: the origin of the object it is taken from.
    const holder = bindingHolder(declaration);
    if (ts.isParameter(holder)) return parameterOrigin(holder);
    if (ts.isVariableDeclaration(holder) && holder.initializer !== undefined && depth < 4) {
      const from = skipOuter(holder.initializer);
      if (ts.isIdentifier(from) || ts.isPropertyAccessExpression(from))
        return emitterOrigin(from, fn, depth + 1, checker);
    }
    return { kind: 'local' };
  }
  if (enclosingFunction(declaration) === undefined) return { kind: 'module' };
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && depth < 4) {
    const initializer = skipOuter(declaration.initializer);
    // `const emitter = this.emitter`, `const signal = options.signal`: an alias of something older than the call.
    if (ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer)) {
      return emitterOrigin(initializer, fn, depth + 1, checker);
    }
    // `const pool = poolFor(options)`: an object the called function keeps and hands back on every call.
    if (checker !== undefined && ts.isCallExpression(initializer)) {
      const kept = returnedOrigin(initializer, depth + 1, checker);
      if (kept.kind !== 'local') return kept;
    }
    // `const conn = this.idle.pop()` put back later, `const peer = peers.get(id)`: an element of a collection older
    // than the call, which keeps it (with its listeners) after the call.
    const collection = heldCollection(initializer, declaration, fn);
    if (collection !== undefined) {
      const from = emitterOrigin(collection, fn, depth + 1, checker);
      if (from.kind !== 'local') return from;
    }
  }
  return { kind: 'local' };
}

/** Reads that leave the element in its collection (`Map`/`Array` lookups). */
const keepingReads = new Set(['get', 'find', 'findLast', 'at']);
/** Reads that take the element out (`Array` `pop`/`shift`), and the writes that put one back. */
const takingReads = new Set(['pop', 'shift']);
const putsBack = new Set(['push', 'unshift', 'set', 'add']);

/**
 * The collection an element is read from, when the collection keeps it after the call: a lookup (`get`, `find`, `at`)
 * on it, or a `pop`/`shift` that `fn` undoes by putting the same variable back (`this.idle.push(conn)`: a pool).
 */
function heldCollection(
  initializer: ts.Expression,
  variable: ts.VariableDeclaration,
  fn: FunctionLike,
): ts.Expression | undefined {
  if (!ts.isCallExpression(initializer) || !ts.isIdentifier(variable.name)) return undefined;
  const callee = skipOuter(initializer.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const read = callee.name.text;
  const collection = callee.expression;
  if (!ts.isIdentifier(collection) && !ts.isPropertyAccessExpression(collection)) return undefined;
  if (keepingReads.has(read)) return collection;
  if (!takingReads.has(read)) return undefined;
  const sourceFile = fn.getSourceFile();
  const text = normalizedText(collection, sourceFile);
  const name = variable.name.text;
  const putBack = findDescendant(outermostFunction(fn), (node) => {
    if (!ts.isCallExpression(node)) return false;
    const put = skipOuter(node.expression);
    return (
      ts.isPropertyAccessExpression(put) &&
      putsBack.has(put.name.text) &&
      normalizedText(put.expression, sourceFile) === text &&
      node.arguments.some((argument) => {
        const value = skipOuter(argument);
        return ts.isIdentifier(value) && value.text === name;
      })
    );
  });
  return putBack === undefined ? undefined : collection;
}

/** The outermost function around `fn` (`fn` itself at module level). */
export function outermostFunction(fn: FunctionLike): FunctionLike {
  let result = fn;
  for (let current = enclosingFunction(fn); current !== undefined; current = enclosingFunction(current))
    result = current;
  return result;
}

/**
 * Where the value a call comes from, when every `return` of the function it runs hands back something that outlives
 * the call: a module-level object or cache entry (`pools[key] ?? (pools[key] = new Pool())`), a global, or — for a
 * function read through the checker, a method or one in another file — a field of its instance that the call does not
 * replace (`eventBus() { return this.bus; }`). Otherwise (a new object, a parameter, a function we cannot see) local.
 */
function returnedOrigin(call: ts.CallExpression, depth: number, checker?: ts.TypeChecker): Origin {
  if (depth > 4) return { kind: 'local' };
  const callee = calledProgramFunction(call, checker);
  if (callee === undefined || callee.body === undefined) return { kind: 'local' };
  // Each value with the return that hands it back (what runs only while missing is judged from there).
  const returned: [ts.Expression, ts.Node][] = [];
  const body = callee.body;
  if (!ts.isBlock(body))
    returned.push(...handedBack(body).map((value): [ts.Expression, ts.Node] => [value, body]));
  else
    forEachDescendant(body, (node) => {
      if (isFunctionLike(node)) return 'skip';
      if (ts.isReturnStatement(node) && node.expression !== undefined)
        returned.push(...handedBack(node.expression).map((value): [ts.Expression, ts.Node] => [value, node]));
      return undefined;
    });
  const kinds = returned.map(([value, at]) => {
    const root = rootOfChain(value);
    // Followed through the checker only: a field the function keeps (not one it fills anew on this call: made only
    // while missing counts as kept), or the instance itself (`return this`), lives as long as the object the call
    // was made on.
    if (checker !== undefined && root.kind === ts.SyntaxKind.ThisKeyword)
      return recreatedIn(value, callee, at) ? 'local' : 'field';
    // A module-level variable or cache entry (`pools[key]`), filled only while missing: kept for the next calls.
    if (ts.isIdentifier(root) && !recreatedIn(value, callee, at)) {
      const declaration = findDeclaration(root);
      if (declaration !== undefined && enclosingFunction(declaration) === undefined) return 'module';
    }
    return emitterOrigin(value, callee, depth, checker).kind;
  });
  if (kinds.length === 0 || kinds.some((kind) => kind === 'local' || kind === 'parameter' || kind === 'self'))
    return { kind: 'local' };
  if (kinds.includes('field')) return { kind: 'field' };
  return { kind: kinds.includes('module') ? 'module' : 'global' };
}

/** The program's function a call runs: one of this file by name, or with a checker any function or method it can read. */
function calledProgramFunction(call: ts.CallExpression, checker?: ts.TypeChecker): FunctionLike | undefined {
  const local = localFunction(call);
  if (local !== undefined || checker === undefined) return local;
  const callee = skipOuter(call.expression);
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  const declaration = symbol === undefined ? undefined : programFunction(symbol, checker);
  return declaration !== undefined && isFunctionLike(declaration) ? declaration : undefined;
}

/**
 * The values a returned expression can hand back: each branch of `a ? b : c`, both sides of `a ?? b` / `a || b`, and
 * for an assignment (`pools[key] = new Pool()`) the place it stores into, which keeps the value after the call.
 */
function handedBack(expression: ts.Expression): ts.Expression[] {
  const inner = skipOuter(expression);
  if (ts.isConditionalExpression(inner))
    return [...handedBack(inner.whenTrue), ...handedBack(inner.whenFalse)];
  if (ts.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken)
      return [...handedBack(inner.left), ...handedBack(inner.right)];
    if (
      operator === ts.SyntaxKind.EqualsToken ||
      operator === ts.SyntaxKind.QuestionQuestionEqualsToken ||
      operator === ts.SyntaxKind.BarBarEqualsToken
    )
      return [inner.left];
  }
  return [inner];
}

/** A parameter hands in an emitter from outside, except the argument of a callback (a per-connection socket). */
function parameterOrigin(parameter: ts.ParameterDeclaration): Origin {
  const owner = parameter.parent;
  if (isFunctionLike(owner) && (isCallbackArgument(owner) || onlyPassedAsValue(owner)))
    return { kind: 'local' };
  return { kind: 'parameter', parameter };
}

/** `emitter.on('connection', (socket) => …)`, `items.forEach((item) => …)`: a function given to a call. */
function isCallbackArgument(fn: FunctionLike): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let outer: ts.Node = fn;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const parent = outer.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== outer;
}

/**
 * A function of the module that its file never calls and does not export, only hands over (`queryFn: fetchTodos`):
 * the code that calls it makes its arguments per call, like a callback's.
 */
function onlyPassedAsValue(fn: FunctionLike): boolean {
  const name = ts.isFunctionDeclaration(fn)
    ? fn.name
    : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
      ? fn.parent.name
      : undefined;
  if (name === undefined) return false;
  const holder = ts.isFunctionDeclaration(fn) ? fn : fn.parent.parent.parent;
  const modifiers = ts.canHaveModifiers(holder) ? ts.getModifiers(holder) : undefined;
  if (modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return false;
  const uses: ('call' | 'value')[] = [];
  forEachDescendant(fn.getSourceFile(), (node) => {
    if (!ts.isIdentifier(node) || node === name || node.text !== name.text) return;
    const outer = skipOuterUp(node);
    const parent = outer.parent;
    const called = ts.isCallExpression(parent) && parent.expression === outer;
    // `export { f }`, `module.exports = { f }`: other modules may call it.
    const exported =
      ts.isExportSpecifier(parent) ||
      ts.isExportAssignment(parent) ||
      (ts.isShorthandPropertyAssignment(parent) && ts.isBinaryExpression(parent.parent.parent)) ||
      (ts.isBinaryExpression(parent) && parent.right === outer && isExportsTarget(parent.left));
    uses.push(called || exported ? 'call' : 'value');
  });
  return uses.length > 0 && uses.every((use) => use === 'value');
}

/**
 * True when `value` makes a new object (`new X()`, `spawn(…)`, `x.connect()`), unless — with a checker — the call runs
 * a function of the program that hands back an object it keeps (`config.eventBus()` returning `this.bus`).
 */
function isNewObject(value: ts.Expression, checker?: ts.TypeChecker, depth = 0): boolean {
  const inner = skipOuter(
    ts.isAwaitExpression(skipOuter(value)) ? (skipOuter(value) as ts.AwaitExpression).expression : value,
  );
  if (ts.isNewExpression(inner)) return true;
  if (!ts.isCallExpression(inner)) return false;
  return checker === undefined || returnedOrigin(inner, depth + 1, checker).kind === 'local';
}

/**
 * True when `target` is an object the code owns: assigned a new object (`x = new Client()`, `this.child = spawn(…)`)
 * in the functions around `fn`, or — for `this.x` and `this.x.y` — anywhere in the class (a field initializer too).
 */
export function createdByOwner(
  target: ts.Expression,
  fn: FunctionLike,
  checker?: ts.TypeChecker,
  depth = 0,
): boolean {
  const sourceFile = fn.getSourceFile();
  const texts = chainTexts(target);
  let scope: ts.Node = fn;
  for (let current = enclosingFunction(fn); current !== undefined; current = enclosingFunction(current))
    scope = current;
  if (rootOfChain(target).kind === ts.SyntaxKind.ThisKeyword) scope = owningClass(fn) ?? scope;
  return (
    findDescendant(scope, (node) => {
      if (ts.isPropertyDeclaration(node) && node.initializer !== undefined) {
        const name =
          ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name) ? node.name.text : undefined;
        return (
          name !== undefined && texts.has(`this.${name}`) && isNewObject(node.initializer, checker, depth)
        );
      }
      return (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        texts.has(normalizedText(node.left, sourceFile)) &&
        isNewObject(node.right, checker, depth)
      );
    }) !== undefined
  );
}

/**
 * True when `fn` itself (nested functions included) assigns `target` a new object: each run listens on a new one.
 * With `registration`, an assignment made only when the emitter is missing (`if (!this.server) this.server = …`)
 * counts only for a registration in the same branch: one after it runs on every call, on the emitter kept from the
 * first.
 */
export function recreatedIn(target: ts.Expression, fn: FunctionLike, registration?: ts.Node): boolean {
  const sourceFile = fn.getSourceFile();
  const texts = chainTexts(target);
  return (
    findDescendant(fn, (node) => {
      if (
        !ts.isBinaryExpression(node) ||
        node.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
        !texts.has(normalizedText(node.left, sourceFile)) ||
        !isNewObject(node.right)
      )
        return false;
      if (registration === undefined) return true;
      const branch = missingGuard(node, texts, fn);
      return branch === undefined || isWithin(registration, branch);
    }) !== undefined ||
    (ts.isIdentifier(skipOuter(target)) && declaredWithNewObjectIn(skipOuter(target) as ts.Identifier, fn))
  );
}

/**
 * The branch around `assignment`, inside `fn`, that runs it only when the emitter is missing: the body of
 * `if (!x)`, `if (x == null)`, `if (x === undefined)`, `if (!x || …)` with no `else`; the `c` of `x ? x : c`; the right
 * side of `x || c` / `x ?? c`.
 */
function missingGuard(assignment: ts.Node, texts: Set<string>, fn: FunctionLike): ts.Node | undefined {
  const sourceFile = fn.getSourceFile();
  const names = (expression: ts.Expression): boolean => texts.has(normalizedText(expression, sourceFile));
  const saysMissing = (condition: ts.Expression): boolean => {
    const inner = skipOuter(condition);
    if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken)
      return names(inner.operand);
    if (!ts.isBinaryExpression(inner)) return false;
    const operator = inner.operatorToken.kind;
    if (operator === ts.SyntaxKind.BarBarToken) return saysMissing(inner.left) || saysMissing(inner.right);
    if (operator !== ts.SyntaxKind.EqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsEqualsToken)
      return false;
    const [value, other] = isNothing(inner.right) ? [inner.left, inner.right] : [inner.right, inner.left];
    return isNothing(other) && names(value);
  };
  for (let current: ts.Node = assignment; current.parent !== fn; current = current.parent) {
    const parent = current.parent;
    if (
      ts.isIfStatement(parent) &&
      parent.elseStatement === undefined &&
      parent.thenStatement === current &&
      saysMissing(parent.expression)
    )
      return current;
    if (ts.isConditionalExpression(parent)) {
      if (parent.whenTrue === current && saysMissing(parent.condition)) return current;
      if (parent.whenFalse === current && names(parent.condition)) return current;
    }
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === current &&
      (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) &&
      names(parent.left)
    )
      return current;
  }
  return undefined;
}

function declaredWithNewObjectIn(identifier: ts.Identifier, fn: FunctionLike): boolean {
  const declaration = findDeclaration(identifier);
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    enclosingFunction(declaration) === fn &&
    isNewObject(declaration.initializer)
  );
}

/**
 * True when the emitter exists before `fn` starts: a field of the instance, or a variable declared outside `fn` (an
 * outer function's, the module's), so that each run of `fn` adds to the same one (unless it makes a new one itself).
 */
export function madeBeforeTheRun(target: ts.Expression, fn: FunctionLike): boolean {
  const root = rootOfChain(target);
  if (root.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (!ts.isIdentifier(root)) return false;
  if (isAliasOfThis(root)) return true;
  const declaration = findDeclaration(root);
  return declaration === undefined || !isWithin(declaration, fn);
}

/** True when code under `scope` ends the emitter (`child.kill()`, `socket.destroy()`): its listeners die with it. */
export function endsEmitter(target: ts.Expression, scope: ts.Node): boolean {
  const sourceFile = target.getSourceFile();
  const texts = chainTexts(target);
  return (
    findDescendant(scope, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const name = memberName(node.expression);
      const callee = skipOuter(node.expression);
      return (
        name !== undefined &&
        endMethods.has(name) &&
        ts.isPropertyAccessExpression(callee) &&
        texts.has(normalizedText(callee.expression, sourceFile))
      );
    }) !== undefined
  );
}

/**
 * True when `fn` lets the emitter go: it reads it from a field of the instance (`this.socket`, an entry
 * `this.peers[id]`, or an object kept there: `const { conn } = this.bound`) and clears that field in its own code
 * (`this.bound = null`, `= undefined`, `delete this.peers[id]`). The code drops its last hold on the emitter, so a
 * listener it adds there (a sink for the late errors of a connection being closed) goes with it: one per emitter,
 * not one per run on an emitter that stays.
 */
export function letGoIn(target: ts.Expression, fn: FunctionLike): boolean {
  const holders = fieldsHolding(target, fn);
  if (holders.size === 0) return false;
  const sourceFile = fn.getSourceFile();
  const body = fn.body;
  if (body === undefined) return false;
  return (
    findInFunction(body, (node) => {
      if (ts.isDeleteExpression(node)) return holders.has(normalizedText(node.expression, sourceFile));
      return (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        isNothing(node.right) &&
        holders.has(normalizedText(node.left, sourceFile))
      );
    }) !== undefined
  );
}

/** The texts of the instance's fields (`this.x`, `this.x[key]`) that `target` is read from, seen from `fn`. */
function fieldsHolding(target: ts.Expression, fn: FunctionLike): Set<string> {
  const sourceFile = fn.getSourceFile();
  const fields = new Set<string>();
  const addChain = (expression: ts.Expression): void => {
    for (let current = skipOuter(expression); ; current = skipOuter(current.expression)) {
      const root = rootOfChain(current);
      const ofInstance =
        root.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(root) && isAliasOfThis(root));
      if (ofInstance && current !== root) fields.add(normalizedText(current, sourceFile));
      if (!ts.isPropertyAccessExpression(current) && !ts.isElementAccessExpression(current)) break;
    }
  };
  const inner = skipOuter(target);
  if (!ts.isIdentifier(inner)) {
    addChain(inner);
    return fields;
  }
  const declaration = findDeclaration(inner);
  if (declaration === undefined || enclosingFunction(declaration) !== fn) return fields;
  const holder = ts.isBindingElement(declaration) ? bindingHolder(declaration) : declaration;
  if (ts.isVariableDeclaration(holder) && holder.initializer !== undefined) addChain(holder.initializer);
  return fields;
}

/** `null`, `undefined`, `void 0`. */
function isNothing(value: ts.Expression): boolean {
  const inner = skipOuter(value);
  return (
    inner.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(inner) && inner.text === 'undefined') ||
    ts.isVoidExpression(inner)
  );
}

/** The class whose method (or field initializer) holds `node`. */
export function owningClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (ts.isClassLike(current)) return current;
  }
  return undefined;
}

/** `this.a.b` → `this.a.b`, `this.a`; an alias's texts too. */
function chainTexts(target: ts.Expression): Set<string> {
  const sourceFile = target.getSourceFile();
  const texts = new Set<string>();
  for (let current = skipOuter(target); ; current = skipOuter(current.expression)) {
    texts.add(normalizedText(current, sourceFile));
    if (!ts.isPropertyAccessExpression(current)) break;
  }
  return texts;
}

/**
 * True when the emitter is an `AbortSignal`: by its type, or where there is no type (JavaScript, `any`) by the
 * platform's own spelling of it (`options.signal`, a `signal` parameter).
 */
export function isAbortSignal(target: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getNonNullableType(checker.getTypeAtLocation(target));
  const parts = type.isUnion() ? type.types : [type];
  if (parts.some((part) => part.getSymbol()?.getName() === 'AbortSignal')) return true;
  if (!(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) return false;
  const inner = skipOuter(target);
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text === 'signal';
  return ts.isIdentifier(inner) && inner.text === 'signal';
}

/** `const self = this` (`var that = this`): a name for the instance. */
export function isAliasOfThis(identifier: ts.Identifier): boolean {
  const declaration = findDeclaration(identifier);
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    skipOuter(declaration.initializer).kind === ts.SyntaxKind.ThisKeyword
  );
}

/** `module.exports`, `module.exports.x`, `exports.x`. */
function isExportsTarget(left: ts.Expression): boolean {
  const text = normalizedText(left, left.getSourceFile());
  return text === 'module.exports' || text.startsWith('module.exports.') || text.startsWith('exports.');
}

/** The function a call runs when it names a function of its file (`cleanup()`, `finish(err)`). */
export function localFunction(call: ts.CallExpression): FunctionLike | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = findDeclaration(callee);
  if (declaration === undefined) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const value = skipOuter(declaration.initializer);
    return isFunctionLike(value) ? value : undefined;
  }
  return undefined;
}

/**
 * The emitter lives as long as the process whoever uses it: a global (`process`, `window`), or a singleton of a package
 * the module imports (`nock.emitter`, `mongoose.connection`), as opposed to an object of the program's own modules.
 */
export function isProcessWide(origin: Origin, target: ts.Expression): boolean {
  if (origin.kind === 'global') return true;
  if (origin.kind !== 'module') return false;
  const root = rootOfChain(target);
  if (!ts.isIdentifier(root)) return false;
  const source = moduleOf(root);
  return source !== undefined && !source.startsWith('.') && !source.startsWith('/');
}
