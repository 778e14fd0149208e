import ts from '../typescript.cjs';
import {
  calleeName,
  isPromiseStatic,
  referenceText,
  rootOfChain,
  skipOuter,
} from '../analysis/syntax/expressions.js';
import { enclosingClass, enclosingFunction } from '../analysis/syntax/functions.js';
import {
  findDeclaration,
  importSource,
  initializedVariable,
  requiredModule,
  thisFieldAssignments,
} from '../analysis/syntax/scope.js';
import { forEachDescendant } from '../analysis/syntax/walk.js';
import { isThenableType } from '../analysis/types/promise-types.js';
import { defineRule } from '../rule.js';

/**
 * A place where a value is consumed as a thenable: `await x`, `x.then(…)`, `x.catch(…)`, `x.finally(…)` (a lazy
 * builder's `catch` and `finally` call its own `then`), or an element of the list given to `Promise.all` & co, or the
 * argument of `Promise.resolve` (each calls `then` on it).
 */
interface Consumption {
  /** The thenable consumed: the awaited reference, or the root of a consumed chain (`q` of `await q.count()`). */
  readonly expression: ts.Expression;
  readonly text: string;
  readonly how: 'await' | 'then' | 'catch' | 'finally' | 'combinator';
  /** For `combinator`: the combinator's name (`all`, `resolve` …). */
  readonly combinator?: string;
  /** The consumed chain when the builder was extended first (`q.offset(10).limit(5)`). */
  readonly chain?: ts.CallExpression;
}

type MessageId = 'reused' | 'callbackAndAwait' | 'extendedAfterRun' | 'sharedBuilder';

/**
 * Libraries whose query or request builders are lazy thenables (each `then` runs the work again). Code without types
 * (JavaScript, a library without its types installed) is recognised by where the value comes from. Not here: got and
 * Sequelize, whose calls return promises that run once.
 */
const lazyLibraries = new Set([
  'knex',
  'objection',
  'mongoose',
  'superagent',
  'supertest',
  'chai-http',
  'drizzle-orm',
]);

/**
 * `thenable-reuse`: the same lazy thenable (a query builder such as a knex, drizzle or mongoose query, a superagent
 * request: a value with a `then` method that is not a native Promise) awaited or `.then`-ed twice, through a variable
 * or a property (`this.query`, `features.query`); or given a completion callback and awaited too. Each `then` call,
 * and the callback, runs the work again.
 */
export default defineRule<Record<string, never>, MessageId>({
  meta: {
    id: 'thenable-reuse',
    description:
      'Reports a lazy, non-Promise thenable (query builder) awaited or `.then`-ed twice, or extended and run again after it ran.',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      reused:
        '`{{name}}` is a lazy `{{type}}`, not a Promise: this second `{{how}}` runs its work again (line {{firstLine}} ' +
        'already did). Await it once and keep the result, or convert it once with `Promise.resolve({{name}})`.',
      extendedAfterRun:
        '`{{name}}` is a lazy `{{type}}` whose methods change it and return it: line {{firstLine}} already ran it, and ' +
        'this `{{how}}` of `{{chain}}` runs the same builder again with everything added to it since (a `count`, a ' +
        '`limit` …). Start each query from its own copy (`{{name}}.clone()`) or build it anew.',
      sharedBuilder:
        '`{{name}}` is one lazy `{{type}}` made once (line {{madeLine}}) and kept beyond the call: this `{{chain}}` ' +
        'changes that same builder and runs it, so every call adds its clauses to what earlier calls left there. ' +
        'Build the query inside the function, or start from a copy (`{{name}}.clone()`).',
      callbackAndAwait:
        '`{{call}}()` is given a completion callback, which runs the lazy `{{type}}`, and is then {{how}} too, which ' +
        'runs it again: the query or request goes out twice. Use the callback or the promise, not both.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;
    const byKey = new Map<string, Consumption[]>();
    let checker: ts.TypeChecker | undefined;
    const typeChecker = (): ts.TypeChecker => (checker ??= context.getTypeChecker());

    const record = (expression: ts.Expression, how: Consumption['how'], combinator?: string): void => {
      const inner = skipOuter(expression);
      let root = inner;
      let chain: ts.CallExpression | undefined;
      if (ts.isCallExpression(inner)) {
        checkCallbackAndAwait(inner, how, combinator);
        root = chainRoot(inner) ?? inner;
        if (root === inner) return;
        chain = inner;
      }
      const text = referenceText(root);
      if (text === undefined || !(ts.isIdentifier(root) || ts.isPropertyAccessExpression(root))) return;
      const key = keyOf(root, text);
      if (key === undefined) return;
      let list = byKey.get(key);
      if (list === undefined) byKey.set(key, (list = []));
      const use: Consumption = { expression: root, text, how };
      list.push({
        ...use,
        ...(chain === undefined ? {} : { chain }),
        ...(combinator === undefined ? {} : { combinator }),
      });
    };

    /**
     * A chained consumption runs the root builder itself when the chain's methods return it: typed, the chain's
     * type is the root's (knex's `QueryBuilder`, mongoose's `Query`); untyped, the root is a builder of a lazy
     * library that is also consumed directly, or was built by chaining (`knex('users').where(…)`).
     */
    const runsRoot = (use: Consumption, uses: readonly Consumption[]): boolean => {
      if (use.chain === undefined) return true;
      const rootType = typeChecker().getTypeAtLocation(use.expression);
      if (!(rootType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) {
        const chainType = typeChecker().getTypeAtLocation(use.chain);
        const symbolOf = (type: ts.Type): ts.Symbol | undefined =>
          typeChecker().getNonNullableType(type).getSymbol();
        const rootSymbol = symbolOf(rootType);
        return rootSymbol !== undefined && rootSymbol === symbolOf(chainType);
      }
      return (
        uses.some((other) => other.chain === undefined) ||
        builtByChaining(use.expression) ||
        madeByInstance(use.expression)
      );
    };

    /** `a.b.c` keyed by the symbol of `a` (or the class of `this`) and the chain's text. */
    const keyOf = (expression: ts.Expression, text: string): string | undefined => {
      const root = rootOfChain(expression);
      if (root.kind === ts.SyntaxKind.ThisKeyword) {
        const owner = enclosingClass(root);
        return owner === undefined ? undefined : `this@${owner.pos}:${text}`;
      }
      if (!ts.isIdentifier(root)) return undefined;
      const symbol = typeChecker().getSymbolAtLocation(root);
      if (symbol === undefined) return undefined;
      return `${symbolId(symbol)}:${text}`;
    };

    const lazyTypeName = (expression: ts.Expression): string | undefined => {
      const type = typeChecker().getTypeAtLocation(expression);
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
        const library = lazyLibraryOrigin(expression, new Set());
        return library === undefined ? undefined : `${library} builder`;
      }
      const parts = type.isUnion() ? type.types : [type];
      let name: string | undefined;
      for (const part of parts) {
        if (!isThenableType(typeChecker(), part)) continue;
        if (isNativePromise(part, typeChecker(), context.program)) return undefined;
        name ??= typeChecker().typeToString(part);
      }
      return name;
    };

    /**
     * The chain changes the shared builder it starts from: typed, its methods return the builder's own type (knex's
     * `QueryBuilder`, mongoose's `Query`); untyped, the value kept is a builder of a lazy library (made by a call of
     * the library's instance, `knex('users')`, or by chaining, `Model.find().where(…)`), not the instance itself.
     */
    const changesShared = (root: ts.Expression, call: ts.CallExpression, made: ts.Node): boolean => {
      const rootType = typeChecker().getTypeAtLocation(root);
      if (!(rootType.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) {
        const symbolOf = (type: ts.Type): ts.Symbol | undefined =>
          typeChecker().getNonNullableType(type).getSymbol();
        const rootSymbol = symbolOf(rootType);
        return rootSymbol !== undefined && rootSymbol === symbolOf(typeChecker().getTypeAtLocation(call));
      }
      return ts.isExpression(made) && (chainedBuilder(made) || instanceBuilder(made));
    };

    const checkCallbackAndAwait = (
      call: ts.CallExpression,
      how: Consumption['how'],
      combinator: string | undefined,
    ): void => {
      if (!call.arguments.some(isCompletionCallback)) return;
      const type = lazyTypeName(call);
      if (type === undefined) return;
      context.report({
        node: call,
        messageId: 'callbackAndAwait',
        data: { call: calleeName(call) ?? 'call', type, how: consumedAs(how, combinator) },
      });
    };

    /** Chains that start from a builder made outside the function they run in (`users.where(…)` in a method). */
    const sharedChains: { call: ts.CallExpression; root: ts.Expression; made: ts.Node }[] = [];
    const reported = new Set<ts.Node>();

    return {
      [ts.SyntaxKind.AwaitExpression]: (node) => {
        record(node.expression, 'await');
      },
      [ts.SyntaxKind.CallExpression]: (node) => {
        if (isOutermostCall(node)) {
          const root = chainRoot(node);
          const made = root === undefined ? undefined : madeOnceOutside(root, node);
          if (root !== undefined && made !== undefined) sharedChains.push({ call: node, root, made });
        }
        const callee = skipOuter(node.expression);
        if (ts.isPropertyAccessExpression(callee) && consumingMethods.has(callee.name.text))
          record(callee.expression, callee.name.text as Consumption['how']);
        for (const element of combinatorElements(node))
          record(element, 'combinator', calleeName(node) ?? 'all');
      },
      onEnd: () => {
        for (const uses of byKey.values()) {
          if (uses.length < 2) continue;
          const first = uses[0];
          if (first === undefined) continue;
          const type = lazyTypeName(first.expression);
          if (type === undefined) continue;
          const running = uses.filter((use) => runsRoot(use, uses));
          for (let index = 1; index < running.length; index++) {
            const previous = running[index - 1];
            const current = running[index];
            if (previous === undefined || current === undefined) continue;
            if (enclosingFunction(previous.expression) !== enclosingFunction(current.expression)) continue;
            if (reassignedBetween(current.text, previous.expression, current.expression)) continue;
            if (exclusivePaths(previous.expression, current.expression)) continue;
            const firstLine =
              sourceFile.getLineAndCharacterOfPosition(previous.expression.getStart(sourceFile)).line + 1;
            const how = consumptionText(current.how, current.combinator);
            if (current.chain !== undefined) {
              reported.add(current.chain);
              context.report({
                node: current.chain,
                messageId: 'extendedAfterRun',
                data: {
                  name: current.text,
                  type,
                  how,
                  firstLine,
                  chain: chainText(current.chain, sourceFile),
                },
              });
            } else {
              context.report({
                node: current.expression,
                messageId: 'reused',
                data: { name: current.text, type, how, firstLine },
              });
            }
          }
        }
        // A builder made once (module scope, a field set at construction) and changed per call: one report per
        // function and builder, on its first chain.
        const seen = new Set<string>();
        for (const { call, root, made } of sharedChains) {
          if (reported.has(call)) continue;
          const text = referenceText(root);
          const fn = enclosingFunction(call);
          if (text === undefined || fn === undefined) continue;
          const key = `${fn.pos}:${text}`;
          if (seen.has(key)) continue;
          const type = lazyTypeName(root);
          if (type === undefined || !changesShared(root, call, made)) continue;
          seen.add(key);
          context.report({
            node: call,
            messageId: 'sharedBuilder',
            data: {
              name: text,
              type,
              madeLine: sourceFile.getLineAndCharacterOfPosition(made.getStart(sourceFile)).line + 1,
              chain: chainText(call, sourceFile),
            },
          });
        }
      },
    };
  },
});

/** Methods that run a thenable: a lazy builder's `catch` and `finally` go through its `then`. */
const consumingMethods = new Set(['then', 'catch', 'finally']);

/**
 * The values a promise combinator calls `then` on: the elements of the list given to `Promise.all`, `allSettled`,
 * `race` or `any`, and the argument of `Promise.resolve`.
 */
function combinatorElements(call: ts.CallExpression): ts.Expression[] {
  const argument = call.arguments[0];
  if (argument === undefined) return [];
  if (isPromiseStatic(call, ['resolve'])) return [argument];
  if (!isPromiseStatic(call, ['all', 'allSettled', 'race', 'any'])) return [];
  const list = skipOuter(argument);
  if (!ts.isArrayLiteralExpression(list)) return [];
  return list.elements.filter((element) => !ts.isSpreadElement(element));
}

/** How a consumption reads in a message (`this second \`{{how}}\``). */
function consumptionText(how: Consumption['how'], combinator: string | undefined): string {
  if (how === 'await') return 'await';
  if (how === 'combinator') return `Promise.${combinator ?? 'all'}(…)`;
  return `.${how}()`;
}

/** How a consumption reads after "is then" (`is then awaited too`). */
function consumedAs(how: Consumption['how'], combinator: string | undefined): string {
  if (how === 'await') return 'awaited';
  if (how === 'combinator') return `given to \`Promise.${combinator ?? 'all'}\``;
  return `\`.${how}\`-ed`;
}

/**
 * The reference a chain of method calls starts from (`q` of `q.offset(10).limit(5)`, `this.query` of
 * `this.query.countDocuments()`), or undefined when the chain starts elsewhere (a call of a function) or copies the
 * builder first (`q.clone().count()`).
 */
function chainRoot(call: ts.CallExpression): ts.Expression | undefined {
  let current: ts.Expression = call;
  while (ts.isCallExpression(current)) {
    const callee = skipOuter(current.expression);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text === 'clone') return undefined;
    // `q.then(a).catch(b)`: what `then` returns is a settled-once promise, not the builder.
    if (consumingMethods.has(callee.name.text)) return undefined;
    current = skipOuter(callee.expression);
  }
  return ts.isIdentifier(current) || ts.isPropertyAccessExpression(current) ? current : undefined;
}

/** The variable was built by chaining builder methods (`knex('users').where(…)`, `Model.find().sort(…)`). */
function builtByChaining(root: ts.Expression): boolean {
  if (!ts.isIdentifier(root)) return false;
  const declaration = initializedVariable(root);
  return declaration !== undefined && chainedBuilder(declaration.initializer);
}

/** The value is a chain of builder methods on a call (`knex('users').where(…)`, `Model.find().sort(…)`). */
function chainedBuilder(value: ts.Expression): boolean {
  const call = skipOuter(value);
  if (!ts.isCallExpression(call)) return false;
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isCallExpression(skipOuter(callee.expression));
}

/** The outermost call of a chain: not itself the receiver of a further method (`a.b().c()` is one chain). */
function isOutermostCall(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return !(ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node);
}

/**
 * Where the builder `root` names was made, when that is once and outside the function `use` runs in: a module-scope
 * variable with its initializer (`const users = knex('users')`), or a field of the class set only by its initializer
 * or its constructor (`this.table = db('items')`), used in a method. Undefined for a builder made per call.
 */
function madeOnceOutside(root: ts.Expression, use: ts.Node): ts.Node | undefined {
  const fn = enclosingFunction(use);
  if (fn === undefined || ts.isConstructorDeclaration(fn)) return undefined;
  if (ts.isIdentifier(root)) {
    const declaration = initializedVariable(root);
    if (declaration === undefined) return undefined;
    const list = declaration.parent;
    const statement = list.parent;
    if (!ts.isVariableStatement(statement) || !ts.isSourceFile(statement.parent)) return undefined;
    if (!(list.flags & ts.NodeFlags.Const)) return undefined;
    return declaration.initializer;
  }
  if (!ts.isPropertyAccessExpression(root) || root.expression.kind !== ts.SyntaxKind.ThisKeyword)
    return undefined;
  const owner = enclosingClass(root);
  if (owner === undefined || enclosingClass(fn) !== owner) return undefined;
  const name = root.name.text;
  let made: ts.Node | undefined;
  for (const member of owner.members) {
    if (
      ts.isPropertyDeclaration(member) &&
      ts.isIdentifier(member.name) &&
      member.name.text === name &&
      member.initializer !== undefined &&
      !member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)
    )
      made = member.initializer;
    for (const value of thisFieldAssignments(member, name).map((assignment) => assignment.right)) {
      // Set again by a method: each call may start anew, the builder is not the one made at construction.
      if (!ts.isConstructorDeclaration(member)) return undefined;
      made = value;
    }
  }
  return made;
}

/** `q.offset(…).limit(…)` as `q.offset().limit()`, for the message. */
function chainText(call: ts.CallExpression, sourceFile: ts.SourceFile): string {
  const parts: string[] = [];
  let current: ts.Expression = call;
  while (ts.isCallExpression(current)) {
    const callee = skipOuter(current.expression);
    if (!ts.isPropertyAccessExpression(callee)) break;
    parts.unshift(`${callee.name.text}()`);
    current = skipOuter(callee.expression);
  }
  return [skipOuter(current).getText(sourceFile), ...parts].join('.');
}

const symbolIds = new WeakMap<ts.Symbol, number>();
let nextSymbolId = 0;
function symbolId(symbol: ts.Symbol): number {
  let id = symbolIds.get(symbol);
  if (id === undefined) symbolIds.set(symbol, (id = nextSymbolId++));
  return id;
}

/**
 * A completion callback: a function argument taking `(err, result)` (two parameters or more), or one parameter named
 * like an error. Builder callbacks (`where((qb) => …)`) take the builder alone.
 */
function isCompletionCallback(argument: ts.Expression): boolean {
  const fn = skipOuter(argument);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  if (fn.parameters.length >= 2) return true;
  const only = fn.parameters[0];
  return only !== undefined && ts.isIdentifier(only.name) && /^(err|error|e)$/i.test(only.name.text);
}

/**
 * The lazy library an untyped value comes from, followed through variables, calls and member chains, `this.x`
 * assignments of its class and a constructor parameter (`new Features(Product.find())`): `require('knex')`,
 * `import knex from 'knex'`, `mongoose.model(…)`.
 */
/**
 * The variable holds what calling a lazy library's instance returned (`const users = knex('users')` where
 * `const knex = require('knex')(config)`): a builder, whose methods change it and return it. The instance itself
 * (`require('knex')(config)`, `knex(config)` of an import) makes a new builder per call, and is not one.
 */
function madeByInstance(root: ts.Expression): boolean {
  if (!ts.isIdentifier(root)) return false;
  const value = initializedVariable(root)?.initializer;
  return value !== undefined && instanceBuilder(value);
}

/** The value is what calling a lazy library's instance returned (`knex('users')`): a builder. */
function instanceBuilder(value: ts.Expression): boolean {
  const call = skipOuter(value);
  if (!ts.isCallExpression(call)) return false;
  const callee = skipOuter(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const instance = initializedVariable(callee)?.initializer;
  if (instance === undefined) return false;
  const made = skipOuter(instance);
  if (!ts.isCallExpression(made)) return false;
  const factory = skipOuter(made.expression);
  const library = ts.isCallExpression(factory)
    ? requiredModule(factory)
    : ts.isIdentifier(factory)
      ? (importSource(findDeclaration(factory)) ?? requiredOrigin(factory))
      : undefined;
  return library !== undefined && lazyLibraries.has(library);
}

/** `const knex = require('knex')`: the module an identifier holds, or undefined. */
function requiredOrigin(identifier: ts.Identifier): string | undefined {
  const value = initializedVariable(identifier)?.initializer;
  return value !== undefined && ts.isCallExpression(skipOuter(value))
    ? requiredModule(skipOuter(value))
    : undefined;
}

function lazyLibraryOrigin(expression: ts.Expression, seen: Set<ts.Node>): string | undefined {
  let current = skipOuter(expression);
  if (seen.has(current) || seen.size > 20) return undefined;
  seen.add(current);
  // `features.query` where `const features = new Features(Product.find())`: what the class stores there.
  if (ts.isPropertyAccessExpression(current) && ts.isIdentifier(skipOuter(current.expression))) {
    const fromInstance = instancePropertyOrigin(
      skipOuter(current.expression) as ts.Identifier,
      current.name.text,
      seen,
    );
    if (fromInstance !== undefined) return fromInstance;
  }
  // Down a chain of calls and members to its root: knex('t').where(…) → knex.
  while (
    ts.isCallExpression(current) ||
    ts.isPropertyAccessExpression(current) ||
    ts.isElementAccessExpression(current)
  ) {
    if (ts.isCallExpression(current)) {
      const required = requiredModule(current);
      if (required !== undefined) return lazyLibraries.has(required) ? required : undefined;
      current = skipOuter(current.expression);
    } else if (
      ts.isPropertyAccessExpression(current) &&
      current.expression.kind === ts.SyntaxKind.ThisKeyword
    ) {
      return thisPropertyOrigin(current, seen);
    } else {
      current = skipOuter(current.expression);
    }
  }
  if (!ts.isIdentifier(current)) return undefined;
  const declaration = findDeclaration(current);
  if (declaration === undefined) return undefined;
  const imported = importSource(declaration);
  if (imported !== undefined) return lazyLibraries.has(imported) ? imported : undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    return lazyLibraryOrigin(declaration.initializer, seen);
  }
  return undefined;
}

/** The origin of `instance.name` for `const instance = new Owner(…)` of a class declared in the file. */
function instancePropertyOrigin(
  instance: ts.Identifier,
  name: string,
  seen: Set<ts.Node>,
): string | undefined {
  const declaration = initializedVariable(instance);
  if (declaration === undefined) return undefined;
  const created = skipOuter(declaration.initializer);
  if (!ts.isNewExpression(created) || !ts.isIdentifier(created.expression)) return undefined;
  const owner = findDeclaration(created.expression);
  if (owner === undefined || !ts.isClassDeclaration(owner)) return undefined;
  return storedOrigin(owner, name, seen, created);
}

/** The origin of `this.x`: what its class stores there. */
function thisPropertyOrigin(access: ts.PropertyAccessExpression, seen: Set<ts.Node>): string | undefined {
  const owner = enclosingClass(access);
  return owner === undefined ? undefined : storedOrigin(owner, access.name.text, seen, undefined);
}

/**
 * The origin of what a class stores in `this.<name>`: every `this.<name> = value` of the class; for a value that is a
 * constructor parameter, the matching argument of `created` (or of every `new Owner(…)` of the file).
 */
function storedOrigin(
  owner: ts.ClassLikeDeclaration,
  name: string,
  seen: Set<ts.Node>,
  created: ts.NewExpression | undefined,
): string | undefined {
  for (const value of thisFieldAssignments(owner, name).map((assignment) => assignment.right)) {
    const found = lazyLibraryOrigin(value, seen) ?? constructorArgumentOrigin(owner, value, seen, created);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `this.query = query` where `query` is a constructor parameter: the matching argument of `new Owner(…)`. */
function constructorArgumentOrigin(
  owner: ts.ClassLikeDeclaration,
  value: ts.Expression,
  seen: Set<ts.Node>,
  created: ts.NewExpression | undefined,
): string | undefined {
  const inner = skipOuter(value);
  if (!ts.isIdentifier(inner)) return undefined;
  const parameter = findDeclaration(inner);
  if (parameter === undefined || !ts.isParameter(parameter) || !ts.isConstructorDeclaration(parameter.parent))
    return undefined;
  const index = parameter.parent.parameters.indexOf(parameter);
  if (created !== undefined) {
    const argument = created.arguments?.[index];
    return argument === undefined ? undefined : lazyLibraryOrigin(argument, seen);
  }
  const className = owner.name?.text;
  if (className === undefined) return undefined;
  let found: string | undefined;
  forEachDescendant(owner.getSourceFile(), (node) => {
    if (found !== undefined) return 'skip';
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === className) {
      const argument = node.arguments?.[index];
      if (argument !== undefined) found = lazyLibraryOrigin(argument, seen);
    }
    return undefined;
  });
  return found;
}

/** True for `Promise`, `PromiseLike` (unknown laziness: assume eager) and classes extending them. */
function isNativePromise(type: ts.Type, checker: ts.TypeChecker, program: ts.Program): boolean {
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  if (symbol === undefined) return true;
  const name = symbol.getName();
  if (name === 'Promise' || name === 'PromiseLike' || name === 'Thenable') return true;
  const declarations = symbol.getDeclarations() ?? [];
  if (declarations.some((declaration) => program.isSourceFileDefaultLibrary(declaration.getSourceFile()))) {
    return true;
  }
  const target =
    type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference
      ? (type as ts.TypeReference).target
      : type;
  if (target.isClassOrInterface()) {
    for (const base of checker.getBaseTypes(target)) if (isNativePromise(base, checker, program)) return true;
  }
  // An object literal type or anonymous `{ then(): … }` has no class to be lazy by: leave it alone.
  return !(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface));
}

/** True when the reference (`q`, `this.query`) is assigned between the two uses (in source order). */
function reassignedBetween(text: string, first: ts.Node, second: ts.Node): boolean {
  const from = first.getEnd();
  const to = second.getStart();
  const fn = enclosingFunction(first) ?? first.getSourceFile();
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.getEnd() < from || node.getStart() > to) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      node.left.getStart() > from &&
      referenceText(node.left) === text
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

/** True when the two uses cannot both run: if/else, `?:`, different `case`s, try/catch (a retry), or an exit between. */
function exclusivePaths(first: ts.Node, second: ts.Node): boolean {
  const ancestorsOfFirst: ts.Node[] = [];
  for (
    let current: ts.Node | undefined = first;
    current !== undefined;
    current = current.parent as ts.Node | undefined
  ) {
    ancestorsOfFirst.push(current);
  }
  let common: ts.Node | undefined;
  let secondChild: ts.Node = second;
  for (
    let current: ts.Node | undefined = second;
    current !== undefined;
    current = current.parent as ts.Node | undefined
  ) {
    if (ancestorsOfFirst.includes(current)) {
      common = current;
      break;
    }
    secondChild = current;
  }
  if (common === undefined) return false;
  const firstChild = ancestorsOfFirst[ancestorsOfFirst.indexOf(common) - 1];
  if (firstChild === undefined) return false;
  if (
    ts.isIfStatement(common) &&
    firstChild === common.thenStatement &&
    secondChild === common.elseStatement
  ) {
    return true;
  }
  if (
    ts.isConditionalExpression(common) &&
    firstChild === common.whenTrue &&
    secondChild === common.whenFalse
  ) {
    return true;
  }
  if (ts.isCaseBlock(common)) return true;
  if (ts.isTryStatement(common) && firstChild === common.tryBlock && secondChild === common.catchClause)
    return true;
  // An exit (return/throw/break/continue) after the first use, inside the branch that holds it, before the second.
  for (let index = ancestorsOfFirst.indexOf(common) - 1; index >= 1; index--) {
    const node = ancestorsOfFirst[index];
    const child = ancestorsOfFirst[index - 1];
    if (node === undefined || child === undefined) continue;
    if (ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      const statements = node.statements;
      const at = statements.indexOf(child as ts.Statement);
      for (const statement of statements.slice(at + 1)) {
        if (
          ts.isReturnStatement(statement) ||
          ts.isThrowStatement(statement) ||
          ts.isBreakStatement(statement) ||
          ts.isContinueStatement(statement)
        ) {
          return true;
        }
      }
    }
    // `if (a) return await q;` directly in an if without a block.
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) return true;
  }
  return false;
}
