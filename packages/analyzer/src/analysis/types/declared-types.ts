/**
 * Answers from declarations: what the type annotations a member or a variable was declared with already say, read
 * without asking the checker to build the types they denote. Used by `quick-types.ts` before the checker's own
 * answer, which stays the fallback whenever the declarations do not settle the question.
 *
 * Why it pays: the type of `cursor.on` is the instantiation of a generic, overloaded method of a generic base class
 * (hundreds of types on mongodb's event emitters), but every overload is declared to return `this`; that
 * `socket.setTimeout(ms)` takes a number, or that `options` was declared `FindOptions` (an interface without call
 * signatures), is written in the source. The checker is asked only for names (symbols), never for the type of a
 * member or an annotation.
 *
 * Two questions, each with a conservative answer (undefined: cannot tell from the declarations):
 * - {@link returnShape}: is a value of this declared type never a thenable (`plain`), or the receiver (`this`)?
 * - {@link neverCallable}: does this declared type have no call signatures, even where control flow narrows it?
 *
 * Checked against the checker's own answers over every expression of mongodb's sources and of this repository
 * (about 155,000, no difference) and by `test/analysis/quick-types.test.ts`. One case differs by design: a value
 * declared with a non-callable object type that a user-defined type guard (or `instanceof`) narrows to an
 * intersection with a function type is taken as never callable; the same holds for the per-symbol answers that
 * `quick-types.ts` has given since before these helpers existed.
 *
 * Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';

/**
 * What a declared type says about thenables: `plain` never is one, `thenable` always is one (whatever its type
 * arguments), `this` is the receiver of the call.
 */
export type ReturnShape = 'plain' | 'thenable' | 'this' | undefined;

interface Caches {
  readonly returns: WeakMap<ts.Node, ReturnShape>;
  readonly callable: WeakMap<ts.Node, boolean>;
  /** Per class or interface symbol: can an instance have `then` (undefined: cannot tell). */
  readonly thenables: WeakMap<ts.Symbol, boolean | undefined>;
  /** Per class or interface symbol: can an instance be called (undefined: cannot tell). */
  readonly callables: WeakMap<ts.Symbol, boolean | undefined>;
}

const cachesByChecker = new WeakMap<ts.TypeChecker, Caches>();

function cachesOf(checker: ts.TypeChecker): Caches {
  let caches = cachesByChecker.get(checker);
  if (caches === undefined) {
    caches = {
      returns: new WeakMap(),
      callable: new WeakMap(),
      thenables: new WeakMap(),
      callables: new WeakMap(),
    };
    cachesByChecker.set(checker, caches);
  }
  return caches;
}

/** Keyword types that cannot gain a call signature by narrowing (`any`, `unknown` and `object` can). */
const uncallableKeywords = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.VoidKeyword,
  ts.SyntaxKind.UndefinedKeyword,
  ts.SyntaxKind.NeverKeyword,
  ts.SyntaxKind.BooleanKeyword,
  ts.SyntaxKind.StringKeyword,
  ts.SyntaxKind.NumberKeyword,
  ts.SyntaxKind.BigIntKeyword,
  ts.SyntaxKind.SymbolKeyword,
]);

/** Keyword types whose values are never thenables: those, and `any`, `unknown`, `object` (no declared `then`). */
const plainKeywords = new Set<ts.SyntaxKind>([
  ...uncallableKeywords,
  ts.SyntaxKind.AnyKeyword,
  ts.SyntaxKind.UnknownKeyword,
  ts.SyntaxKind.ObjectKeyword,
]);

/** How deep aliases and heritage are followed before giving up. */
const maxDepth = 8;

/**
 * What the type written at `node` says about thenables: `plain` when no value of it can be a thenable (keywords,
 * literals, arrays, functions, object types and classes or interfaces without a `then` member anywhere in their
 * declarations and bases, whatever their type arguments), `thenable` when it is (or has as a member of a union or
 * intersection) a class or interface whose `then` method takes a callback (`Promise<T>`, `PromiseLike<T>`), `this`
 * when it is the polymorphic `this` (possibly in a union with plain types), `plain` for a conditional type whose
 * two branches are plain, undefined otherwise (type parameters, mapped and indexed types, other conditional types).
 */
export function returnShape(checker: ts.TypeChecker, node: ts.TypeNode): ReturnShape {
  return returnShapeAt(checker, cachesOf(checker), node, 0);
}

function returnShapeAt(
  checker: ts.TypeChecker,
  caches: Caches,
  node: ts.TypeNode,
  depth: number,
): ReturnShape {
  return memoized(caches.returns, node, depth, undefined, () =>
    computeReturnShape(checker, caches, node, depth),
  );
}

function computeReturnShape(
  checker: ts.TypeChecker,
  caches: Caches,
  node: ts.TypeNode,
  depth: number,
): ReturnShape {
  if (plainKeywords.has(node.kind)) return 'plain';
  switch (node.kind) {
    case ts.SyntaxKind.ThisType:
      return 'this';
    case ts.SyntaxKind.LiteralType:
    case ts.SyntaxKind.TemplateLiteralType:
    case ts.SyntaxKind.TypePredicate:
    case ts.SyntaxKind.ArrayType:
    case ts.SyntaxKind.TupleType:
    case ts.SyntaxKind.FunctionType:
    case ts.SyntaxKind.ConstructorType:
      return 'plain';
    case ts.SyntaxKind.ParenthesizedType:
      return returnShapeAt(checker, caches, (node as ts.ParenthesizedTypeNode).type, depth + 1);
    case ts.SyntaxKind.TypeOperator: {
      const operator = node as ts.TypeOperatorNode;
      if (operator.operator === ts.SyntaxKind.ReadonlyKeyword)
        return returnShapeAt(checker, caches, operator.type, depth + 1);
      return 'plain'; // keyof T: string | number | symbol; unique symbol
    }
    case ts.SyntaxKind.UnionType:
    case ts.SyntaxKind.IntersectionType: {
      const union = node.kind === ts.SyntaxKind.UnionType;
      const members = (node as ts.UnionOrIntersectionTypeNode).types;
      // `any` absorbs both; `unknown` absorbs a union, `never` an intersection: none of them is a thenable.
      const absorbing = union
        ? [ts.SyntaxKind.AnyKeyword, ts.SyntaxKind.UnknownKeyword]
        : [ts.SyntaxKind.AnyKeyword, ts.SyntaxKind.NeverKeyword];
      if (members.some((member) => absorbing.includes(member.kind))) return 'plain';
      const shapes = members.map((member) => returnShapeAt(checker, caches, member, depth + 1));
      // Every member known: one thenable makes the whole a thenable (a union has it as a member, an intersection
      // its `then` method beside members that declare none).
      if (shapes.includes(undefined)) return undefined;
      if (shapes.includes('thenable')) return union || !shapes.includes('this') ? 'thenable' : undefined;
      return shapes.includes('this') ? 'this' : 'plain';
    }
    case ts.SyntaxKind.TypeLiteral:
      return (node as ts.TypeLiteralNode).members.every((member) => !mayBeNamedThen(checker, member.name))
        ? 'plain'
        : undefined;
    case ts.SyntaxKind.TypeReference:
      return referenceReturnShape(checker, caches, (node as ts.TypeReferenceNode).typeName, depth);
    case ts.SyntaxKind.ConditionalType: {
      // The value is one of the two branches (a union of them where it distributes), whatever the type arguments.
      const conditional = node as ts.ConditionalTypeNode;
      const shapes = [conditional.trueType, conditional.falseType].map((branch) =>
        returnShapeAt(checker, caches, branch, depth + 1),
      );
      return shapes.every((shape) => shape === 'plain') ? 'plain' : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The symbol a name refers to (a type, a heritage clause, a value), through import aliases; undefined when it does
 * not resolve. Asks the checker for the name only, never for a type.
 */
export function symbolNamedBy(checker: ts.TypeChecker, name: ts.Node): ts.Symbol | undefined {
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0)
    symbol = checker.getAliasedSymbol(symbol);
  return symbol;
}

function referenceReturnShape(
  checker: ts.TypeChecker,
  caches: Caches,
  name: ts.EntityName,
  depth: number,
): ReturnShape {
  const symbol = symbolNamedBy(checker, name);
  if (symbol === undefined) return undefined;
  if ((symbol.flags & ts.SymbolFlags.TypeAlias) !== 0) {
    const declaration = symbol.declarations?.find(ts.isTypeAliasDeclaration);
    return declaration === undefined
      ? undefined
      : returnShapeAt(checker, caches, declaration.type, depth + 1);
  }
  if ((symbol.flags & ts.SymbolFlags.Enum) !== 0) return 'plain';
  if ((symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) !== 0) {
    if (canHaveThen(checker, caches, symbol, depth) === false) return 'plain';
    return declaresCallbackThen(checker, symbol) ? 'thenable' : undefined;
  }
  return undefined;
}

/**
 * True when instances of a class or interface have a `then` method (its own or inherited, as the checker finds it)
 * of which some declaration takes a function first (`then(onfulfilled?: ((value: T) => …) | null)`): then every
 * instance is a thenable, whatever the type arguments.
 */
function declaresCallbackThen(checker: ts.TypeChecker, symbol: ts.Symbol): boolean {
  const declarations = instanceMember(checker, symbol, 'then');
  if (declarations === undefined) return false;
  if (!declarations.every((d) => ts.isMethodSignature(d) || ts.isMethodDeclaration(d))) return false;
  return declarations.some((declaration) => {
    const first = (declaration as ts.SignatureDeclarationBase).parameters.find(
      (p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'),
    );
    return first?.type !== undefined && acceptsFunction(first.type);
  });
}

/** True when a parameter annotation is a function type or a union with one (nullish members aside). */
function acceptsFunction(node: ts.TypeNode): boolean {
  if (ts.isParenthesizedTypeNode(node)) return acceptsFunction(node.type);
  if (ts.isFunctionTypeNode(node)) return true;
  return ts.isUnionTypeNode(node) && node.types.some(acceptsFunction);
}

/**
 * True when a member name may be `then`. A computed name may be anything, except a symbol: `[Symbol.iterator]`,
 * or a constant declared `unique symbol` or made by `Symbol(…)` (`[EventEmitter.captureRejectionSymbol]`).
 */
function mayBeNamedThen(checker: ts.TypeChecker, name: ts.PropertyName | undefined): boolean {
  if (name === undefined) return false;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name))
    return name.text === 'then';
  if (ts.isPrivateIdentifier(name) || ts.isNumericLiteral(name) || ts.isBigIntLiteral(name)) return false;
  return !isSymbolKey(checker, name.expression);
}

/** True when a computed member name is certainly a symbol. */
function isSymbolKey(checker: ts.TypeChecker, key: ts.Expression): boolean {
  if (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) return key.text !== 'then';
  if (ts.isNumericLiteral(key)) return true;
  if (!ts.isIdentifier(key) && !ts.isPropertyAccessExpression(key)) return false;
  if (
    ts.isPropertyAccessExpression(key) &&
    ts.isIdentifier(key.expression) &&
    key.expression.text === 'Symbol'
  ) {
    const global = checker.getSymbolAtLocation(key.expression);
    return global?.declarations?.every((d) => d.getSourceFile().isDeclarationFile) === true;
  }
  const symbol = symbolNamedBy(checker, ts.isPropertyAccessExpression(key) ? key.name : key);
  const declarations = symbol?.declarations;
  if (declarations === undefined || declarations.length === 0) return false;
  return declarations.every((declaration) => {
    if (
      !ts.isVariableDeclaration(declaration) &&
      !ts.isPropertyDeclaration(declaration) &&
      !ts.isPropertySignature(declaration)
    )
      return false;
    const annotation = declaration.type;
    if (annotation !== undefined) {
      return ts.isTypeOperatorNode(annotation) && annotation.operator === ts.SyntaxKind.UniqueKeyword;
    }
    const initializer = ts.isPropertySignature(declaration) ? undefined : declaration.initializer;
    if (initializer === undefined || !ts.isCallExpression(initializer)) return false;
    const callee = initializer.expression;
    return (
      (ts.isIdentifier(callee) && callee.text === 'Symbol') ||
      (ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'Symbol' &&
        callee.name.text === 'for')
    );
  });
}

/**
 * Whether an instance of a class or interface can have a `then` member: false when no declaration of it, nor of
 * any base it extends, declares one (or a member whose name may be `then`); undefined when a base cannot be read.
 */
function canHaveThen(
  checker: ts.TypeChecker,
  caches: Caches,
  symbol: ts.Symbol,
  depth: number,
): boolean | undefined {
  return memoized(caches.thenables, symbol, depth, undefined, () =>
    computeCanHaveThen(checker, caches, symbol, depth),
  );
}

/**
 * Answers a question about a type node or a class once. While it is being answered (a cycle through aliases or
 * bases) and past the depth limit, the answer is `unsure`, the conservative one.
 */
function memoized<K extends object, V>(
  cache: WeakMap<K, V>,
  key: K,
  depth: number,
  unsure: V,
  compute: () => V,
): V {
  if (cache.has(key)) return cache.get(key) as V;
  cache.set(key, unsure);
  const answer = depth > maxDepth ? unsure : compute();
  cache.set(key, answer);
  return answer;
}

function computeCanHaveThen(
  checker: ts.TypeChecker,
  caches: Caches,
  symbol: ts.Symbol,
  depth: number,
): boolean | undefined {
  let declared = false;
  for (const declaration of symbol.declarations ?? []) {
    if (!ts.isInterfaceDeclaration(declaration) && !ts.isClassLike(declaration)) continue;
    declared = true;
    for (const member of declaration.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>) {
      if (mayBeNamedThen(checker, member.name)) return true;
      if (ts.isConstructorDeclaration(member) && parameterProperties(member, 'then').length > 0) return true;
    }
    const bases = basesOf(checker, declaration);
    if (bases === undefined) return undefined;
    for (const base of bases) {
      const own = canHaveThen(checker, caches, base, depth + 1);
      if (own !== false) return own;
    }
  }
  return declared ? false : undefined;
}

/**
 * The class or interface symbols a declaration extends (a class's `implements` adds no members); undefined when
 * one is not a plain name (a mixin call) or does not resolve to a class or interface.
 */
function basesOf(
  checker: ts.TypeChecker,
  declaration: ts.InterfaceDeclaration | ts.ClassLikeDeclaration,
): ts.Symbol[] | undefined {
  const bases: ts.Symbol[] = [];
  for (const clause of declaration.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    for (const base of clause.types) {
      const expression = base.expression;
      if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression)) return undefined;
      const symbol = symbolNamedBy(checker, expression);
      if (symbol === undefined || (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) === 0)
        return undefined;
      bases.push(symbol);
    }
  }
  return bases;
}

/**
 * True when the type written at `node` has no call signature, and no narrowing of it can have one: primitives,
 * literals, arrays, constructor types, object types with members but no call signature, classes, enums, and
 * interfaces whose declarations and bases declare members but no call signature. False when it may be callable
 * (functions, type parameters, `any`, `unknown`, `object`, `{}`, mapped and conditional types…).
 */
export function neverCallable(checker: ts.TypeChecker, node: ts.TypeNode): boolean {
  return neverCallableAt(checker, cachesOf(checker), node, 0);
}

function neverCallableAt(checker: ts.TypeChecker, caches: Caches, node: ts.TypeNode, depth: number): boolean {
  return memoized(caches.callable, node, depth, false, () =>
    computeNeverCallable(checker, caches, node, depth),
  );
}

function computeNeverCallable(
  checker: ts.TypeChecker,
  caches: Caches,
  node: ts.TypeNode,
  depth: number,
): boolean {
  if (uncallableKeywords.has(node.kind)) return true;
  switch (node.kind) {
    case ts.SyntaxKind.LiteralType:
    case ts.SyntaxKind.TemplateLiteralType:
    case ts.SyntaxKind.ArrayType:
    case ts.SyntaxKind.TupleType:
    case ts.SyntaxKind.ConstructorType:
      return true;
    case ts.SyntaxKind.ParenthesizedType:
      return neverCallableAt(checker, caches, (node as ts.ParenthesizedTypeNode).type, depth + 1);
    case ts.SyntaxKind.TypeOperator: {
      const operator = node as ts.TypeOperatorNode;
      if (operator.operator === ts.SyntaxKind.ReadonlyKeyword)
        return neverCallableAt(checker, caches, operator.type, depth + 1);
      return true; // keyof T, unique symbol
    }
    case ts.SyntaxKind.UnionType:
    case ts.SyntaxKind.IntersectionType:
      return (node as ts.UnionOrIntersectionTypeNode).types.every((member) =>
        neverCallableAt(checker, caches, member, depth + 1),
      );
    case ts.SyntaxKind.TypeLiteral: {
      const members = (node as ts.TypeLiteralNode).members;
      return members.length > 0 && members.every((member) => !ts.isCallSignatureDeclaration(member));
    }
    case ts.SyntaxKind.TypeReference: {
      const symbol = symbolNamedBy(checker, (node as ts.TypeReferenceNode).typeName);
      if (symbol === undefined) return false;
      if ((symbol.flags & ts.SymbolFlags.TypeAlias) !== 0) {
        const declaration = symbol.declarations?.find(ts.isTypeAliasDeclaration);
        return declaration !== undefined && neverCallableAt(checker, caches, declaration.type, depth + 1);
      }
      if ((symbol.flags & ts.SymbolFlags.Enum) !== 0) return true;
      if ((symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) !== 0)
        return canBeCalled(checker, caches, symbol, depth) === false;
      return false;
    }
    default:
      return false;
  }
}

/**
 * Whether an instance of a class or interface can be called: false when some declaration (or base) declares a
 * member and none declares a call signature; undefined when a base cannot be read or nothing is declared (`{}`).
 */
function canBeCalled(
  checker: ts.TypeChecker,
  caches: Caches,
  symbol: ts.Symbol,
  depth: number,
): boolean | undefined {
  return memoized(caches.callables, symbol, depth, undefined, () =>
    computeCanBeCalled(checker, caches, symbol, depth),
  );
}

function computeCanBeCalled(
  checker: ts.TypeChecker,
  caches: Caches,
  symbol: ts.Symbol,
  depth: number,
): boolean | undefined {
  let members = false;
  for (const declaration of symbol.declarations ?? []) {
    if (ts.isInterfaceDeclaration(declaration)) {
      if (declaration.members.some(ts.isCallSignatureDeclaration)) return true;
      if (declaration.members.length > 0) members = true;
    } else if (ts.isClassLike(declaration)) {
      if (declaration.members.length > 0) members = true;
    } else {
      continue;
    }
    const bases = basesOf(checker, declaration);
    if (bases === undefined) return undefined;
    for (const base of bases) {
      const own = canBeCalled(checker, caches, base, depth + 1);
      if (own !== false) return own;
      members = true;
    }
  }
  return members ? false : undefined;
}

/**
 * The declarations of a callee as callables: for each, its own parameters and return type annotation. Undefined
 * when one is not a method, a function, or a property, variable or parameter annotated with a function type or with
 * `typeof` a function (vitest's `spyOn: typeof spyOn`; its signatures would otherwise have to come from the
 * checker), or is written in JavaScript (its types come from JSDoc).
 */
export function declaredSignatures(
  checker: ts.TypeChecker,
  declarations: readonly ts.Declaration[],
): readonly ts.SignatureDeclarationBase[] | undefined {
  return declaredSignaturesAt(checker, declarations, 0);
}

function declaredSignaturesAt(
  checker: ts.TypeChecker,
  declarations: readonly ts.Declaration[],
  depth: number,
): readonly ts.SignatureDeclarationBase[] | undefined {
  if (declarations.length === 0 || depth > maxDepth) return undefined;
  // With overloads, the implementation's own signature is not one callers can use.
  const overloaded = declarations.some(
    (d) => (ts.isMethodDeclaration(d) || ts.isFunctionDeclaration(d)) && d.body === undefined,
  );
  const signatures: ts.SignatureDeclarationBase[] = [];
  for (const declaration of declarations) {
    if (ts.isMethodDeclaration(declaration) || ts.isFunctionDeclaration(declaration)) {
      if (isJavaScript(declaration)) return undefined;
      if (!overloaded || declaration.body === undefined) signatures.push(declaration);
    } else if (ts.isMethodSignature(declaration)) {
      signatures.push(declaration);
    } else if (
      (ts.isPropertySignature(declaration) ||
        ts.isPropertyDeclaration(declaration) ||
        ts.isVariableDeclaration(declaration) ||
        ts.isParameter(declaration)) &&
      declaration.type !== undefined &&
      !isJavaScript(declaration)
    ) {
      const functions = functionTypesOf(checker, declaration.type, depth);
      if (functions === undefined) return undefined;
      signatures.push(...functions);
    } else {
      return undefined;
    }
  }
  return signatures;
}

/**
 * The signatures a property annotation denotes: function types, and the declared signatures of what `typeof f`
 * names (a function's overloads); members that cannot be called (`undefined`, `null`: a call narrows them away) are
 * ignored. Undefined when it is anything else (an instantiation expression `typeof f<string>` among them).
 */
function functionTypesOf(
  checker: ts.TypeChecker,
  node: ts.TypeNode,
  depth: number,
): ts.SignatureDeclarationBase[] | undefined {
  if (depth > maxDepth) return undefined;
  if (ts.isFunctionTypeNode(node)) return [node];
  if (ts.isTypeQueryNode(node)) {
    if (node.typeArguments !== undefined) return undefined;
    const declarations = symbolNamedBy(checker, node.exprName)?.declarations;
    if (declarations === undefined) return undefined;
    const signatures = declaredSignaturesAt(checker, declarations, depth + 1);
    return signatures === undefined ? undefined : [...signatures];
  }
  if (ts.isParenthesizedTypeNode(node)) return functionTypesOf(checker, node.type, depth + 1);
  if (node.kind === ts.SyntaxKind.UndefinedKeyword) return [];
  if (ts.isLiteralTypeNode(node) && node.literal.kind === ts.SyntaxKind.NullKeyword) return [];
  if (ts.isUnionTypeNode(node)) {
    const all: ts.SignatureDeclarationBase[] = [];
    for (const member of node.types) {
      const own = functionTypesOf(checker, member, depth + 1);
      if (own === undefined) return undefined;
      all.push(...own);
    }
    return all;
  }
  if (ts.isTypeReferenceNode(node)) {
    const symbol = symbolNamedBy(checker, node.typeName);
    if (symbol === undefined || (symbol.flags & ts.SymbolFlags.TypeAlias) === 0) return undefined;
    const declaration = symbol.declarations?.find(ts.isTypeAliasDeclaration);
    return declaration === undefined ? undefined : functionTypesOf(checker, declaration.type, depth + 1);
  }
  return undefined;
}

/**
 * What the declarations of a callee say its calls return: `plain` (never a thenable), `this` (the receiver) or
 * `thenable` (always one: annotated `Promise<T>`, or `async` without annotation) when every declared signature says
 * so; undefined otherwise (overloads that disagree, an inferred return type).
 */
export function declaredCallShape(
  checker: ts.TypeChecker,
  declarations: readonly ts.Declaration[],
): ReturnShape {
  const signatures = declaredSignatures(checker, declarations);
  if (signatures === undefined || signatures.length === 0) return undefined;
  const shapes = new Set<ReturnShape>();
  for (const signature of signatures) {
    let own: ReturnShape;
    if (signature.type !== undefined) own = returnShape(checker, signature.type);
    else if (isAsyncFunction(signature)) own = 'thenable';
    if (own === undefined) return undefined;
    shapes.add(own);
  }
  // Overloads that disagree about thenables leave it to the call's resolution.
  if (shapes.has('thenable')) return shapes.size === 1 ? 'thenable' : undefined;
  return shapes.has('this') ? 'this' : 'plain';
}

/** An `async` function or method that is not a generator (an async generator returns no thenable). */
function isAsyncFunction(signature: ts.SignatureDeclarationBase): boolean {
  if (!ts.isFunctionDeclaration(signature) && !ts.isMethodDeclaration(signature)) return false;
  if (signature.asteriskToken !== undefined) return false;
  return ts.getModifiers(signature)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) === true;
}

/**
 * True when no declared signature of the callee takes a callable at argument `index`: every one has a parameter
 * there annotated with a type that is never callable, or no parameter there at all (the argument then has no
 * contextual type). False when some may, or the declarations cannot tell.
 */
export function declaredSlotNeverCallable(
  checker: ts.TypeChecker,
  declarations: readonly ts.Declaration[],
  index: number,
): boolean {
  const signatures = declaredSignatures(checker, declarations);
  if (signatures === undefined || signatures.length === 0) return false;
  for (const signature of signatures) {
    const parameters = signature.parameters.filter(
      (p) => !(ts.isIdentifier(p.name) && p.name.text === 'this'),
    );
    const last = parameters[parameters.length - 1];
    let annotation: ts.TypeNode | undefined;
    if (last !== undefined && last.dotDotDotToken !== undefined && index >= parameters.length - 1) {
      // A rest parameter: the element type of a plain array annotation.
      const rest = last.type;
      if (rest === undefined) return false;
      if (ts.isArrayTypeNode(rest)) annotation = rest.elementType;
      else if (
        ts.isTypeReferenceNode(rest) &&
        ts.isIdentifier(rest.typeName) &&
        (rest.typeName.text === 'Array' || rest.typeName.text === 'ReadonlyArray') &&
        rest.typeArguments?.length === 1
      ) {
        annotation = rest.typeArguments[0];
      } else return false;
    } else {
      const parameter = parameters[index];
      if (parameter === undefined) continue; // past the last parameter: no contextual type
      annotation = parameter.type;
    }
    if (annotation === undefined || !neverCallable(checker, annotation)) return false;
  }
  return true;
}

/**
 * True when every declaration of a variable, parameter or property (all of a symbol's) says its value is never callable: each is
 * annotated with a never-callable type (see {@link neverCallable}). Functions, methods, and anything declared
 * without an annotation give false. Declarations in JavaScript files give false (their types come from JSDoc).
 */
export function declaredValueNeverCallable(
  checker: ts.TypeChecker,
  declarations: readonly ts.Declaration[],
): boolean {
  if (declarations.length === 0) return false;
  for (const declaration of declarations) {
    if (
      !ts.isVariableDeclaration(declaration) &&
      !ts.isParameter(declaration) &&
      !ts.isPropertyDeclaration(declaration) &&
      !ts.isPropertySignature(declaration)
    )
      return false;
    if (isJavaScript(declaration)) return false;
    const annotation = declaration.type;
    if (annotation === undefined || !neverCallable(checker, annotation)) return false;
  }
  return true;
}

/** True for a node of a JavaScript file, whose types come from JSDoc rather than annotations. */
function isJavaScript(node: ts.Node): boolean {
  return (node.flags & ts.NodeFlags.JavaScriptFile) !== 0;
}

/**
 * The class or interface whose instances every call of the callee returns, read from the return type annotations
 * of its declared signatures (each a reference to that same class or interface, with any type arguments, possibly
 * through type aliases); undefined when they do not all name one.
 */
export function declaredReturnClass(
  checker: ts.TypeChecker,
  declarations: readonly ts.Declaration[],
): ts.Symbol | undefined {
  const signatures = declaredSignatures(checker, declarations);
  if (signatures === undefined || signatures.length === 0) return undefined;
  let found: ts.Symbol | undefined;
  for (const signature of signatures) {
    const own = signature.type === undefined ? undefined : instanceClassOf(checker, signature.type, 0);
    if (own === undefined || (found !== undefined && own !== found)) return undefined;
    found = own;
  }
  return found;
}

/**
 * What every call of the callee returns, by the return type annotations of its declared signatures, as far as the
 * kind of object goes: `this` (the receiver itself: every signature is annotated with the polymorphic `this`, no
 * union), `primitive` (no object at all: keywords such as `void`, `boolean`, `string`, and literals), or the class
 * or interface every one names (see {@link instanceClassOf}). Undefined when the signatures disagree or one says
 * something else (then the call must be resolved).
 */
export function declaredCallResult(
  checker: ts.TypeChecker,
  declarations: readonly ts.Declaration[],
): 'this' | 'primitive' | ts.Symbol | undefined {
  const signatures = declaredSignatures(checker, declarations);
  if (signatures === undefined || signatures.length === 0) return undefined;
  let found: 'this' | 'primitive' | ts.Symbol | undefined;
  for (const signature of signatures) {
    const annotation = signature.type;
    if (annotation === undefined) return undefined;
    const own =
      annotation.kind === ts.SyntaxKind.ThisType
        ? 'this'
        : uncallableKeywords.has(annotation.kind) ||
            ts.isLiteralTypeNode(annotation) ||
            ts.isTemplateLiteralTypeNode(annotation) ||
            ts.isTypePredicateNode(annotation)
          ? 'primitive'
          : instanceClassOf(checker, annotation, 0);
    if (own === undefined || (found !== undefined && own !== found)) return undefined;
    found = own;
  }
  return found;
}

/**
 * The class or interface a type annotation names (through type aliases), or undefined. A conditional type is one of
 * its branches: it names the class both branches name (a `never` branch names none: a value of it has no members,
 * where the checker's answers differ from the class's).
 */
export function instanceClassOf(
  checker: ts.TypeChecker,
  node: ts.TypeNode,
  depth: number,
): ts.Symbol | undefined {
  if (depth > maxDepth) return undefined;
  if (ts.isParenthesizedTypeNode(node)) return instanceClassOf(checker, node.type, depth + 1);
  if (ts.isConditionalTypeNode(node)) {
    const whenTrue = instanceClassOf(checker, node.trueType, depth + 1);
    return whenTrue !== undefined && instanceClassOf(checker, node.falseType, depth + 1) === whenTrue
      ? whenTrue
      : undefined;
  }
  if (!ts.isTypeReferenceNode(node)) return undefined;
  const symbol = symbolNamedBy(checker, node.typeName);
  if (symbol === undefined) return undefined;
  if ((symbol.flags & ts.SymbolFlags.TypeAlias) !== 0) {
    const declaration = symbol.declarations?.find(ts.isTypeAliasDeclaration);
    return declaration === undefined ? undefined : instanceClassOf(checker, declaration.type, depth + 1);
  }
  return (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) !== 0 ? symbol : undefined;
}

/**
 * The declarations of the instance member `name` of a class or interface, as the checker finds it: the ones its
 * own declarations make (a class's static members aside), else the ones of the bases it extends. Undefined when
 * a base cannot be read, or no declaration names it (it may come from `Object`, an index signature, or a member
 * whose name is computed).
 */
export function instanceMember(
  checker: ts.TypeChecker,
  classSymbol: ts.Symbol,
  name: string,
): readonly ts.Declaration[] | undefined {
  const found = instanceMemberAt(checker, classSymbol, name, 0);
  return found === undefined || found.length === 0 ? undefined : found;
}

function instanceMemberAt(
  checker: ts.TypeChecker,
  classSymbol: ts.Symbol,
  name: string,
  depth: number,
): readonly ts.Declaration[] | undefined {
  if (depth > maxDepth) return undefined;
  const own: ts.Declaration[] = [];
  const bases: ts.Symbol[] = [];
  for (const declaration of classSymbol.declarations ?? []) {
    if (!ts.isInterfaceDeclaration(declaration) && !ts.isClassLike(declaration)) continue;
    for (const member of declaration.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>) {
      if (ts.isConstructorDeclaration(member)) {
        own.push(...parameterProperties(member, name));
        continue;
      }
      // A declared member wins over an index signature, so index signatures do not matter here.
      const memberName = member.name;
      if (memberName === undefined) continue;
      if (ts.isComputedPropertyName(memberName)) {
        if (isSymbolKey(checker, memberName.expression)) continue;
        return undefined;
      }
      if (ts.isPrivateIdentifier(memberName)) continue;
      if (!('text' in memberName) || memberName.text !== name) continue;
      if (ts.getModifiers(member as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword))
        continue;
      own.push(member);
    }
    const declarationBases = basesOf(checker, declaration);
    if (declarationBases === undefined) return undefined;
    bases.push(...declarationBases);
  }
  if (own.length > 0) return own;
  // Not declared here: what the bases declare (empty when none does).
  const inherited: ts.Declaration[] = [];
  for (const base of bases) {
    if (base === classSymbol) return undefined;
    const found = instanceMemberAt(checker, base, name, depth + 1);
    if (found === undefined) return undefined;
    inherited.push(...found);
  }
  return inherited;
}

/** True when no instance of the class or interface can be a thenable (no `then` in it or its bases). */
export function instancesNeverThenable(checker: ts.TypeChecker, classSymbol: ts.Symbol): boolean {
  return canHaveThen(checker, cachesOf(checker), classSymbol, 0) === false;
}

/**
 * What the instances of a class or interface are, whatever the type arguments: `plain` (no `then` in it or its
 * bases), `thenable` (a `then` method that takes a callback), or undefined.
 */
export function instanceShape(
  checker: ts.TypeChecker,
  classSymbol: ts.Symbol,
): 'plain' | 'thenable' | undefined {
  if (instancesNeverThenable(checker, classSymbol)) return 'plain';
  return declaresCallbackThen(checker, classSymbol) ? 'thenable' : undefined;
}

/** The constructor's parameters that declare an instance property named `name` (`constructor(public name: T)`). */
function parameterProperties(
  constructor: ts.ConstructorDeclaration,
  name: string,
): ts.ParameterDeclaration[] {
  return constructor.parameters.filter(
    (parameter) =>
      (ts.getModifiers(parameter)?.length ?? 0) > 0 &&
      ts.isIdentifier(parameter.name) &&
      parameter.name.text === name,
  );
}
