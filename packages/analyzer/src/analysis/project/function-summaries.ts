/**
 * Function summaries: what a function of the program does to the stores, timers and emitters it touches, computed once
 * per program from its declaration wherever it is (another file, an object literal's method, a class field's arrow, an
 * `export default` function), and read by the rules at call sites.
 *
 * A rule describes what it cares about with an {@link EffectClassifier}: the effect a single call makes by itself (a
 * read of a key on a store, a create, a lock taken, a listener registered, a timer armed) and how to read key texts
 * out of an expression. The summary of a function is the effects its own calls make plus, a bounded number of calls
 * deep, the effects of the program's functions it calls, with every key written in terms of the function's
 * parameters. At a call site, {@link effectsAtCall} turns those parameter keys back into the caller's own texts
 * (`repo.findByEmail(body.email)` reads `body.email`), and a store reached through `this` into the receiver's text
 * (`this.users.findOne` inside `UserRepository` is `accounts.users` at `accounts.findByEmail(email)`).
 *
 * Library code is never followed: a call whose declaration is in a declaration file or below `node_modules` has no
 * summary (libraries are modelled by name and type in the classifiers). Results are memoised per declaration,
 * classifier and depth; a recursive call adds nothing (a cycle is summarised as what is found before it).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeReceiver, referenceText, skipOuter } from '../syntax/expressions.js';
import { type FunctionLike, isFunctionLike, programFunction } from '../syntax/functions.js';
import { forEachDescendant } from '../syntax/walk.js';

/**
 * How many calls deep below the called function a summary follows the program's own functions by default: a call
 * site sees the called function and two levels of helpers under it.
 */
export const summaryDepth = 2;

/** An effect one call makes by itself, as a classifier sees it. */
export interface Effect<K extends string = string> {
  /** What the call does, in the classifier's words (`read`, `create`, `lock`, `register`, `arm` …). */
  readonly kind: K;
  /** The method or statement that does it (`findOne`, `insert`, `set`, `on`). */
  readonly verb: string;
  /**
   * The store, emitter or timer table it acts on, as text: `sql:users`, `prisma.user`, `this.cache`. A text rooted in
   * `this` is rewritten to the receiver at each call site.
   */
  readonly store: string;
  /** The texts of the keys it acts on (identifiers and property chains: `email`, `profile.userId`). */
  readonly keys: ReadonlySet<string>;
}

/** What a rule recognises: the effect of a single call, and the key texts an expression holds. */
export interface EffectClassifier<K extends string = string> {
  /** The effect the call makes by itself, or undefined when it makes none the rule cares about. */
  effectOf(node: ts.CallExpression | ts.TaggedTemplateExpression): Effect<K> | undefined;
  /** The key texts an expression holds: its identifiers and property chains (object literals searched deeply). */
  keyTexts(node: ts.Node): ReadonlySet<string>;
}

/** A key of a summarised effect: a parameter (with a property path below it), or a text that is not a parameter. */
export type KeyReference = { readonly parameter: number; readonly path: string } | { readonly text: string };

/** An effect of a summarised function, with its keys in terms of the function's parameters. */
export interface SummaryEffect<K extends string = string> {
  readonly kind: K;
  readonly verb: string;
  readonly store: string;
  readonly keys: readonly KeyReference[];
  /** The call inside the function (or, through a helper, the call of that helper) that makes it. */
  readonly node: ts.CallExpression | ts.TaggedTemplateExpression;
  /** 0: a call the function makes itself; 1: a call of a function of the program that makes it (at any depth). */
  readonly depth: number;
}

/** What a function of the program does, as one classifier sees it. */
export interface FunctionSummary<K extends string = string> {
  readonly declaration: FunctionLike;
  readonly effects: readonly SummaryEffect<K>[];
}

/** An effect seen from a call site: keys and store in the caller's own texts. */
export interface CallEffect<K extends string = string> {
  readonly kind: K;
  readonly verb: string;
  readonly store: string;
  readonly keys: ReadonlySet<string>;
  /** The summarised function the call runs. */
  readonly declaration: FunctionLike;
}

type Memo = WeakMap<FunctionLike, Map<number, FunctionSummary>>;
const memos = new WeakMap<EffectClassifier, Memo>();
/** Declarations being summarised: a recursive call adds nothing. */
const inProgress = new WeakSet<FunctionLike>();

/**
 * The function of the program a call runs (`accounts.createAccount(p)`, `this.insertUser(u)`, `lookup(id)` imported
 * from another file), or undefined for library code, `node_modules`, and calls the checker cannot resolve.
 */
export function calledFunction(call: ts.CallExpression, checker: ts.TypeChecker): FunctionLike | undefined {
  const callee = skipOuter(call.expression);
  const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  const symbol = checker.getSymbolAtLocation(at);
  if (symbol === undefined) return undefined;
  const declaration = programFunction(symbol, checker);
  if (declaration === undefined || declaration.body === undefined) return undefined;
  if (/[\\/]node_modules[\\/]/.test(declaration.getSourceFile().fileName)) return undefined;
  return declaration;
}

/**
 * The summary of `fn` under `classifier`: the effects its calls make, and those of the program functions it calls up
 * to `depth` calls deep, keys in terms of its parameters. Memoised per declaration, classifier and depth.
 */
export function functionSummary<K extends string>(
  fn: FunctionLike,
  checker: ts.TypeChecker,
  classifier: EffectClassifier<K>,
  depth: number = summaryDepth,
): FunctionSummary<K> {
  let memo = memos.get(classifier);
  if (memo === undefined) {
    memo = new WeakMap();
    memos.set(classifier, memo);
  }
  let byDepth = memo.get(fn);
  if (byDepth === undefined) {
    byDepth = new Map();
    memo.set(fn, byDepth);
  }
  const known = byDepth.get(depth);
  if (known !== undefined) return known as FunctionSummary<K>;
  if (inProgress.has(fn)) return { declaration: fn, effects: [] };
  inProgress.add(fn);
  try {
    const summary = summarize(fn, checker, classifier, depth);
    byDepth.set(depth, summary);
    return summary;
  } finally {
    inProgress.delete(fn);
  }
}

function summarize<K extends string>(
  fn: FunctionLike,
  checker: ts.TypeChecker,
  classifier: EffectClassifier<K>,
  depth: number,
): FunctionSummary<K> {
  const effects: SummaryEffect<K>[] = [];
  const body = fn.body;
  if (body === undefined) return { declaration: fn, effects };
  const parameters = parameterPaths(fn);
  const reference = (text: string): KeyReference => {
    const root = /^[^.[]+/.exec(text)?.[0] ?? text;
    const at = parameters.get(root);
    return at === undefined ? { text } : { parameter: at.index, path: at.path + text.slice(root.length) };
  };
  const visit = (node: ts.Node): undefined => {
    if (!ts.isCallExpression(node) && !ts.isTaggedTemplateExpression(node)) return undefined;
    // a function of the program is known by what its body does, whatever its name says
    const callee = depth > 0 && ts.isCallExpression(node) ? calledFunction(node, checker) : undefined;
    if (callee !== undefined && callee !== fn) {
      const inner = effectsAtCall(node as ts.CallExpression, checker, classifier, depth - 1, callee);
      for (const effect of inner) {
        effects.push({
          kind: effect.kind,
          verb: effect.verb,
          store: effect.store,
          keys: [...effect.keys].map(reference),
          node,
          depth: 1,
        });
      }
      if (inner.length > 0) return undefined;
    }
    const own = classifier.effectOf(node);
    if (own !== undefined) {
      effects.push({
        kind: own.kind,
        verb: own.verb,
        store: own.store,
        keys: [...own.keys].map(reference),
        node,
        depth: 0,
      });
    }
    return undefined;
  };
  // an expression body is itself the first call the function makes
  if (!ts.isBlock(body)) visit(skipOuter(body));
  // callbacks the function hands to its own calls (`db.transaction(async (trx) => …)`) run as part of it
  forEachDescendant(body, visit);
  return { declaration: fn, effects };
}

/**
 * The effects of the program function `call` runs, in the caller's texts: each parameter key becomes the texts of the
 * argument given for it (a property of an object literal argument when the key is a property of the parameter), and a
 * store rooted in `this` becomes the receiver's text (`accounts.users` at `accounts.findByEmail(email)`; unchanged at
 * `this.findByEmail(email)`). Empty for library code and unresolved calls.
 */
export function effectsAtCall<K extends string>(
  call: ts.CallExpression,
  checker: ts.TypeChecker,
  classifier: EffectClassifier<K>,
  depth: number = summaryDepth,
  declaration: FunctionLike | undefined = calledFunction(call, checker),
): CallEffect<K>[] {
  if (declaration === undefined) return [];
  const summary = functionSummary(declaration, checker, classifier, depth);
  if (summary.effects.length === 0) return [];
  const receiverNode = calleeReceiver(call);
  const receiver = receiverNode === undefined ? undefined : referenceText(receiverNode);
  const className = enclosingClassName(declaration);
  const storeAt = (store: string): string => {
    if (store !== 'this' && !store.startsWith('this.') && !store.startsWith('this[')) return store;
    if (receiver !== undefined) return receiver + store.slice('this'.length);
    return `${className ?? '(object)'}#${store.slice('this'.length).replace(/^\./, '')}`;
  };
  return summary.effects.map((effect) => {
    const keys = new Set<string>();
    for (const key of effect.keys) {
      if ('text' in key) keys.add(key.text);
      else for (const text of argumentTexts(call, key.parameter, key.path, classifier)) keys.add(text);
    }
    return { kind: effect.kind, verb: effect.verb, store: storeAt(effect.store), keys, declaration };
  });
}

/** The caller's texts for parameter `index` with `path` below it (`.email`), from the argument given for it. */
function argumentTexts(
  call: ts.CallExpression,
  index: number,
  path: string,
  classifier: EffectClassifier,
): ReadonlySet<string> {
  const given = call.arguments[index];
  if (given === undefined || ts.isSpreadElement(given)) return new Set();
  const argument = skipOuter(given);
  const first = /^\.(\w+)/.exec(path)?.[1];
  if (first !== undefined && ts.isObjectLiteralExpression(argument)) {
    for (const property of argument.properties) {
      if (property.name === undefined || !ts.isIdentifier(property.name) || property.name.text !== first)
        continue;
      if (ts.isShorthandPropertyAssignment(property)) return new Set([property.name.text]);
      if (ts.isPropertyAssignment(property)) return classifier.keyTexts(property.initializer);
    }
    return new Set();
  }
  const whole = referenceText(argument);
  if (whole !== undefined) return new Set([whole + path]);
  return classifier.keyTexts(argument);
}

/**
 * The names a function's parameters bind, each with its parameter's index and the property path below it:
 * `(email)` binds `email` at 0; `({ email, profile: { id } })` binds `email` at 0 `.email` and `id` at 0
 * `.profile.id`.
 */
function parameterPaths(fn: FunctionLike): Map<string, { index: number; path: string }> {
  const paths = new Map<string, { index: number; path: string }>();
  const bind = (name: ts.BindingName, index: number, path: string): void => {
    if (ts.isIdentifier(name)) {
      paths.set(name.text, { index, path });
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        if (element.dotDotDotToken !== undefined) continue;
        const property = element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined);
        if (property === undefined || !ts.isIdentifier(property)) continue;
        bind(element.name, index, `${path}.${property.text}`);
      }
    }
  };
  // a TypeScript `this` parameter takes no argument: the arguments start after it
  const first = fn.parameters[0];
  const offset = first !== undefined && ts.isIdentifier(first.name) && first.name.text === 'this' ? 1 : 0;
  fn.parameters.forEach((parameter, index) => {
    if (index >= offset) bind(parameter.name, index - offset, '');
  });
  return paths;
}

/** The name of the class whose member `fn` is (a method, or an arrow in a class field). */
function enclosingClassName(fn: FunctionLike): string | undefined {
  for (let current: ts.Node = fn.parent; !ts.isSourceFile(current); current = current.parent) {
    if (ts.isClassLike(current)) return current.name?.text;
    if (isFunctionLike(current)) return undefined;
  }
  return undefined;
}
