/**
 * What an awaited call does, for `sequential-await`: whether awaiting it waits for anything at all, and, when the
 * callee is a function of the program, what state it reads and writes. Two awaits are ordered by data when the first
 * writes what the second reads or writes (or the reverse), whatever the functions are called; a call whose callee is
 * outside the program (a library) is judged by the names of what it calls, the only thing we can see of it.
 *
 * The callee's body is read with everything it calls in the program (followed a few calls deep), callbacks included:
 * - **state** is named by where it lives: a variable declared outside the callee (module state, or a closure's
 *   captured variable), a field of the object the call is made on (`this.x` in a method is `<receiver>.x`), an
 *   argument the callee writes through (`target.items.push(…)` writes the caller's `target`), and an external store
 *   reached through a client (`db.users.create(…)` writes the store `db`; `db.users.find(…)` reads it). A write is
 *   an assignment, `++`/`--`, `delete`, or a mutating method (`push`, `set` …); a keyed `set`/`add`/`delete` with a key
 *   computed from the callee's own input fills its own entry and is not a write. Whether a library call on a store
 *   writes is decided by its name (`create`, `update`, `insert` …, SQL that is not a `SELECT`): the library's body is
 *   not in the program.
 * - **idle work**: awaiting a call whose type is not a thenable (a synchronous function: `await` costs a microtask,
 *   there is nothing to overlap), or a call of an `async` function of the program that does only CPU work (no
 *   library call that returns a thenable, no `new Promise`, no await of anything that may be I/O, in it or in what it
 *   calls): running those "concurrently" gains nothing.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, calleeReceiver, rootOfChain, skipOuter } from '../../analysis/syntax/expressions.js';
import { isFunctionLike, type FunctionLike } from '../../analysis/syntax/functions.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { isThenableType } from '../../analysis/types/promise-types.js';
import { soleCallSignature } from '../../analysis/types/quick-types.js';
import { inputsOf, writeThrough } from './own-state.js';

/** The work an `await` starts: a call, a `new`, or a tagged template (`` sql`…` ``). */
export type Work = ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;

/** What one awaited call does (see the module comment). */
export interface CalleeModel {
  /** The callee's body is in the program, so `reads`, `writes` and `ordered` come from it, not from names. */
  readonly inProgram: boolean;
  /** Awaiting the call waits for no I/O: a synchronous function, or an async one of the program that only computes. */
  readonly idle: boolean;
  /** State the call (or what it calls) reads, by location (see {@link locationOf}). */
  readonly reads: ReadonlySet<string>;
  /** State the call (or what it calls) writes, by location. */
  readonly writes: ReadonlySet<string>;
  /** The callee (or what it calls) makes a library call whose order is the point (a sleep, a lock, a stream write). */
  readonly ordered: boolean;
  /**
   * The call is a check that may deny: the callee, or a function it calls, makes a call whose signature asserts
   * (`asserts target`) or never returns. What follows such a call is meant to wait for its verdict. Only known for
   * functions of the program. (A `throw` of the callee's own is not enough: `if (!res.ok) throw …` reports a failed
   * request, not a deny.)
   */
  readonly denies: boolean;
}

/** Questions about library calls, which only their names answer. */
export interface LibraryNames {
  /** A library call whose order is the point: a stream write, a sleep, a lock, a shell command. */
  readonly isOrdered: (call: ts.CallExpression) => boolean;
  /**
   * A library call that orders whatever runs around it, also from inside a function of the program: a sleep (pacing
   * a rate limit), a lock, a prompt. Narrower than `isOrdered`: a stream write or an assertion deep in a helper
   * orders nothing outside it.
   */
  readonly ordersCallers: (call: ts.CallExpression) => boolean;
  /** A library call (or tagged template) that changes the store it is made on: `create`, `insert`, `UPDATE …`. */
  readonly changesStore: (work: ts.CallExpression | ts.TaggedTemplateExpression) => boolean;
}

/** How many calls deep the program's own functions are followed. */
const maxDepth = 4;

/** Keyed methods that fill or drop one entry: with a key from the callee's input, each call has its own entry. */

interface Effects {
  reads: Set<string>;
  writes: Set<string>;
  ordered: boolean;
  io: boolean;
  /** A call with an assertion signature (or one that never returns) is made. */
  asserts: boolean;
}

/** How the callee's names map to the caller's locations: `this`, and each parameter to its argument's location. */
interface Binding {
  readonly self: string | undefined;
  /** `param:<index>` → the argument's location in the caller (undefined for a fresh value). */
  readonly parameters: ReadonlyMap<string, string | undefined>;
}

/** One analysis per checker (one program): callee bodies read once, whatever the call site. */
const cachesByChecker = new WeakMap<ts.TypeChecker, Map<ts.Node, Effects>>();

/**
 * The model of `work` (see {@link CalleeModel}).
 *
 * @example
 * ```ts
 * const first = calleeModel(checker, pair.first.work, names);
 * if (first.idle) return false; // awaiting it waits for nothing
 * ```
 */
export function calleeModel(checker: ts.TypeChecker, work: Work, names: LibraryNames): CalleeModel {
  if (waitsForNothing(checker, work)) {
    return {
      inProgram: false,
      idle: true,
      reads: new Set(),
      writes: new Set(),
      ordered: false,
      denies: false,
    };
  }
  const fn = ts.isNewExpression(work) ? undefined : programCallee(checker, work);
  if (fn === undefined) {
    const effects: Effects = {
      reads: new Set(),
      writes: new Set(),
      ordered: false,
      io: true,
      asserts: false,
    };
    libraryEffects(checker, work, new Map(), effects, names);
    const { asserts: _asserts, ...rest } = effects;
    return { inProgram: false, idle: false, ...rest, denies: false };
  }
  const effects = bodyEffects(checker, fn, names, new Set(), 0);
  const binding = bindingOf(checker, fn, work, new Map());
  return {
    inProgram: true,
    idle: !effects.io,
    reads: rebind(effects.reads, binding),
    writes: rebind(effects.writes, binding),
    ordered: effects.ordered,
    denies: effects.asserts,
  };
}

/**
 * Types a call can have when its signature asserts or never returns: an assertion signature returns `void`, one that
 * never returns `never`; an optional chain adds `undefined`; a call the checker cannot type is `any` or `unknown`.
 */
const assertingCallTypes =
  ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never | ts.TypeFlags.Any | ts.TypeFlags.Unknown;

/**
 * The call's signature asserts its argument (`asserts x`, `asserts x is T`) or never returns (`never`). A call's type
 * is its resolved signature's return type, so a call typed otherwise (a promise, a string…) does neither: the
 * signature is asked only for the rest (the call's type is one of the types the native engine asks in advance, its
 * signature a question of its own).
 */
function assertsOrNeverReturns(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const type = checker.getTypeAtLocation(call);
  const members = type.isUnion() ? type.types : [type];
  if (members.every((member) => (member.flags & assertingCallTypes) === 0)) return false;
  // Typed `void`/`undefined` only: the return type is not `never`, so the kind of predicate answers, which the
  // callee's only signature shares with the resolved one.
  const sole = members.every((member) => (member.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) !== 0)
    ? soleCallSignature(checker, call)
    : undefined;
  if (sole !== undefined) return isAssertion(checker.getTypePredicateOfSignature(sole));
  const signature = checker.getResolvedSignature(call);
  if (signature === undefined) return false;
  if (isAssertion(checker.getTypePredicateOfSignature(signature))) return true;
  return (checker.getReturnTypeOfSignature(signature).flags & ts.TypeFlags.Never) !== 0;
}

/** True for an assertion predicate (`asserts x`, `asserts x is T`, `asserts this`). */
function isAssertion(predicate: ts.TypePredicate | undefined): boolean {
  return (
    predicate !== undefined &&
    (predicate.kind === ts.TypePredicateKind.AssertsIdentifier ||
      predicate.kind === ts.TypePredicateKind.AssertsThis)
  );
}

/**
 * Whether two models touch the same state with at least one write: the first writes what the second reads or
 * writes, or the second writes what the first reads.
 *
 * @example
 * ```ts
 * if (conflicts(first, second)) return false; // the second depends on the first's side effect
 * ```
 */
export function conflicts(first: CalleeModel, second: CalleeModel): boolean {
  for (const location of first.writes)
    if (second.reads.has(location) || second.writes.has(location)) return true;
  for (const location of second.writes) if (first.reads.has(location)) return true;
  return false;
}

/**
 * Awaiting `work` waits for nothing: its type is known and is not a thenable (`await parse(text)` of a synchronous
 * `parse`). `any`, `unknown` and type parameters may be promises.
 */
function waitsForNothing(checker: ts.TypeChecker, work: Work): boolean {
  const type = checker.getTypeAtLocation(work);
  const open =
    ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeVariable | ts.TypeFlags.NonPrimitive;
  const parts = type.isUnion() ? type.types : [type];
  if (parts.some((part) => (part.flags & open) !== 0)) return false;
  // `{}` and other open object types may hold a promise.
  if (parts.some((part) => part.flags & ts.TypeFlags.Object && part.getProperties().length === 0))
    return false;
  return !isThenableType(checker, type);
}

/**
 * The function of the program a call runs: the declaration of its resolved signature, or the function a variable,
 * property or import names, when its body is in a source file of the program (not a declaration file).
 */
function programCallee(
  checker: ts.TypeChecker,
  call: ts.CallExpression | ts.TaggedTemplateExpression,
): FunctionLike | undefined {
  let declaration: ts.Node | undefined = (
    (ts.isCallExpression(call) ? soleCallSignature(checker, call) : undefined) ??
    checker.getResolvedSignature(call)
  )?.declaration;
  if (declaration === undefined || !isFunctionLike(declaration) || declaration.body === undefined) {
    const callee = ts.isCallExpression(call) ? skipOuter(call.expression) : skipOuter(call.tag);
    const named = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let symbol = checker.getSymbolAtLocation(named);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias)
      symbol = checker.getAliasedSymbol(symbol);
    declaration = symbol?.valueDeclaration;
    if (
      declaration !== undefined &&
      (ts.isVariableDeclaration(declaration) ||
        ts.isPropertyAssignment(declaration) ||
        ts.isPropertyDeclaration(declaration)) &&
      declaration.initializer !== undefined
    )
      declaration = skipOuter(declaration.initializer);
  }
  if (declaration === undefined || !isFunctionLike(declaration) || declaration.body === undefined)
    return undefined;
  if (declaration.getSourceFile().isDeclarationFile) return undefined;
  return declaration;
}

/** What `fn`'s body does, in the callee's own terms (`this.x` is `this.x`, a parameter is `param:<position>`). */
function bodyEffects(
  checker: ts.TypeChecker,
  fn: FunctionLike,
  names: LibraryNames,
  seen: Set<ts.Node>,
  depth: number,
): Effects {
  let cache = cachesByChecker.get(checker);
  if (cache === undefined) {
    cache = new Map();
    cachesByChecker.set(checker, cache);
  }
  const cached = cache.get(fn);
  if (cached !== undefined) return cached;
  // Too deep, or a cycle: what is not read may do anything, so count it as I/O (a cycle adds no new effect).
  if (depth >= maxDepth)
    return { reads: new Set(), writes: new Set(), ordered: false, io: true, asserts: false };
  if (seen.has(fn)) return { reads: new Set(), writes: new Set(), ordered: false, io: false, asserts: false };
  seen.add(fn);
  const effects: Effects = { reads: new Set(), writes: new Set(), ordered: false, io: false, asserts: false };
  const parameters = new Map<ts.Node, string>();
  for (const [index, parameter] of fn.parameters.entries()) parameters.set(parameter, `param:${index}`);
  const body = fn.body as ts.Node;
  const inputs = inputsOf(fn);
  const visit = (node: ts.Node): 'skip' | undefined => {
    if (node.kind === ts.SyntaxKind.ThisKeyword) {
      const location = thisLocation(node);
      if (location !== undefined) record(effects, location, isWritten(node, inputs));
      return undefined;
    }
    if (ts.isIdentifier(node)) {
      const location = outerLocation(checker, node, fn, parameters);
      if (location !== undefined) record(effects, location, isWritten(node, inputs));
      return undefined;
    }
    if (ts.isAwaitExpression(node)) {
      const operand = skipOuter(node.expression);
      // An awaited value that is not a call (a field holding a pending promise, a parameter) may be I/O.
      if (
        !ts.isCallExpression(operand) &&
        !ts.isTaggedTemplateExpression(operand) &&
        !ts.isNewExpression(operand)
      )
        effects.io ||= !knownNotThenable(checker, operand);
      return undefined;
    }
    if (ts.isForOfStatement(node) && node.awaitModifier !== undefined) effects.io = true;
    if (ts.isNewExpression(node)) {
      const created = skipOuter(node.expression);
      if (ts.isIdentifier(created) && created.text === 'Promise') effects.io = true;
      return undefined;
    }
    if (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) {
      if (ts.isCallExpression(node) && !effects.asserts && assertsOrNeverReturns(checker, node))
        effects.asserts = true;
      const callee = programCallee(checker, node);
      if (callee === undefined) {
        libraryEffects(checker, node, parameters, effects, names, fn);
        return undefined;
      }
      const inner = bodyEffects(checker, callee, names, seen, depth + 1);
      const binding = bindingOf(checker, callee, node, parameters, fn);
      // The callee's view of the caller's own variables (a nested helper writing a local) stays inside the caller.
      for (const location of rebind(inner.reads, binding))
        if (!isOwnVariable(fn, location)) effects.reads.add(location);
      for (const location of rebind(inner.writes, binding))
        if (!isOwnVariable(fn, location)) effects.writes.add(location);
      effects.ordered ||= inner.ordered;
      effects.io ||= inner.io;
      effects.asserts ||= inner.asserts;
    }
    return undefined;
  };
  // An arrow's expression body is itself a node to read (`async (id) => this.http.get(id)`).
  visit(body);
  forEachDescendant(body, visit);
  seen.delete(fn);
  cache.set(fn, effects);
  return effects;
}

/** A library call inside a body (or awaited itself): its order, the store it reads or writes, whether it is I/O. */
function libraryEffects(
  checker: ts.TypeChecker,
  work: Work,
  parameters: ReadonlyMap<ts.Node, string>,
  effects: Effects,
  names: LibraryNames,
  inside?: FunctionLike,
): void {
  if (ts.isNewExpression(work)) return;
  if (ts.isCallExpression(work) && (inside === undefined ? names.isOrdered(work) : names.ordersCallers(work)))
    effects.ordered = true;
  const name = ts.isCallExpression(work) ? calleeName(work) : undefined;
  // `.then`/`.catch`/`.finally` continue a promise: the chain waits for it.
  if (name === 'then' || name === 'catch' || name === 'finally') effects.io = true;
  else if (!effects.io && !knownNotThenable(checker, work)) effects.io = true;
  const store = ts.isCallExpression(work) ? calleeReceiver(work) : work.tag;
  // An in-memory collection (`Map`, `Set`, an array) is state, not a store: its writes are read as writes.
  if (store === undefined || isStandardCollection(checker, store)) return;
  // A store is reached through a client kept in module state, a field, a parameter or a library object; a value a
  // function made itself (`const headers = new Headers()`) or a library namespace (`Y.applyUpdate(doc, …)`) is not.
  const root = rootOfChain(store);
  if (inside !== undefined && ts.isIdentifier(root)) {
    const declaration = declarationOf(checker, root);
    if (declaration === undefined || isNamespace(checker, root)) return;
    if (!ts.isParameter(declaration) && enclosingFunctionOf(declaration) !== undefined) return;
  }
  const location = rootLocation(checker, store, parameters);
  if (location === undefined || location.startsWith('global:')) return;
  record(effects, `store:${location}`, names.changesStore(work));
}

/** A variable declared inside `fn` (named `var:<file>:<position>`, possibly as a store). */
function isOwnVariable(fn: FunctionLike, location: string): boolean {
  const match = /^(?:store:)?var:(.*):(\d+)$/.exec(location);
  if (match === null) return false;
  const position = Number(match[2]);
  return match[1] === fn.getSourceFile().fileName && position >= fn.pos && position < fn.end;
}

function enclosingFunctionOf(node: ts.Node): FunctionLike | undefined {
  for (let current = node.parent; !ts.isSourceFile(current); current = current.parent)
    if (isFunctionLike(current)) return current;
  return undefined;
}

/** `Y` of `import * as Y from 'yjs'`, or a namespace: a module's functions, not an object with state. */
function isNamespace(checker: ts.TypeChecker, identifier: ts.Identifier): boolean {
  const symbol = checker.getSymbolAtLocation(identifier);
  if (symbol === undefined) return false;
  const declaration = symbol.declarations?.[0];
  if (declaration !== undefined && ts.isNamespaceImport(declaration)) return true;
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) !== 0;
}

/** Collections of the standard library, written through their methods (`push`, `set` …). */
const collections = new Set([
  'Array',
  'ReadonlyArray',
  'Map',
  'ReadonlyMap',
  'Set',
  'ReadonlySet',
  'WeakMap',
  'WeakSet',
]);

function isStandardCollection(checker: ts.TypeChecker, receiver: ts.Expression): boolean {
  const symbol = checker.getTypeAtLocation(receiver).getSymbol();
  return (
    symbol !== undefined &&
    collections.has(symbol.name) &&
    (symbol.declarations ?? []).some((declaration) =>
      /\/typescript\/lib\/lib\.[\w.]+\.d\.ts$/.test(declaration.getSourceFile().fileName),
    )
  );
}

/** The value of `expression` is known not to be a thenable (its type says so). */
function knownNotThenable(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(expression);
  const parts = type.isUnion() ? type.types : [type];
  const open = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeVariable;
  return !parts.some((part) => (part.flags & open) !== 0) && !isThenableType(checker, type);
}

function record(effects: Effects, location: string, written: boolean): void {
  if (written) effects.writes.add(location);
  else effects.reads.add(location);
}

/** `this.x` → `this.x`; a bare `this` (passed along, spread) → `this`. */
function thisLocation(self: ts.Node): string | undefined {
  const parent = self.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === self) return `this.${parent.name.text}`;
  return 'this';
}

/**
 * The location an identifier inside `fn` names when it is state outside `fn`: a parameter (`param:<index>`), or a
 * variable declared outside `fn` (`var:<file>:<position>`), imports followed to what they import. Locals, functions
 * and classes name no state.
 */
function outerLocation(
  checker: ts.TypeChecker,
  identifier: ts.Identifier,
  fn: FunctionLike,
  parameters: ReadonlyMap<ts.Node, string>,
): string | undefined {
  const parent = identifier.parent;
  // A property name (`a.b`'s `b`, `{ b: 1 }`'s `b`) or a declaration's own name is not a reference.
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return undefined;
  if (
    (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) &&
    parent.name === identifier
  )
    return undefined;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isBindingElement(parent)) &&
    parent.name === identifier
  )
    return undefined;
  const declaration = declarationOf(checker, identifier);
  if (declaration === undefined) return undefined;
  const owner = ts.isBindingElement(declaration) ? enclosingParameter(declaration) : declaration;
  if (owner !== undefined && parameters.has(owner)) return parameters.get(owner);
  if (isWithin(declaration, fn)) return undefined;
  if (
    !ts.isVariableDeclaration(declaration) &&
    !ts.isBindingElement(declaration) &&
    !ts.isParameter(declaration)
  )
    return undefined;
  if (declaration.getSourceFile().isDeclarationFile) return undefined;
  return `var:${declaration.getSourceFile().fileName}:${declaration.pos}`;
}

function enclosingParameter(element: ts.BindingElement): ts.ParameterDeclaration | undefined {
  let node: ts.Node = element;
  while (ts.isBindingElement(node) || ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node))
    node = node.parent;
  return ts.isParameter(node) ? node : undefined;
}

function declarationOf(checker: ts.TypeChecker, identifier: ts.Identifier): ts.Declaration | undefined {
  let symbol = checker.getSymbolAtLocation(identifier);
  if (ts.isShorthandPropertyAssignment(identifier.parent))
    symbol = checker.getShorthandAssignmentValueSymbol(identifier.parent);
  if (symbol === undefined) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol.valueDeclaration ?? symbol.declarations?.[0];
}

/**
 * The location at the root of a member chain, in the caller's terms: `this` (with its first field), a parameter
 * mapped through `parameters`, a variable of the program, or a library object (an import or a global, by its name).
 */
function rootLocation(
  checker: ts.TypeChecker,
  expression: ts.Expression,
  parameters: ReadonlyMap<ts.Node, string | undefined>,
): string | undefined {
  let current = skipOuter(expression);
  let firstField: string | undefined;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    if (ts.isPropertyAccessExpression(current)) firstField = current.name.text;
    current = skipOuter(current.expression);
  }
  if (current.kind === ts.SyntaxKind.ThisKeyword)
    return firstField === undefined ? 'this' : `this.${firstField}`;
  if (!ts.isIdentifier(current)) return undefined;
  const declaration = declarationOf(checker, current);
  if (declaration === undefined) return `global:${current.text}`;
  const owner = ts.isBindingElement(declaration) ? enclosingParameter(declaration) : declaration;
  if (owner !== undefined && parameters.has(owner)) return parameters.get(owner);
  if (declaration.getSourceFile().isDeclarationFile) return `lib:${current.text}`;
  return `var:${declaration.getSourceFile().fileName}:${declaration.pos}`;
}

/**
 * How a call binds the callee's `this` and parameters to the caller's locations. `outer` maps the caller's own
 * parameters when the caller is itself a callee being read.
 */
function bindingOf(
  checker: ts.TypeChecker,
  callee: FunctionLike,
  call: Work,
  outer: ReadonlyMap<ts.Node, string | undefined>,
  caller?: FunctionLike,
): Binding {
  let self: string | undefined;
  if (ts.isCallExpression(call)) {
    const receiver = calleeReceiver(call);
    if (receiver !== undefined) self = rootLocation(checker, receiver, outer);
  }
  // A nested function of the caller (an arrow in a method) shares the caller's `this`.
  if (self === undefined && caller !== undefined && ts.isArrowFunction(callee)) self = 'this';
  const parameters = new Map<string, string | undefined>();
  const args = ts.isCallExpression(call) ? call.arguments : [];
  for (const [index, argument] of args.entries()) {
    const value = skipOuter(argument);
    // A fresh value (a literal, a call's result) is the callee's own.
    const location =
      ts.isIdentifier(value) ||
      ts.isPropertyAccessExpression(value) ||
      value.kind === ts.SyntaxKind.ThisKeyword
        ? rootLocation(checker, value, outer)
        : undefined;
    parameters.set(`param:${index}`, location);
  }
  return { self, parameters };
}

/** The callee's locations in the caller's terms: `this.x` on the receiver, `param:i` as the argument's location. */
function rebind(locations: ReadonlySet<string>, binding: Binding): Set<string> {
  const out = new Set<string>();
  for (const location of locations) {
    const store = location.startsWith('store:') ? 'store:' : '';
    const place = location.slice(store.length);
    let mapped: string | undefined = place;
    // The callee's own object: its fields stay apart when it is the caller's `this`, else the object is one place.
    if (place === 'this' || place.startsWith('this.'))
      mapped = binding.self === 'this' ? place : binding.self;
    else if (place.startsWith('param:')) mapped = binding.parameters.get(place);
    if (mapped !== undefined) out.add(`${store}${mapped}`);
  }
  return out;
}

/**
 * `node` (an identifier or `this`) is the root of a write: `x = …`, `x.y = …`, `x++`, `delete x.y`, `x.items.push(…)`;
 * not a keyed `x.set(key, …)`/`x[key] = …` whose key comes from the callee's input (`inputs`).
 */
function isWritten(node: ts.Node, inputs: ReadonlySet<string>): boolean {
  const target = writeThrough(node, inputs, true);
  return target !== undefined && !isLazyInitialization(target);
}

/**
 * `x ??= create()`, `x ||= create()`, or `x = create()` under a test of `x` (`if (!x) …`): a value made once and
 * kept (a lazily created client). Every call then sees the same value, whichever runs first: not state that orders
 * two calls.
 */
function isLazyInitialization(target: ts.Node): boolean {
  const assignment = target.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.left !== target) return false;
  const operator = assignment.operatorToken.kind;
  if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken)
    return true;
  if (operator !== ts.SyntaxKind.EqualsToken) return false;
  const text = target.getText();
  for (let node: ts.Node = assignment; !isFunctionLike(node) && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isIfStatement(node.parent) && node.parent.thenStatement === node) {
      const tested = findDescendant(
        node.parent.expression,
        (child) =>
          (ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) && child.getText() === text,
      );
      if (tested !== undefined || node.parent.expression.getText() === text) return true;
    }
  }
  return false;
}
