/**
 * Type questions about promises, shared by the promise rules: is this a thenable, does this callback type expect a
 * `void` return, does this function return a promise. Internal to the analyzer.
 *
 * @module
 */
import ts from '../../typescript.cjs';

/**
 * True when some member of `type` (a union is split) is a thenable: it has a callable `then` whose first parameter
 * accepts a function. `Promise<T>`, `PromiseLike<T>`, query builders and `Promise<T> | undefined` are thenables;
 * `any`, `unknown` and `never` are not.
 *
 * @example
 * ```ts
 * isThenableType(checker, checker.getTypeAtLocation(expression));
 * ```
 */
export function isThenableType(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return false;
  if (type.isUnion()) return type.types.some((member) => isThenableType(checker, member));
  const then = checker.getPropertyOfType(checker.getApparentType(type), 'then');
  if (then === undefined) return false;
  const thenType = checker.getTypeOfSymbol(then);
  for (const signature of thenType.getCallSignatures()) {
    const first = signature.getParameters()[0];
    if (first === undefined) continue;
    const firstType = checker.getNonNullableType(checker.getTypeOfSymbol(first));
    const parts = firstType.isUnion() ? firstType.types : [firstType];
    if (parts.some((part) => part.getCallSignatures().length > 0)) return true;
  }
  return false;
}

/**
 * True when a value of `type` is `void`/`undefined` only: what a callback parameter typed `() => void` expects.
 *
 * @example
 * ```ts
 * isVoidLike(checker.getReturnTypeOfSignature(signature));
 * ```
 */
export function isVoidLike(type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return (
    members.some((member) => (member.flags & ts.TypeFlags.Void) !== 0) &&
    members.every((member) => (member.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) !== 0)
  );
}

/**
 * True when `type` is callable and every call signature of every union member returns `void`: a callback slot that
 * drops whatever the callback returns. Members that cannot be called (`{ handleEvent() }` in
 * `EventListenerOrEventListenerObject`, `undefined`) are ignored; a type with no call signature at all is not a
 * void callback.
 *
 * @example
 * ```ts
 * expectsVoidCallback(checker, checker.getContextualType(arrow)); // true for `forEach`'s callback
 * ```
 */
export function expectsVoidCallback(checker: ts.TypeChecker, type: ts.Type | undefined): boolean {
  if (type === undefined) return false;
  const members = type.isUnion() ? type.types : [type];
  let signatures = 0;
  for (const member of members) {
    for (const signature of checker.getNonNullableType(member).getCallSignatures()) {
      signatures += 1;
      const returned = checker.getReturnTypeOfSignature(signature);
      if (!isVoidLike(returned)) return false;
    }
  }
  return signatures > 0;
}

/**
 * True when calling a value of `type` returns a thenable (some call signature does).
 *
 * @example
 * ```ts
 * returnsThenable(checker, checker.getTypeAtLocation(handlerIdentifier));
 * ```
 */
export function returnsThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const members = type.isUnion() ? type.types : [type];
  return members.some((member) =>
    member.getCallSignatures().some((s) => isThenableType(checker, checker.getReturnTypeOfSignature(s))),
  );
}

/**
 * True when some overload of the called function takes, at argument `index`, a callback that may return a thenable:
 * the callback's promise is awaited by the callee even when the checker resolved the call to a `void` overload
 * (mocha declares `it(title, fn?: Func)` before `it(title, fn?: AsyncFunc)`, and an arrow without parameters fits
 * both).
 *
 * @example
 * ```ts
 * overloadAcceptsThenableCallback(checker, call, 1); // true for mocha's `it('saves', () => save())`
 * ```
 */
export function overloadAcceptsThenableCallback(
  checker: ts.TypeChecker,
  call: ts.CallExpression | ts.NewExpression,
  index: number,
): boolean {
  const calleeType = checker.getTypeAtLocation(call.expression);
  const signatures = ts.isNewExpression(call)
    ? calleeType.getConstructSignatures()
    : calleeType.getCallSignatures();
  if (signatures.length < 2) return false;
  for (const signature of signatures) {
    const parameters = signature.getParameters();
    const parameter = parameters[Math.min(index, parameters.length - 1)];
    if (parameter === undefined) continue;
    if (
      index >= parameters.length &&
      (signature.getDeclaration() as ts.SignatureDeclaration | undefined)?.parameters.at(-1)
        ?.dotDotDotToken === undefined
    )
      continue;
    const type = checker.getNonNullableType(checker.getTypeOfSymbol(parameter));
    const members = type.isUnion() ? type.types : [type];
    for (const member of members) {
      for (const callback of member.getCallSignatures()) {
        if (isThenableType(checker, checker.getReturnTypeOfSignature(callback))) return true;
      }
    }
  }
  return false;
}

/** The members a bare promise has: a thenable with nothing else is a promise, not an object with an API of its own. */
const promiseMembers = new Set(['then', 'catch', 'finally']);

/** True for `then`, `catch` and `finally`: a promise's own methods, never a fluent step. */
export function isPromiseMemberName(name: string): boolean {
  return promiseMembers.has(name);
}

/**
 * True when `call` is a fluent step on an object that has an API of its own: a method other than
 * `then`/`catch`/`finally`, called on such an object (a query builder, a Fastify reply or instance), that returns an
 * object of the receiver's own kind (the same declaration, possibly with other type arguments, or that kind made
 * awaitable: `FastifyInstance & PromiseLike<undefined>`). `reply.code(404)`, `query.where({ id })`,
 * `app.register(plugin)` configure the object they are called on; what the object's `then` would deliver belongs to
 * whoever awaits the object itself. `promise.then(f)` (a promise's own method) and `load()` are not fluent steps.
 * This is the direct question (the types of the receiver and of the call); `isFluentCall` in `quick-types.ts` gives
 * the same answer from declarations where they settle it.
 *
 * @example
 * ```ts
 * isFluentStep(checker, call); // true for `reply.status(403)` on a `FastifyReply`
 * ```
 */
export function isFluentStep(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || promiseMembers.has(callee.name.text)) return false;
  const kinds = receiverKinds(checker, checker.getTypeAtLocation(callee.expression));
  if (kinds.size === 0) return false;
  const returned = checker.getTypeAtLocation(call);
  const parts = returned.isIntersection() ? returned.types : [returned];
  return parts.some((part) => {
    const kind = declarationOf(part);
    return kind !== undefined && kinds.has(kind);
  });
}

/**
 * The kinds a receiver of type `type` is, for fluent steps: the declarations of its parts (`Fastify()` gives
 * `FastifyInstance & PromiseLike<…>`) that have an API beyond a promise's (a member other than
 * `then`/`catch`/`finally`); bare promises are left out. Empty when it is none (a union, a primitive, a promise).
 *
 * @example
 * ```ts
 * receiverKinds(checker, checker.getTypeAtLocation(access.expression)); // {FastifyReply} for `reply`
 * ```
 */
export function receiverKinds(checker: ts.TypeChecker, type: ts.Type): ReadonlySet<ts.Symbol> {
  const receiver = checker.getNonNullableType(type);
  const kinds = new Set<ts.Symbol>();
  for (const part of receiver.isIntersection() ? receiver.types : [receiver]) {
    const kind = declarationOf(part);
    if (kind === undefined) continue;
    // An object with an API beyond a promise's: a member other than `then`/`catch`/`finally` (and symbol-keyed ones).
    const members = checker.getPropertiesOfType(part).filter((member) => !member.name.startsWith('__@'));
    if (members.every((member) => promiseMembers.has(member.name))) continue;
    kinds.add(kind);
  }
  return kinds;
}

/** The symbol that declares an object type (the interface or class, for a generic instantiation its target's). */
function declarationOf(type: ts.Type): ts.Symbol | undefined {
  if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
    return (type as ts.TypeReference).target.getSymbol() ?? type.getSymbol();
  }
  return type.getSymbol() ?? type.aliasSymbol;
}
