/**
 * Timers that outlive their owner: a timer armed by an object that has an end (a class with a `close`/`destroy`/
 * `abort` or a React class component's unmount, a factory closure that hands out a `stop`, a React function component
 * or hook) whose handle the end cannot reach. The handle is dropped, or kept in a field or an outer variable that only
 * the arming code itself clears (before arming again, from the timer's own callback, or from a reply listener that
 * the end never triggers). Internal to the `timer-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  dottedName,
  normalizedText,
  skipOuter,
  skipOuterUp,
} from '../../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  type FunctionLike,
  isExecutor,
  isFunctionLike,
} from '../../analysis/syntax/functions.js';
import { lifecycleEndNames } from '../../analysis/project/lifecycle.js';
import { findDeclaration, importSource, requiredModule } from '../../analysis/syntax/scope.js';
import { calledName } from '../../analysis/syntax/run-once.js';
import { findDescendant, forEachDescendant, isWithin } from '../../analysis/syntax/walk.js';
import { moduleEndingCode, moduleTeardowns, outermostFunction } from './module-owner.js';
import { constantDelay } from './timer-calls.js';
import { handleTarget, handleUses } from './timer-promises.js';

/** The hooks Vue runs when a component (options API) goes away: Vue 3's and Vue 2's names. */
const vueEndHooks = new Set(['beforeUnmount', 'unmounted', 'beforeDestroy', 'destroyed']);

/** The hooks React and Angular run when a class component goes away. */
const frameworkEndHooks = new Set(['componentWillUnmount', 'ngOnDestroy']);

/** The members that end an object's life; a timer's owner also ends by being aborted, cancelled, quit or ended. */
const endingNames = new Set([...lifecycleEndNames, ...vueEndHooks, 'abort', 'cancel', 'quit', 'end']);

/** Calls that release a resource: a function (or a class's method) that makes one ends something. */
export const releaseCalls = new Set([
  'clearInterval',
  'clearTimeout',
  'removeListener',
  'removeAllListeners',
  'off',
  'removeEventListener',
  'close',
  'destroy',
  'end',
  'terminate',
  'disconnect',
  'abort',
  'unsubscribe',
  'dispose',
  'quit',
]);

/** The longest constant delay of a one-shot timer that only defers work (a tick, a frame, a debounce). */
const deferralDelay = 1000;

/** Who owns a timer, and the code that ends the owner. */
export interface TimerOwner {
  /**
   * `'class'`, `'closure'` and `'module'` (a file whose exported API has an end) end through `teardowns`; a
   * `'component'` ends when React unmounts it.
   */
  readonly kind: 'class' | 'closure' | 'component' | 'module';
  /** The class, the factory function or the component function. */
  readonly node: ts.Node;
  /** The members or inner functions that end the owner. */
  readonly teardowns: readonly ts.Node[];
  /** The member, inner function or handler of the owner whose code arms the timer. */
  readonly arming: ts.Node;
  /** For a class (ES or prototype spelling), its members by name. */
  readonly members?: ReadonlyMap<string, ts.Node>;
  /**
   * True when a framework ends the owner through named hooks whether or not the code writes them (a React class
   * component unmounts, an Angular component is destroyed, a Vue component unmounts): only the code of those hooks
   * runs at the end, and an owner without them clears nothing there.
   */
  readonly frameworkEnded?: boolean;
}

/** True when `fn`'s own code (not nested functions) makes a release call. */
function releases(body: ts.Node): boolean {
  return (
    findDescendant(body, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const name = calleeName(node);
      return name !== undefined && releaseCalls.has(name);
    }) !== undefined
  );
}

/** The name of a class member as written (`close`, `[Symbol.dispose]`). */
function memberText(member: ts.ClassElement): string | undefined {
  if (member.name === undefined) return undefined;
  if (ts.isComputedPropertyName(member.name)) return `[${member.name.expression.getText()}]`;
  return member.name.getText();
}

/** True for a React class component: `class X extends Component`/`PureComponent` (through any namespace). */
function isReactClass(klass: ts.ClassLikeDeclaration): boolean {
  return (
    klass.heritageClauses?.some(
      (clause) =>
        clause.token === ts.SyntaxKind.ExtendsKeyword &&
        clause.types.some((type) => {
          const last = dottedName(type.expression)?.split('.').at(-1);
          return last === 'Component' || last === 'PureComponent';
        }),
    ) === true
  );
}

/**
 * True for an Angular component or directive: a class decorated with `@Component(…)`/`@Directive(…)` of
 * `@angular/core`. Angular destroys it (running `ngOnDestroy` when it has one) when its view goes away.
 */
function isAngularComponent(klass: ts.ClassLikeDeclaration): boolean {
  const decorators = ts.canHaveDecorators(klass) ? ts.getDecorators(klass) : undefined;
  return (
    decorators?.some((decorator) => {
      const expression = skipOuter(decorator.expression);
      if (!ts.isCallExpression(expression)) return false;
      const callee = skipOuter(expression.expression);
      const name = ts.isIdentifier(callee) ? callee : undefined;
      if (name === undefined || (name.text !== 'Component' && name.text !== 'Directive')) return false;
      return importSource(findDeclaration(name)) === '@angular/core';
    }) === true
  );
}

/** True when a class member or inner function is named as the end of a life (`close`, `componentWillUnmount` …). */
function isEndingMember(member: ts.Node): boolean {
  if (ts.isMethodDeclaration(member) || ts.isPropertyDeclaration(member)) {
    const text = memberText(member);
    return text !== undefined && endingNames.has(text);
  }
  if (ts.isFunctionDeclaration(member)) return member.name !== undefined && endingNames.has(member.name.text);
  const parent = isFunctionLike(member) ? skipOuterUp(member).parent : undefined;
  return (
    parent !== undefined &&
    ts.isVariableDeclaration(parent) &&
    ts.isIdentifier(parent.name) &&
    endingNames.has(parent.name.text)
  );
}

/** The members of `klass` that end an instance: ending names, or members that release something. */
function classTeardowns(klass: ts.ClassLikeDeclaration): ts.ClassElement[] {
  return klass.members.filter((member) => {
    if (!ts.isMethodDeclaration(member) && !ts.isPropertyDeclaration(member)) return false;
    if (isEndingMember(member)) return true;
    const body = ts.isMethodDeclaration(member) ? member.body : member.initializer;
    return body !== undefined && isFunctionLikeBody(member) && releases(body);
  });
}

/** True for a method, or a property initialized with a function. */
function isFunctionLikeBody(member: ts.ClassElement): boolean {
  if (ts.isMethodDeclaration(member)) return true;
  return (
    ts.isPropertyDeclaration(member) &&
    member.initializer !== undefined &&
    isFunctionLike(skipOuter(member.initializer))
  );
}

/** The functions declared directly in `fn`'s body (declarations and `const f = () => …`), with their names. */
function innerFunctions(fn: FunctionLike): Array<{ name: string; node: FunctionLike }> {
  const found: Array<{ name: string; node: FunctionLike }> = [];
  if (fn.body === undefined || !ts.isBlock(fn.body)) return found;
  for (const statement of fn.body.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name !== undefined) {
      found.push({ name: statement.name.text, node: statement });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const initializer = declaration.initializer && skipOuter(declaration.initializer);
        if (ts.isIdentifier(declaration.name) && initializer !== undefined && isFunctionLike(initializer)) {
          found.push({ name: declaration.name.text, node: initializer });
        }
      }
    }
  }
  return found;
}

/** True when the inner function `name` leaves `fn` other than by a direct call: returned, stored, handed on. */
function exposed(fn: FunctionLike, name: string): boolean {
  return (
    findDescendant(fn, (node) => {
      if (ts.isShorthandPropertyAssignment(node)) return node.name.text === name;
      if (!ts.isIdentifier(node) || node.text !== name) return false;
      const parent = node.parent;
      if (ts.isCallExpression(parent) && parent.expression === node) return false;
      if (ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent)) return false;
      if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
      return (
        ts.isPropertyAssignment(parent) ||
        ts.isReturnStatement(parent) ||
        ts.isCallExpression(parent) ||
        (ts.isBinaryExpression(parent) && parent.right === node) ||
        ts.isArrayLiteralExpression(parent)
      );
    }) !== undefined
  );
}

/** The inner functions of a factory closure that end what it made (and leave it: returned, registered). */
function closureTeardowns(fn: FunctionLike): FunctionLike[] {
  const inner = innerFunctions(fn);
  const releasing = (candidate: FunctionLike, depth: number): boolean => {
    if (candidate.body === undefined) return false;
    if (releases(candidate.body)) return true;
    if (depth > 1) return false;
    // `terminate() { stopWatchdog(); … }`: one level of the closure's own helpers.
    return (
      findDescendant(candidate.body, (node) => {
        if (!ts.isCallExpression(node) || !ts.isIdentifier(skipOuter(node.expression))) return false;
        const callee = (skipOuter(node.expression) as ts.Identifier).text;
        const helper = inner.find((entry) => entry.name === callee);
        return helper !== undefined && releasing(helper.node, depth + 1);
      }) !== undefined
    );
  };
  return inner
    .filter((entry) => exposed(fn, entry.name) && (endingNames.has(entry.name) || releasing(entry.node, 0)))
    .map((entry) => entry.node);
}

/** True when a function's own body calls a React hook (`useState`, `React.useEffect`, a custom `useX`). */
function callsHooks(fn: FunctionLike): boolean {
  if (fn.body === undefined || !ts.isBlock(fn.body)) return false;
  return fn.body.statements.some(
    (statement) =>
      findDescendant(statement, (node) => {
        if (isFunctionLike(node)) return false;
        if (!ts.isCallExpression(node)) return false;
        const name = calleeName(node);
        return name !== undefined && /^use[A-Z]/.test(name) && enclosingFunction(node) === fn;
      }) !== undefined,
  );
}

/** The class member whose code runs `node` (a method, an accessor, an arrow field, the constructor). */
function classMember(node: ts.Node): { klass: ts.ClassLikeDeclaration; member: ts.ClassElement } | undefined {
  for (let current: ts.Node = node; !ts.isSourceFile(current); current = current.parent) {
    if (ts.isClassLike(current.parent) && !ts.isClassLike(current)) {
      const member = current as ts.ClassElement;
      const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined;
      if (modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) return undefined;
      return { klass: current.parent, member };
    }
  }
  return undefined;
}

/** The name of an object literal's member (`mounted() {}`, `tick: function () {}`, `'x': () => …`). */
function literalMemberName(member: ts.ObjectLiteralElementLike): string | undefined {
  const name = member.name;
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/** The function a literal member holds (a method, or a property whose value is a function). */
function literalMemberFunction(member: ts.ObjectLiteralElementLike): FunctionLike | undefined {
  if (ts.isMethodDeclaration(member)) return member;
  if (ts.isPropertyAssignment(member)) {
    const value = skipOuter(member.initializer);
    return isFunctionLike(value) ? value : undefined;
  }
  return undefined;
}

/** True when the file imports or requires Vue (`vue`, `@vue/…`). */
function importsVue(sourceFile: ts.SourceFile): boolean {
  const isVue = (module: string): boolean => module === 'vue' || module.startsWith('@vue/');
  return sourceFile.statements.some((statement) => {
    if (ts.isImportDeclaration(statement))
      return ts.isStringLiteral(statement.moduleSpecifier) && isVue(statement.moduleSpecifier.text);
    if (!ts.isVariableStatement(statement)) return false;
    return statement.declarationList.declarations.some((declaration) => {
      const module = declaration.initializer && requiredModule(skipOuter(declaration.initializer));
      return module !== undefined && isVue(module);
    });
  });
}

/** The hooks and keys only a Vue component's options have, of which a component uses at least one. */
const vueOptionKeys = new Set([
  'mounted',
  'created',
  'beforeMount',
  'beforeCreate',
  'methods',
  'data',
  'setup',
]);

/**
 * True for the options object of a Vue component: handed to `defineComponent`/`Vue.extend`/`Vue.component`/`new
 * Vue`, or the default export of a file that imports Vue, with a lifecycle hook or `methods`/`data`/`setup`.
 */
function isVueOptions(literal: ts.ObjectLiteralExpression): boolean {
  const hasKey = literal.properties.some((member) => {
    const name = literalMemberName(member);
    return name !== undefined && (vueOptionKeys.has(name) || vueEndHooks.has(name));
  });
  if (!hasKey) return false;
  const outer = skipOuterUp(literal);
  const parent = outer.parent;
  if (ts.isExportAssignment(parent)) return importsVue(literal.getSourceFile());
  if (
    (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    parent.arguments?.includes(outer as ts.Expression)
  ) {
    const name = calleeName(parent);
    if (name === 'defineComponent') return true;
    if (name === 'extend' || name === 'component' || name === 'Vue')
      return importsVue(literal.getSourceFile()) || dottedName(parent.expression)?.startsWith('Vue') === true;
  }
  return false;
}

/**
 * The member of a Vue component's options (a hook, or a method under `methods`) whose code runs `node`, with the
 * component's options and every hook and method by name (what `this.name()` calls).
 */
function vueMember(
  node: ts.Node,
): { options: ts.ObjectLiteralExpression; members: Map<string, ts.Node>; member: FunctionLike } | undefined {
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) {
    const holder = ts.isMethodDeclaration(fn) ? fn : skipOuterUp(fn).parent;
    if (!ts.isMethodDeclaration(holder) && !ts.isPropertyAssignment(holder)) continue;
    const literal = holder.parent;
    if (!ts.isObjectLiteralExpression(literal)) continue;
    let options: ts.ObjectLiteralExpression | undefined;
    if (isVueOptions(literal)) options = literal;
    else {
      // A method under `methods: { … }`.
      const methods = literal.parent;
      if (
        ts.isPropertyAssignment(methods) &&
        literalMemberName(methods) === 'methods' &&
        ts.isObjectLiteralExpression(methods.parent) &&
        isVueOptions(methods.parent)
      ) {
        options = methods.parent;
      }
    }
    if (options === undefined) return undefined;
    const members = new Map<string, ts.Node>();
    for (const property of options.properties) {
      const name = literalMemberName(property);
      const value = ts.isPropertyAssignment(property) ? skipOuter(property.initializer) : undefined;
      if (name === 'methods' && value !== undefined && ts.isObjectLiteralExpression(value)) {
        for (const method of value.properties) {
          const methodName = literalMemberName(method);
          const body = literalMemberFunction(method);
          if (methodName !== undefined && body !== undefined) members.set(methodName, body);
        }
        continue;
      }
      const body = literalMemberFunction(property);
      if (name !== undefined && body !== undefined) members.set(name, body);
    }
    return { options, members, member: fn };
  }
  return undefined;
}

/** The owner of the timer armed by `call`, when it has an end; undefined otherwise. */
export function timerOwner(call: ts.CallExpression): TimerOwner | undefined {
  const inVue = vueMember(call);
  if (inVue !== undefined) {
    const { options, members, member } = inVue;
    const teardowns = [...members.entries()].filter(([name]) => vueEndHooks.has(name)).map(([, fn]) => fn);
    return { kind: 'class', node: options, teardowns, arming: member, members, frameworkEnded: true };
  }
  const inClass = classMember(call);
  if (inClass !== undefined) {
    const { klass, member } = inClass;
    // The member that arms the timer is no teardown for it because it clears a handle before arming again.
    const teardowns = classTeardowns(klass).filter(
      (teardown) => teardown !== member || isEndingMember(teardown),
    );
    const frameworkEnded = isReactClass(klass) || isAngularComponent(klass);
    if (teardowns.length === 0 && !frameworkEnded) return undefined;
    const members = new Map<string, ts.Node>();
    for (const element of klass.members) {
      const text = memberText(element);
      if (text !== undefined) members.set(text, element);
    }
    return { kind: 'class', node: klass, teardowns, arming: member, members, frameworkEnded };
  }
  const inPrototype = prototypeMember(call);
  if (inPrototype !== undefined) {
    const { members, member } = inPrototype;
    const teardowns = [...members.entries()]
      .filter(
        ([name, fn]) =>
          endingNames.has(name) || (fn !== member && fn.body !== undefined && releases(fn.body)),
      )
      .map(([, fn]) => fn);
    if (teardowns.length === 0) return undefined;
    return { kind: 'class', node: call.getSourceFile(), teardowns, arming: member, members };
  }
  let child: ts.Node = call;
  for (let fn = enclosingFunction(call); fn !== undefined; fn = enclosingFunction(fn)) {
    const arming = child === call ? fn : child;
    const teardowns = closureTeardowns(fn).filter((teardown) => !isWithin(call, teardown));
    if (teardowns.length > 0) return { kind: 'closure', node: fn, teardowns, arming };
    if (callsHooks(fn) && arming !== fn) return { kind: 'component', node: fn, teardowns: [], arming };
    child = fn;
  }
  return undefined;
}

/**
 * The module as the owner of a timer armed outside any class or closure owner, when the module exports an end (see
 * module-owner.ts); the arming code is the module-level function around the call, or the call's own statement.
 */
function moduleOwner(call: ts.CallExpression): TimerOwner | undefined {
  if (classMember(call) !== undefined || prototypeMember(call) !== undefined || vueMember(call) !== undefined)
    return undefined;
  const sourceFile = call.getSourceFile();
  const ends = moduleTeardowns(sourceFile, endingNames);
  if (ends.length === 0 || ends.some((end) => end.node !== undefined && isWithin(call, end.node)))
    return undefined;
  // An end the file does not resolve (`destroy: hub.destroy`) may clear anything: only a dropped handle is known to
  // be out of its reach, which the empty list of teardowns says.
  const teardowns = ends.every((end) => end.node !== undefined)
    ? ends.map((end) => end.node as FunctionLike)
    : [];
  let arming: ts.Node = outermostFunction(call) ?? call;
  if (arming === call) {
    while (!ts.isSourceFile(arming.parent)) arming = arming.parent;
  }
  return { kind: 'module', node: sourceFile, teardowns, arming };
}

/**
 * True when `call` arms a timer in the body of a React function component or hook as it renders (not in a callback
 * or an effect), dropping its handle or keeping it in a local nothing clears: every render starts one more timer, and
 * none is cleared when the component unmounts.
 */
export function armsPerRender(call: ts.CallExpression, sourceFile: ts.SourceFile): boolean {
  const fn = enclosingFunction(call);
  if (fn === undefined || !callsHooks(fn)) return false;
  // A component may be wrapped: `const Clock = memo(() => …)`.
  const wrapper = skipOuterUp(fn).parent;
  const holder = ts.isCallExpression(wrapper) ? skipOuterUp(wrapper).parent : undefined;
  const name =
    calledName(fn)?.text ??
    (holder !== undefined && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)
      ? holder.name.text
      : undefined);
  if (name === undefined || !/^(?:[A-Z]|use[A-Z])/.test(name)) return false;
  const target = handleTarget(call, fn);
  if (target === 'elsewhere') return false;
  if (target === 'dropped') return true;
  const root = skipOuter(target);
  if (!ts.isIdentifier(root)) return false;
  const declaration = findDeclaration(root);
  return (
    declaration !== undefined &&
    enclosingFunction(declaration) === fn &&
    handleUses(fn, target, sourceFile).filter((use) => !isWithin(use, call)).length === 0
  );
}

/** The event names a teardown emits on its own object (`this.emit('abort')`). */
function emittedEvents(teardowns: readonly ts.Node[]): Set<string> {
  const names = new Set<string>();
  for (const teardown of teardowns) {
    forEachDescendant(teardown, (node) => {
      if (ts.isCallExpression(node) && calleeName(node) === 'emit') {
        const first = node.arguments[0];
        if (first !== undefined && ts.isStringLiteralLike(first)) names.add(first.text);
      }
      return undefined;
    });
  }
  return names;
}

const listenCalls = new Set(['on', 'once', 'addListener', 'addEventListener', 'prependListener']);

/** True when `call` registers a listener of one of `events` (`x.on('close', …)`, `addEventListener('abort', …)`). */
function listensTo(call: ts.CallExpression, events: ReadonlySet<string>): boolean {
  const name = calleeName(call);
  const event = call.arguments[0];
  return (
    name !== undefined &&
    listenCalls.has(name) &&
    event !== undefined &&
    ts.isStringLiteralLike(event) &&
    events.has(event.text)
  );
}

/** True when the function holding `use` listens to an event the teardown emits (`this.on('abort', stop)`). */
function runsOnTeardownEvent(use: ts.Node, scope: ts.Node, events: ReadonlySet<string>): boolean {
  if (events.size === 0) return false;
  const holder = enclosingFunction(use);
  if (holder === undefined) return false;
  const listens = (call: ts.CallExpression): boolean => listensTo(call, events);
  const outer = skipOuterUp(holder).parent;
  if (ts.isCallExpression(outer) && listens(outer)) return true;
  const name = ts.isFunctionDeclaration(holder) ? holder.name?.text : undefined;
  if (name === undefined) return false;
  return (
    findDescendant(scope, (node) => {
      if (!ts.isCallExpression(node) || !listens(node)) return false;
      const handler = node.arguments[1];
      return (
        handler !== undefined &&
        ts.isIdentifier(skipOuter(handler)) &&
        (skipOuter(handler) as ts.Identifier).text === name
      );
    }) !== undefined
  );
}

/** What the owner's end leaves running about the timer armed by `call`, or undefined when it clears it. */
export type OwnerLeak = 'notClearedByTeardown' | 'componentTimer';

/**
 * Whether the timer armed by `call` survives its owner's end: its handle is dropped or only the arming code clears
 * it. A timer armed by the teardown itself (a grace period for the close) bounds the end and is left alone; so is a
 * one-shot timer with a short constant delay unless `strict` (it only defers work).
 */
export function ownerLeak(
  call: ts.CallExpression,
  kind: 'timeout' | 'interval',
  sourceFile: ts.SourceFile,
  strict: boolean,
): OwnerLeak | undefined {
  const owner = timerOwner(call) ?? moduleOwner(call);
  if (owner === undefined) return undefined;
  // A timer the end itself arms (a grace period before a forced close) bounds the end.
  const vue = ts.isObjectLiteralExpression(owner.node);
  if (owner.teardowns.some((teardown) => (vue || isEndingMember(teardown)) && isWithin(call, teardown)))
    return undefined;
  if (kind === 'timeout' && !strict) {
    // `setTimeout(fn)` without a delay runs on the next tick.
    const delay = call.arguments[1] === undefined ? 0 : constantDelay(call.arguments[1]);
    if (delay !== undefined && delay < deferralDelay) return undefined;
  }
  const fn = enclosingFunction(call);
  // A timer that settles a promise (`await new Promise((r) => setTimeout(r, ms))`) is a wait the owner's code is
  // paused on: the race and executor checks judge it.
  if (fn !== undefined && isExecutor(fn)) return undefined;
  const target = handleTarget(call, fn);
  if (target === 'elsewhere') return undefined;
  const callback = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
  if (owner.kind === 'component') {
    // A handler's timer matters when it updates the component (a state setter, after the unmount); often a
    // deliberate short feedback ("Copied!"), so only `strict` reports it.
    if (!strict || callback === undefined || !updatesState(callback, owner.node)) return undefined;
  }
  // A one-shot timer whose callback reaches nothing of the instance (no `this`, no field, only the arming code's own
  // locals and module code: deleting the message it just sent) does not fire on a finished object.
  if (
    kind === 'timeout' &&
    target === 'dropped' &&
    owner.kind === 'class' &&
    callback !== undefined &&
    isFunctionLike(callback) &&
    !reachesOwner(callback, owner.node, owner.arming)
  ) {
    return undefined;
  }
  if (owner.kind === 'module') {
    // A module's one-shot timer with its handle dropped is a deferred task of the module's life, not state its end
    // must stop; an interval, or a timeout kept in module state, is.
    if (kind === 'timeout' && target === 'dropped') return undefined;
    if (target !== 'dropped') {
      const root = skipOuter(target);
      const declaration = ts.isIdentifier(root) ? findDeclaration(root) : undefined;
      if (declaration === undefined || enclosingFunction(declaration) !== undefined) return undefined;
      if (owner.teardowns.length === 0) return undefined;
      const ending = moduleEndingCode(owner.teardowns);
      const reaching = handleUses(sourceFile, target, sourceFile).some(
        (use) =>
          !isWithin(use, call) &&
          (ending.some((node) => isWithin(use, node)) || inEndListener(use, sourceFile)),
      );
      if (reaching) return undefined;
    }
    return 'notClearedByTeardown';
  }
  if (target !== 'dropped') {
    const root = skipOuter(target);
    const isField = ts.isPropertyAccessExpression(root) && isInstance(root.expression);
    const isRef = ts.isPropertyAccessExpression(root) && root.name.text === 'current';
    const declaration = ts.isIdentifier(root) ? findDeclaration(root) : undefined;
    const ownerVariable =
      declaration !== undefined && isWithin(declaration, owner.node) && !isWithin(declaration, owner.arming);
    if (!isField && !isRef && !ownerVariable) return undefined;
    const events = emittedEvents(owner.teardowns);
    // A class with a teardown: only the code the teardown runs (its members, the members they call, the handlers of
    // the end events) clears the timer when the instance ends; a clear on the reply's path (`onMessage` clearing the
    // request timer) is skipped when the instance is closed before the reply comes.
    // A Vue component's teardowns are its end hooks; a React or Angular component ends by its framework's hook only
    // (its `close` or `stop` is a handler: a menu closing); another class's ends are its members named as an end.
    const ends = ts.isObjectLiteralExpression(owner.node)
      ? owner.teardowns
      : owner.teardowns.filter((teardown) =>
          owner.frameworkEnded === true
            ? ts.isClassElement(teardown) && frameworkEndHooks.has(memberText(teardown) ?? '')
            : isEndingMember(teardown) || isPrototypeEnd(teardown),
        );
    const ending =
      owner.kind === 'class' &&
      isField &&
      (ends.length > 0 || owner.frameworkEnded === true) &&
      owner.members !== undefined
        ? endingCode(owner.node, owner.members, ends, sourceFile)
        : undefined;
    const reaching = spellings(owner.node, target, isField, sourceFile)
      .flatMap((spelling) => handleUses(owner.node, spelling, sourceFile))
      .filter((use) => {
        if (isWithin(use, call)) return false;
        if (ending !== undefined) {
          return (
            ending.some((node) => isWithin(use, node)) ||
            inEndListener(use, owner.node) ||
            runsOnTeardownEvent(use, owner.node, events)
          );
        }
        return !isWithin(use, owner.arming) || runsOnTeardownEvent(use, owner.arming, events);
      });
    if (reaching.length > 0) return undefined;
  }
  return owner.kind === 'component' ? 'componentTimer' : 'notClearedByTeardown';
}

/**
 * The spellings of a handle in the owner: the handle itself, and for a field every `this.f`/`self.f` (`const self =
 * this`) that names the same field.
 */
function spellings(
  owner: ts.Node,
  target: ts.Expression,
  isField: boolean,
  sourceFile: ts.SourceFile,
): ts.Expression[] {
  const root = skipOuter(target);
  if (!isField || !ts.isPropertyAccessExpression(root)) return [target];
  const byText = new Map<string, ts.Expression>([[normalizedText(target, sourceFile), target]]);
  forEachDescendant(owner, (node) => {
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === root.name.text &&
      isInstance(node.expression)
    ) {
      const text = normalizedText(node, sourceFile);
      if (!byText.has(text)) byText.set(text, node);
    }
    return undefined;
  });
  return [...byText.values()];
}

/**
 * True when a timer's callback uses the instance: `this` (outside functions of its own), a variable holding it, or a
 * name the owner declares outside the arming code (another member's state, a closure owner's variables).
 */
function reachesOwner(callback: ts.Node, owner: ts.Node, arming: ts.Node): boolean {
  return (
    findDescendant(callback, (node) => {
      if (node.kind === ts.SyntaxKind.ThisKeyword) return true;
      if (!ts.isIdentifier(node)) return false;
      if (isInstance(node)) return true;
      const declaration = findDeclaration(node);
      return declaration !== undefined && isWithin(declaration, owner) && !isWithin(declaration, arming);
    }) !== undefined
  );
}

/** True for `this`, or a variable that holds it (`const self = this`). */
export function isInstance(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (!ts.isIdentifier(inner)) return false;
  const declaration = findDeclaration(inner);
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    declaration.initializer !== undefined &&
    skipOuter(declaration.initializer).kind === ts.SyntaxKind.ThisKeyword
  );
}

/** True when `node` is declared from a React hook's result (`const isMounted = useIsMounted()`, `useRef()`). */
function fromHook(node: ts.Node): boolean {
  let found = false;
  forEachDescendant(node, (current) => {
    if (found) return 'skip';
    if (ts.isIdentifier(current)) {
      const declaration = findDeclaration(current);
      const initializer =
        declaration !== undefined &&
        ts.isVariableDeclaration(declaration) &&
        declaration.initializer !== undefined
          ? skipOuter(declaration.initializer)
          : undefined;
      const name =
        initializer !== undefined && ts.isCallExpression(initializer) ? calleeName(initializer) : undefined;
      if (name !== undefined && /^use[A-Z]/.test(name) && name !== 'useState' && name !== 'useReducer')
        found = true;
    }
    return undefined;
  });
  return found;
}

/** True when `node` runs only under a condition on the component's lifetime (`if (isMounted())`, `ref.current`). */
function guardedByLifetime(node: ts.Node, callback: ts.Node): boolean {
  for (let current: ts.Node = node; current !== callback; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.expression !== current && fromHook(parent.expression)) return true;
    if (ts.isConditionalExpression(parent) && parent.condition !== current && fromHook(parent.condition))
      return true;
    if (
      ts.isBinaryExpression(parent) &&
      parent.right === current &&
      parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
      fromHook(parent.left)
    ) {
      return true;
    }
    // `if (!ref.current) return;` before the update, in the same block.
    if (ts.isBlock(parent)) {
      const index = parent.statements.indexOf(current as ts.Statement);
      const guard = parent.statements
        .slice(0, Math.max(index, 0))
        .some(
          (statement) =>
            ts.isIfStatement(statement) &&
            fromHook(statement.expression) &&
            findDescendant(statement.thenStatement, (inner) => ts.isReturnStatement(inner)) !== undefined,
        );
      if (guard) return true;
    }
  }
  return false;
}

/**
 * True when a timer callback calls a state setter of the component (`const [x, setX] = useState()`), other than
 * under a check of the component's lifetime (`if (isMounted())`).
 */
export function updatesState(callback: ts.Node, component: ts.Node): boolean {
  return (
    findDescendant(callback, (node) => {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(skipOuter(node.expression))) return false;
      if (guardedByLifetime(node, callback)) return false;
      const callee = skipOuter(node.expression) as ts.Identifier;
      const declaration = findDeclaration(callee);
      if (
        declaration === undefined ||
        !ts.isVariableDeclaration(declaration) ||
        !ts.isArrayBindingPattern(declaration.name) ||
        !isWithin(declaration, component)
      ) {
        return false;
      }
      const setter = declaration.name.elements[1];
      const initializer = declaration.initializer && skipOuter(declaration.initializer);
      const hook =
        initializer !== undefined && ts.isCallExpression(initializer) ? calleeName(initializer) : undefined;
      return (
        (hook === 'useState' || hook === 'useReducer') &&
        setter !== undefined &&
        ts.isBindingElement(setter) &&
        ts.isIdentifier(setter.name) &&
        setter.name.text === callee.text
      );
    }) !== undefined
  );
}

/** Events that end a resource or its owner: a handler of one runs when the owner's life ends. */
const endEvents = new Set([
  ...endingNames,
  'error',
  'exit',
  'finish',
  'closed',
  'disconnected',
  'unload',
  'pagehide',
]);

/** True when `use` runs in a handler of an end event (`socket.on('close', () => clearTimeout(this.t))`). */
function inEndListener(use: ts.Node, owner: ts.Node): boolean {
  for (let fn = enclosingFunction(use); fn !== undefined && isWithin(fn, owner); fn = enclosingFunction(fn)) {
    const outer = skipOuterUp(fn).parent;
    if (ts.isCallExpression(outer) && listensTo(outer, endEvents)) return true;
  }
  return false;
}

/**
 * The code of a class (`klass`: the class, or the file of a prototype-spelled one) that runs when an instance ends:
 * the teardowns, the members they call (`this.reset()`, transitively), the handlers of end events (inline, or a
 * member: `socket.on('close', this.onClose)`) and the members those call.
 */
function endingCode(
  klass: ts.Node,
  byName: ReadonlyMap<string, ts.Node>,
  teardowns: readonly ts.Node[],
  sourceFile: ts.SourceFile,
): ts.Node[] {
  const reached = new Set<ts.Node>(teardowns);
  // Members handed to an end event's listener.
  forEachDescendant(klass, (node) => {
    if (!ts.isCallExpression(node) || !listensTo(node, endEvents)) return undefined;
    const handler = node.arguments[1] === undefined ? undefined : skipOuter(node.arguments[1]);
    if (handler === undefined) return undefined;
    // An inline handler runs at the end, and so do the members it calls.
    if (isFunctionLike(handler)) {
      reached.add(handler);
      return undefined;
    }
    const reference = ts.isCallExpression(handler) ? skipOuter(handler.expression) : handler;
    const named =
      ts.isPropertyAccessExpression(reference) &&
      ts.isPropertyAccessExpression(skipOuter(reference.expression))
        ? (skipOuter(reference.expression) as ts.PropertyAccessExpression)
        : reference;
    if (ts.isPropertyAccessExpression(named) && isInstance(named.expression)) {
      const member = byName.get(named.name.text);
      if (member !== undefined) reached.add(member);
    }
    return undefined;
  });
  const queue = [...reached];
  while (queue.length > 0) {
    const current = queue.pop();
    if (current === undefined) break;
    forEachDescendant(current, (node) => {
      if (!ts.isCallExpression(node)) return undefined;
      const callee = skipOuter(node.expression);
      if (!ts.isPropertyAccessExpression(callee) || !isInstance(callee.expression)) return undefined;
      const member = byName.get(callee.name.getText(sourceFile));
      if (member !== undefined && !reached.has(member)) {
        reached.add(member);
        queue.push(member);
      }
      return undefined;
    });
  }
  return [...reached];
}

/**
 * The `Owner.prototype.name = function …` member whose code runs `node`, with every member of that prototype in the
 * file: a class in its ES5 spelling (a constructor function and methods assigned to its prototype).
 */
function prototypeMember(
  node: ts.Node,
): { members: Map<string, FunctionLike>; member: FunctionLike } | undefined {
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) {
    const owner = prototypeOwnerOf(fn);
    if (owner === undefined) continue;
    const members = new Map<string, FunctionLike>();
    forEachDescendant(fn.getSourceFile(), (current) => {
      if (!isFunctionLike(current)) return undefined;
      const assigned = prototypeOwnerOf(current);
      if (assigned !== undefined && assigned.owner === owner.owner) members.set(assigned.name, current);
      return undefined;
    });
    return { members, member: fn };
  }
  return undefined;
}

/** True for `Owner.prototype.close = function …` and the other ending names. */
function isPrototypeEnd(node: ts.Node): boolean {
  if (!isFunctionLike(node)) return false;
  const assigned = prototypeOwnerOf(node);
  return assigned !== undefined && endingNames.has(assigned.name);
}

/**
 * The owner whose prototype an object literal is: `Owner.prototype = { … }` or `Object.assign(Owner.prototype, { … })`
 * (a class in its ES5 spelling, its methods listed in one literal).
 */
function prototypeLiteralOwner(literal: ts.ObjectLiteralExpression): string | undefined {
  const outer = skipOuterUp(literal);
  const parent = outer.parent;
  let prototype: ts.Expression | undefined;
  if (
    ts.isBinaryExpression(parent) &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    parent.right === outer
  ) {
    prototype = skipOuter(parent.left);
  } else if (
    ts.isCallExpression(parent) &&
    dottedName(parent.expression) === 'Object.assign' &&
    parent.arguments.indexOf(outer as ts.Expression) > 0 &&
    parent.arguments[0] !== undefined
  ) {
    prototype = skipOuter(parent.arguments[0]);
  }
  if (
    prototype === undefined ||
    !ts.isPropertyAccessExpression(prototype) ||
    prototype.name.text !== 'prototype'
  ) {
    return undefined;
  }
  return dottedName(prototype.expression);
}

/**
 * For `Owner.prototype.name = function …`, and for a member of `Owner.prototype = { name: function … }` (or
 * `name() { … }`), the owner's and the member's names.
 */
function prototypeOwnerOf(fn: FunctionLike): { owner: string; name: string } | undefined {
  const parent = skipOuterUp(fn).parent;
  const literalMember = ts.isPropertyAssignment(parent)
    ? parent
    : ts.isMethodDeclaration(fn) && ts.isObjectLiteralExpression(fn.parent)
      ? fn
      : undefined;
  if (
    literalMember !== undefined &&
    ts.isObjectLiteralExpression(literalMember.parent) &&
    ts.isIdentifier(literalMember.name)
  ) {
    const owner = prototypeLiteralOwner(literalMember.parent);
    return owner === undefined ? undefined : { owner, name: literalMember.name.text };
  }
  if (
    !ts.isBinaryExpression(parent) ||
    parent.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
    skipOuter(parent.right) !== fn
  ) {
    return undefined;
  }
  const left = skipOuter(parent.left);
  if (!ts.isPropertyAccessExpression(left)) return undefined;
  const prototype = skipOuter(left.expression);
  if (!ts.isPropertyAccessExpression(prototype) || prototype.name.text !== 'prototype') return undefined;
  const owner = dottedName(prototype.expression);
  return owner === undefined ? undefined : { owner, name: left.name.text };
}
