/**
 * Cheaper answers to the two type questions the promise rules ask most: "is the value of this expression a
 * thenable?" and "does calling this reference return a thenable?". Each function answers exactly what the direct
 * question (`isThenableType(checker, checker.getTypeAtLocation(e))`, `returnsThenable(…)`) would, but reaches the
 * answer with less of the checker where the program allows it, and falls back to the direct question otherwise.
 *
 * Why it pays: `getTypeAtLocation` on a call resolves the call — it checks every argument against every overload
 * and infers type arguments — and on a variable reference it runs control-flow narrowing from that reference back
 * to the declaration, each time it is asked. A call whose callee signatures all agree (every one returns a
 * thenable, or none does) has that answer without resolving the call; a reference to a function, a class or a
 * variable whose declared type cannot be callable needs no narrowing, and its answer is kept per symbol.
 *
 * Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  declaredCallResult,
  declaredCallShape,
  declaredReturnClass,
  returnShape,
  symbolNamedBy,
  declaredSlotNeverCallable,
  declaredValueNeverCallable,
  instanceMember,
  instanceShape,
  instancesNeverThenable,
} from './declared-types.js';
import {
  isFluentStep,
  isPromiseMemberName,
  isThenableType,
  receiverKinds,
  returnsThenable,
} from './promise-types.js';

interface Caches {
  /** Per signature: does it return a thenable (undefined: it depends on the call's type arguments). */
  readonly signatures: WeakMap<ts.Signature, boolean | undefined>;
  /** Per call or `new`: the type of its callee (asked by several rules; a property access is not cached by the checker). */
  readonly callees: WeakMap<ts.Node, ts.Type | undefined>;
  /** Per call or `new`: for each argument position, can its slot be a callback type (undefined: not known yet). */
  readonly slots: WeakMap<ts.Node, (boolean | undefined)[] | undefined>;
  /** Per symbol: the answer of `returnsThenable` for every reference to it, or undefined when it needs the reference. */
  readonly references: WeakMap<ts.Symbol, boolean | undefined>;
  /** Per property access: the member it names (undefined: not read from declarations). */
  readonly members: WeakMap<ts.Node, Member | undefined>;
}

const cachesByChecker = new WeakMap<ts.TypeChecker, Caches>();

function cachesOf(checker: ts.TypeChecker): Caches {
  let caches = cachesByChecker.get(checker);
  if (caches === undefined) {
    caches = {
      signatures: new WeakMap(),
      references: new WeakMap(),
      callees: new WeakMap(),
      slots: new WeakMap(),
      members: new WeakMap(),
    };
    cachesByChecker.set(checker, caches);
  }
  return caches;
}

/**
 * Whether calls of `signature` return a thenable: known for a signature without type parameters (its return type is
 * what every call returns) and for a generic one whose annotation settles it whatever the type arguments (`boolean`,
 * `x is T`, `Promise<T>`: see `returnShape`).
 * Undefined when the answer depends on the type arguments inferred for a call.
 */
function signatureReturnsThenable(
  checker: ts.TypeChecker,
  caches: Caches,
  signature: ts.Signature,
): boolean | undefined {
  if (caches.signatures.has(signature)) return caches.signatures.get(signature);
  let answer: boolean | undefined;
  if ((signature.typeParameters?.length ?? 0) === 0) {
    answer = isThenableType(checker, checker.getReturnTypeOfSignature(signature));
  } else {
    // Generic: known when the annotation says so whatever the type arguments (`boolean`, `Promise<T>`).
    const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
    const annotation = declaration?.type;
    const shape =
      annotation === undefined ||
      (declaration !== undefined && (declaration.flags & ts.NodeFlags.JavaScriptFile) !== 0)
        ? undefined
        : returnShape(checker, annotation);
    answer = shape === 'plain' ? false : shape === 'thenable' ? true : undefined;
  }
  caches.signatures.set(signature, answer);
  return answer;
}

/**
 * The answer shared by every signature of a callee type (a plain object type, not a union), or undefined when
 * they disagree, one depends on inference, or there is none.
 */
function agreedAnswer(checker: ts.TypeChecker, caches: Caches, calleeType: ts.Type): boolean | undefined {
  if ((calleeType.flags & ts.TypeFlags.Object) === 0) return undefined;
  const signatures = calleeType.getCallSignatures();
  let answer: boolean | undefined;
  for (const signature of signatures) {
    const own = signatureReturnsThenable(checker, caches, signature);
    if (own === undefined || (answer !== undefined && answer !== own)) return undefined;
    answer = own;
  }
  return answer;
}

/**
 * Whether a call's value is a thenable, from its callee's signatures alone; undefined when the call must be
 * resolved. The call's type is the return type of one of the callee's signatures (the chosen overload, or the
 * best candidate when none applies): when they all agree, that is the answer. An `any` callee makes an untyped
 * call, whose value is `any`: not a thenable.
 */
function callAnswer(checker: ts.TypeChecker, call: ts.CallExpression): boolean | undefined {
  // Optional chains add `undefined` to the callee; `super(…)`, `import(…)` and `require(…)` are typed specially.
  if (call.questionDotToken !== undefined || (call.flags & ts.NodeFlags.OptionalChain) !== 0)
    return undefined;
  const callee = call.expression;
  // `super(…)` has the type void.
  if (callee.kind === ts.SyntaxKind.SuperKeyword) return false;
  if (ts.isIdentifier(callee)) {
    if (callee.text === 'require') return undefined;
  } else if (!ts.isPropertyAccessExpression(callee)) {
    return undefined;
  }
  const caches = cachesOf(checker);
  if (ts.isPropertyAccessExpression(callee)) {
    const declared = declaredMemberCallAnswer(checker, caches, callee);
    if (declared !== undefined) return declared;
  } else {
    // A function named by an identifier: what its declarations say every call returns.
    const declarations = calleeDeclarations(checker, caches, callee);
    const shape = declarations === undefined ? undefined : declaredCallShape(checker, declarations);
    if (shape === 'plain') return false;
    if (shape === 'thenable') return true;
  }
  const calleeType = calleeTypeOf(checker, caches, call);
  if ((calleeType.flags & ts.TypeFlags.Any) !== 0) return false;
  return agreedAnswer(checker, caches, calleeType);
}

/**
 * A method call's answer from the declarations of the method, without the type of the method itself (for a
 * generic, overloaded method of a generic class, that type is the costliest part of the question): when every
 * signature the member declares is annotated with a type that is never a thenable, the call is not one either, and
 * when they are annotated `this`, the call's value is the receiver. Undefined when the declarations do not settle
 * it (then the callee's type is asked).
 */
function declaredMemberCallAnswer(
  checker: ts.TypeChecker,
  caches: Caches,
  callee: ts.PropertyAccessExpression,
): boolean | undefined {
  const member = memberOf(checker, caches, callee);
  if (member === undefined) return undefined;
  const shape = declaredCallShape(checker, member.declarations);
  if (shape === 'plain') return false;
  if (shape === 'thenable') return true;
  if (shape === 'this') return member.receiverThenable();
  return undefined;
}

/**
 * A member named by a property access: its declarations, whether its receiver is a thenable, and the kinds its
 * receiver is (see `receiverKinds`).
 */
interface Member {
  readonly declarations: readonly ts.Declaration[];
  readonly receiverThenable: () => boolean;
  readonly receiverKinds: () => ReadonlySet<ts.Symbol>;
}

/**
 * The member `receiver.name` names, read without the member's own type. When the receiver is a call (or `new`)
 * whose callee declares it returns instances of one class or interface, the member is looked up in the
 * declarations of that class and its bases, without resolving the call (resolving `this.find(filter)` against
 * mongodb's `Filter<TSchema>` builds thousands of types). Otherwise the receiver's type names it. Undefined when
 * it is not a plain property of a type whose members come from declarations (a mapped type's members have the
 * declarations of the type it maps, with other types), or when the receiver is `any`.
 */
function memberOf(
  checker: ts.TypeChecker,
  caches: Caches,
  access: ts.PropertyAccessExpression,
): Member | undefined {
  if (access.questionDotToken !== undefined || (access.flags & ts.NodeFlags.OptionalChain) !== 0)
    return undefined;
  if (!ts.isIdentifier(access.name) || access.expression.kind === ts.SyntaxKind.SuperKeyword)
    return undefined;
  if (caches.members.has(access)) return caches.members.get(access);
  const answer = declaredInstanceMember(checker, caches, access) ?? typedMember(checker, access);
  caches.members.set(access, answer);
  return answer;
}

/** `memberOf` for a receiver whose class its callee's declarations name. */
function declaredInstanceMember(
  checker: ts.TypeChecker,
  caches: Caches,
  access: ts.PropertyAccessExpression,
): Member | undefined {
  let receiver: ts.Expression = access.expression;
  while (ts.isParenthesizedExpression(receiver)) receiver = receiver.expression;
  let classSymbol: ts.Symbol | undefined;
  if (ts.isCallExpression(receiver)) {
    if (receiver.questionDotToken !== undefined || (receiver.flags & ts.NodeFlags.OptionalChain) !== 0)
      return undefined;
    const declarations = calleeDeclarations(checker, caches, receiver.expression);
    if (declarations !== undefined) classSymbol = declaredReturnClass(checker, declarations);
  } else if (ts.isNewExpression(receiver) && ts.isIdentifier(receiver.expression)) {
    const symbol = symbolNamedBy(checker, receiver.expression);
    if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Class) !== 0) classSymbol = symbol;
  }
  if (classSymbol === undefined) return undefined;
  const declarations = instanceMember(checker, classSymbol, access.name.text);
  if (declarations === undefined) return undefined;
  const symbol = classSymbol;
  return {
    declarations,
    receiverThenable: () =>
      instancesNeverThenable(checker, symbol)
        ? false
        : isThenableType(checker, checker.getTypeAtLocation(access.expression)),
    // An instance of the class, which has an API of its own: the member, which is not a promise's (the caller checks).
    receiverKinds: () => new Set([symbol]),
  };
}

/** `memberOf` from the receiver's type. */
function typedMember(checker: ts.TypeChecker, access: ts.PropertyAccessExpression): Member | undefined {
  const receiver = checker.getTypeAtLocation(access.expression);
  if ((receiver.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) !== 0)
    return undefined;
  const apparent = checker.getApparentType(receiver);
  const name = (access.name as ts.Identifier).text;
  if (mappedPartHas(checker, apparent, name)) return undefined;
  const declarations = checker.getPropertyOfType(apparent, name)?.declarations;
  if (declarations === undefined || declarations.length === 0) return undefined;
  return {
    declarations,
    receiverThenable: () => isThenableType(checker, receiver),
    receiverKinds: () => receiverKinds(checker, receiver),
  };
}

/**
 * The declarations of what a callee names, when they can be read for the call: a function or variable named by
 * an identifier (through imports), or a member named by a property access (see `memberOf`).
 */
function calleeDeclarations(
  checker: ts.TypeChecker,
  caches: Caches,
  callee: ts.Expression,
): readonly ts.Declaration[] | undefined {
  if (ts.isPropertyAccessExpression(callee)) return memberOf(checker, caches, callee)?.declarations;
  if (!ts.isIdentifier(callee)) return undefined;
  return symbolNamedBy(checker, callee)?.declarations;
}

/**
 * True when the declarations of what `reference` (an identifier or a property access) names say its value is
 * never callable (so never a callback, let alone one returning a thenable): a variable, parameter or property
 * annotated with a type that has no call signature (see `declaredValueNeverCallable`). An identifier costs the
 * checker no type at all; a property access at most its receiver's type. False when the declarations cannot tell.
 *
 * @example
 * ```ts
 * if (referenceNeverCallable(checker, argument)) return; // `options: FindOptions` is no callback
 * ```
 */
export function referenceNeverCallable(checker: ts.TypeChecker, reference: ts.Expression): boolean {
  const declarations = calleeDeclarations(checker, cachesOf(checker), reference);
  return declarations !== undefined && declaredValueNeverCallable(checker, declarations);
}

/**
 * True when a mapped type among the members of a type's union or intersection has the property `name` (or a member
 * is not an object type): that property's declarations are those of the type it maps, with other types. A mapped
 * part without it (vitest's `Mock<T>` is `MockInstance<T> & … & { [P in keyof T]: T[P] }` over a function type)
 * leaves the declarations of the other parts exact.
 */
function mappedPartHas(checker: ts.TypeChecker, type: ts.Type, name: string): boolean {
  if (type.isUnionOrIntersection()) return type.types.some((part) => mappedPartHas(checker, part, name));
  if ((type.flags & ts.TypeFlags.Object) === 0) return true;
  if (((type as ts.ObjectType).objectFlags & (ts.ObjectFlags.Mapped | ts.ObjectFlags.ReverseMapped)) === 0)
    return false;
  return checker.getPropertyOfType(type, name) !== undefined;
}

/** The type of a call's (or `new`'s) callee, asked once per call. */
function calleeTypeOf(
  checker: ts.TypeChecker,
  caches: Caches,
  call: ts.CallExpression | ts.NewExpression,
): ts.Type {
  let type = caches.callees.get(call);
  if (type === undefined) {
    type = checker.getTypeAtLocation(call.expression);
    caches.callees.set(call, type);
  }
  return type;
}

/**
 * The callee's only call signature, when resolving `call` can pick nothing else: `getResolvedSignature(call)` is then
 * that signature or an instantiation of it, which keeps its declaration and its kind of type predicate (a call that
 * does not fit its one signature resolves to it all the same). That holds for a plain call (no optional chain, no
 * `super(…)` or `import(…)`) of a callee whose type is an object type with exactly one call signature, declared
 * outside JavaScript (a JSDoc `@class` function makes the call an error). Undefined otherwise: only
 * `getResolvedSignature` tells. The callee's type and signatures are asked anyway by the promise rules, and the
 * native engine asks the callee's type in advance; a resolved signature is one question per call.
 *
 * @example
 * ```ts
 * const declaration = (soleCallSignature(checker, call) ?? checker.getResolvedSignature(call))?.declaration;
 * ```
 */
export function soleCallSignature(
  checker: ts.TypeChecker,
  call: ts.CallExpression,
): ts.Signature | undefined {
  if (call.questionDotToken !== undefined || (call.flags & ts.NodeFlags.OptionalChain) !== 0)
    return undefined;
  const callee = call.expression;
  if (callee.kind === ts.SyntaxKind.SuperKeyword || callee.kind === ts.SyntaxKind.ImportKeyword)
    return undefined;
  const calleeType = calleeTypeOf(checker, cachesOf(checker), call);
  if ((calleeType.flags & ts.TypeFlags.Object) === 0) return undefined;
  const signatures = calleeType.getCallSignatures();
  const signature = signatures.length === 1 ? signatures[0] : undefined;
  const declaration = signature?.getDeclaration() as ts.Node | undefined;
  if (declaration === undefined || (declaration.flags & ts.NodeFlags.JavaScriptFile) !== 0) return undefined;
  return signature;
}

/**
 * True when a parameter type can be (or become, once the call's type arguments are inferred) a type with call
 * signatures: a function type, a union with one, a type variable, a conditional type.
 */
function mayBeCallableSlot(type: ts.Type): boolean {
  if (type.isUnionOrIntersection()) return type.types.some(mayBeCallableSlot);
  if ((type.flags & (ts.TypeFlags.TypeVariable | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution)) !== 0)
    return true;
  if ((type.flags & ts.TypeFlags.Object) === 0) return false;
  return type.getCallSignatures().length > 0;
}

/** Whether the parameter of `signature` that receives argument `index` can be callable; undefined: cannot tell. */
function parameterMayBeCallable(
  checker: ts.TypeChecker,
  signature: ts.Signature,
  index: number,
): boolean | undefined {
  const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
  // A JSDoc closure-style type (`function(string): void`) has parameters without names: not the signature's own.
  if (declaration === undefined || ts.isJSDocFunctionType(declaration)) return undefined;
  // The declared parameters, without a `this` parameter; they must be the signature's own (not a JSDoc signature's,
  // nor the rest parameter a JavaScript function that reads `arguments` gets).
  const declared = declaration.parameters.filter(
    (p) => !(ts.isParameter(p) && ts.isIdentifier(p.name) && p.name.text === 'this'),
  );
  const parameters = signature.getParameters();
  if (declared.length !== parameters.length || !declared.every((p) => ts.isParameter(p))) return undefined;
  const last = parameters.length - 1;
  const lastDeclaration = declared[last];
  const rest = lastDeclaration !== undefined && lastDeclaration.dotDotDotToken !== undefined;
  if (rest && index >= last) {
    const restParameter = parameters[last];
    if (restParameter === undefined) return undefined;
    const restType = checker.getTypeOfSymbol(restParameter);
    if (!checker.isArrayType(restType)) return undefined;
    const element = checker.getTypeArguments(restType as ts.TypeReference)[0];
    return element === undefined ? undefined : mayBeCallableSlot(element);
  }
  const parameter = parameters[index];
  // An argument past the last parameter has no contextual type.
  if (parameter === undefined) return false;
  return mayBeCallableSlot(checker.getTypeOfSymbol(parameter));
}

/**
 * False when the argument at `index` of `call` certainly has a contextual type without call signatures (so it is
 * not a callback slot, let alone a void one), decided from the callee's signatures without resolving the call;
 * true when it may be a callback slot. `getContextualType` of an argument is the type of the resolved signature's
 * parameter at that position: one of the callee's signatures (instantiated when generic), or a union of them when
 * none applies. An `any` callee makes an untyped call, whose arguments are typed `any`.
 *
 * @example
 * ```ts
 * if (!mayBeCallbackSlot(checker, call, 1)) return; // `setTimeout(fn, delay)`: the delay is no callback
 * ```
 */
export function mayBeCallbackSlot(
  checker: ts.TypeChecker,
  call: ts.CallExpression | ts.NewExpression,
  index: number,
): boolean {
  const caches = cachesOf(checker);
  let slots = caches.slots.get(call);
  if (slots === undefined) caches.slots.set(call, (slots = []));
  const known = slots[index];
  if (known !== undefined) return known;
  const answer = slotAnswer(checker, caches, call, index);
  slots[index] = answer;
  return answer;
}

function slotAnswer(
  checker: ts.TypeChecker,
  caches: Caches,
  call: ts.CallExpression | ts.NewExpression,
  index: number,
): boolean {
  if (ts.isCallExpression(call)) {
    if (call.questionDotToken !== undefined || (call.flags & ts.NodeFlags.OptionalChain) !== 0) return true;
    if (!ts.isIdentifier(call.expression) && !ts.isPropertyAccessExpression(call.expression)) return true;
  } else if (!ts.isIdentifier(call.expression) && !ts.isPropertyAccessExpression(call.expression)) {
    return true;
  }
  const args = call.arguments ?? [];
  // A spread before (or at) the argument shifts positions.
  for (let i = 0; i <= index && i < args.length; i++) if (ts.isSpreadElement(args[i] as ts.Node)) return true;
  // The callee's declared parameters first: their annotations often settle it without the callee's type.
  if (ts.isCallExpression(call)) {
    const declarations = calleeDeclarations(checker, caches, call.expression);
    if (declarations !== undefined && declaredSlotNeverCallable(checker, declarations, index)) return false;
  }
  const calleeType = calleeTypeOf(checker, caches, call);
  if ((calleeType.flags & ts.TypeFlags.Any) !== 0) return false;
  if ((calleeType.flags & ts.TypeFlags.Object) === 0) return true;
  const signatures = ts.isCallExpression(call)
    ? calleeType.getCallSignatures()
    : calleeType.getConstructSignatures();
  if (signatures.length === 0) return true;
  for (const signature of signatures) {
    if (parameterMayBeCallable(checker, signature, index) !== false) return true;
  }
  return false;
}

/**
 * True when the value of `expression` is a thenable: the same answer as
 * `isThenableType(checker, checker.getTypeAtLocation(expression))`, without resolving a call whose callee's
 * signatures already agree.
 *
 * @example
 * ```ts
 * if (isThenableExpression(checker, statement.expression)) report(statement);
 * ```
 */
export function isThenableExpression(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  if (ts.isCallExpression(expression)) {
    const answer = callAnswer(checker, expression);
    if (answer !== undefined) return answer;
  } else if (ts.isNewExpression(expression) && ts.isIdentifier(expression.expression)) {
    // `new C(…)` of a class is an instance of C: its declarations say whether that is a thenable.
    const symbol = symbolNamedBy(checker, expression.expression);
    const shape =
      symbol !== undefined && (symbol.flags & ts.SymbolFlags.Class) !== 0
        ? instanceShape(checker, symbol)
        : undefined;
    if (shape !== undefined) return shape === 'thenable';
  }
  return isThenableType(checker, checker.getTypeAtLocation(expression));
}

/**
 * True when a declared type can be narrowed, at some reference, to a type with call signatures that the declared
 * type lacks: `any`, `unknown`, `object`, `{}`, type parameters and other type variables. Narrowing a union only
 * drops members; narrowing a concrete object type keeps its (lack of) signatures.
 */
function mayNarrowToCallable(type: ts.Type): boolean {
  if (type.isUnionOrIntersection()) return type.types.some(mayNarrowToCallable);
  const open =
    ts.TypeFlags.Any |
    ts.TypeFlags.Unknown |
    ts.TypeFlags.NonPrimitive |
    ts.TypeFlags.TypeVariable |
    ts.TypeFlags.Index |
    ts.TypeFlags.Conditional |
    ts.TypeFlags.Substitution;
  if ((type.flags & open) !== 0) return true;
  if ((type.flags & ts.TypeFlags.Object) === 0) return false;
  // `{}` (and other empty object types) admit functions.
  return (
    type.getProperties().length === 0 &&
    type.getCallSignatures().length === 0 &&
    type.getConstructSignatures().length === 0
  );
}

/** The answer for every reference to `symbol`, or undefined when it can differ between references. */
function symbolAnswer(checker: ts.TypeChecker, symbol: ts.Symbol): boolean | undefined {
  const caches = cachesOf(checker);
  if (caches.references.has(symbol)) return caches.references.get(symbol);
  let target = symbol;
  if ((target.flags & ts.SymbolFlags.Alias) !== 0) target = checker.getAliasedSymbol(target);
  const flags = target.flags;
  let answer: boolean | undefined;
  const narrowable =
    ts.SymbolFlags.Variable | ts.SymbolFlags.Property | ts.SymbolFlags.Accessor | ts.SymbolFlags.EnumMember;
  if ((flags & narrowable) !== 0) {
    // References are narrowed, but only to subsets of the declared type: a declared type without a callable member
    // that returns a thenable gives the same "no" at every reference.
    const declared = checker.getTypeOfSymbol(target);
    answer = !mayNarrowToCallable(declared) && !returnsThenable(checker, declared) ? false : undefined;
  } else if ((flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method)) !== 0) {
    // Functions and methods are never narrowed: every reference has the declared type.
    answer = returnsThenable(checker, checker.getTypeOfSymbol(target));
  } else if ((flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Enum | ts.SymbolFlags.ValueModule)) !== 0) {
    // A class, enum or namespace object has no call signatures.
    answer = false;
  }
  caches.references.set(symbol, answer);
  return answer;
}

/**
 * True when calling the value `reference` (an identifier) refers to returns a thenable: the same answer as
 * `returnsThenable(checker, checker.getTypeAtLocation(reference))`, decided once per symbol for functions, classes
 * and variables whose declared type has no callable member (no control-flow narrowing at each reference).
 * Other expressions are asked directly.
 *
 * @example
 * ```ts
 * if (referenceReturnsThenable(checker, argument)) checkSlot(argument);
 * ```
 */
export function referenceReturnsThenable(checker: ts.TypeChecker, reference: ts.Expression): boolean {
  if (ts.isIdentifier(reference)) {
    const symbol = checker.getSymbolAtLocation(reference);
    const answer = symbol === undefined ? undefined : symbolAnswer(checker, symbol);
    if (answer !== undefined) return answer;
  }
  return returnsThenable(checker, checker.getTypeAtLocation(reference));
}

/**
 * True when the syntax of `expression` alone says its value is a primitive, never a thenable: literals, templates,
 * `typeof`, `void`, `delete`, `!`/`-`/`+`/`~`/`++`/`--`, arithmetic, comparison, bitwise, `instanceof` and `in`
 * operators, and conditionals whose both branches are such. (The standard library declares no `then` on
 * primitives.) Object and array literals are not included: an object literal can have a `then` method.
 *
 * @example
 * ```ts
 * neverThenableSyntax(parse('a === b')); // true
 * ```
 */
export function neverThenableSyntax(expression: ts.Expression): boolean {
  switch (expression.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.VoidExpression:
    case ts.SyntaxKind.DeleteExpression:
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
      return true;
    case ts.SyntaxKind.ConditionalExpression: {
      const conditional = expression as ts.ConditionalExpression;
      return neverThenableSyntax(conditional.whenTrue) && neverThenableSyntax(conditional.whenFalse);
    }
    case ts.SyntaxKind.BinaryExpression:
      return !valueOperators.has((expression as ts.BinaryExpression).operatorToken.kind);
    default:
      return false;
  }
}

/** Binary operators whose value is one of their operands (so it can be anything). */
const valueOperators = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.CommaToken,
  ts.SyntaxKind.EqualsToken,
  ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.BarBarEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/**
 * True when `call` is a fluent step: the same answer as `isFluentStep` (promise-types.ts), reached from the
 * declarations of the method where they settle it, without resolving the call or its receiver when that is a call
 * whose callee's declarations name its class. A method declared to return `this` returns its receiver; one declared
 * to return an instance of a class returns that kind; one declared `void` or `boolean` returns no object. Why it
 * matters: resolving `vi.spyOn(client, 'multi')` over node-redis's client types (vitest's `Methods<Required<T>>`)
 * took 151 s and 8.6 GB of heap in the keyv monorepo, while `mockImplementation` is declared to return `this` and
 * `spyOn` to return a `Mock`.
 *
 * @example
 * ```ts
 * isFluentCall(checker, call); // true for `reply.status(403)`, `vi.spyOn(o, 'm').mockImplementation(f)`
 * ```
 */
export function isFluentCall(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || isPromiseMemberName(callee.name.text)) return false;
  if (call.questionDotToken !== undefined || (call.flags & ts.NodeFlags.OptionalChain) !== 0)
    return isFluentStep(checker, call);
  const member = memberOf(checker, cachesOf(checker), callee);
  const result = member === undefined ? undefined : declaredCallResult(checker, member.declarations);
  if (member === undefined || result === undefined) return isFluentStep(checker, call);
  if (result === 'primitive') return false;
  const kinds = member.receiverKinds();
  return result === 'this' ? kinds.size > 0 : kinds.has(result);
}
