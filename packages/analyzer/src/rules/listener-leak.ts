import ts from '../typescript.cjs';
import { normalizedText, rootOfChain, skipOuter, skipOuterUp } from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isAsyncFunction } from '../analysis/syntax/functions.js';
import { findDeclaration, importSource } from '../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, isWithin } from '../analysis/syntax/walk.js';
import { isTestFile } from '../analysis/project/test-code.js';
import { defineRule } from '../rule.js';
import {
  emitterOrigin,
  endsEmitter,
  isAbortSignal,
  type Origin,
  recreatedIn,
} from './listener-leak/emitter-origin.js';
import { droppedWithoutRemoval, endingWithoutRemoval } from './listener-leak/lifecycle.js';
import {
  eventText,
  isFreshFunction,
  type Registration,
  type Removal,
  registrationOf,
} from './listener-leak/registration.js';
import { compareRemoval, type Match, removalsIn } from './listener-leak/removal.js';
import {
  insideLoop,
  isExecutor,
  isUncalledExport,
  isImmediatelyInvoked,
  type PerCall,
  perCallReason,
  reinvocation,
} from './listener-leak/repetition.js';
import { awaitSkippingRemoval, settleWithoutRemoval } from './listener-leak/settle-paths.js';

/** Modules whose `on(target, event)` is a function taking the target first (not an emitter method). */
const helperModules = new Set(['events', 'node:events', '@awaitwise/core']);

const fixHelp =
  'Remove it on every path (`off` in `finally`), pass `{ signal }`, or use `waitFor(target, event, { signal })` / ' +
  '`on(target, event)` from @awaitwise/core.';

/**
 * `listener-leak`: a listener added to an emitter that outlives the code adding it, and not removed on every way that
 * code ends. The rule follows where the emitter comes from (a global, a module-level object, a field, the instance,
 * a parameter such as a caller's `AbortSignal`, or an object the code creates) and how often the adding code runs (a
 * Promise executor, an async function, another listener, each pass of a retry loop, each re-run of a reconnect, each
 * instance of a class with a lifecycle), and reports:
 * - a listener on a long-lived emitter added per call and never removed;
 * - an `abort` listener on a signal handed in by the caller, never removed;
 * - a listener removed on one way a promise settles but not on another (error, timeout, failed call), or removed
 *   after an `await` that can throw first;
 * - a listener re-added by every pass of a loop or every re-run of a function that restarts itself;
 * - a listener on `process`/`window`/a module emitter added per instance and left by `close`/`dispose`/`stop`…;
 * - a listener on an emitter the instance keeps and lets go (`detach`) without removing it;
 * - a removal that cannot match (another function — a fresh arrow or `.bind` —, another emitter, another capture flag).
 */
export default defineRule({
  meta: {
    id: 'listener-leak',
    description:
      'Reports listeners added to an emitter that outlives the call and not removed on every path.',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      leak:
        'This `{{method}}` adds a listener to `{{target}}` on every call ({{where}}) and nothing removes it: the ' +
        `listeners pile up with their closures. ${fixHelp}`,
      signal:
        'This `{{method}}` adds an `abort` listener to `{{target}}`, a signal the caller hands in, and never removes ' +
        'it: a signal shared by many calls keeps one listener (and its closure) per call. Remove it when the work ' +
        'settles (`removeEventListener` in `finally`) or pass `{ signal }` of a controller you abort then.',
      settle:
        'This `{{method}}` on `{{target}}` is still attached when the promise settles at line {{line}}: it is removed ' +
        `on another path only. ${fixHelp}`,
      thrown:
        'This `{{method}}` on `{{target}}` is removed only if the `await` at line {{line}} succeeds: when it throws, ' +
        'the listener stays. Remove it in `finally`.',
      repeated:
        'This `{{method}}` adds another listener to `{{target}}` {{where}} and nothing removes the previous one: ' +
        'they pile up with every attempt. Add it once outside, or remove it before trying again.',
      lifecycle:
        'This `{{method}}` adds a listener to `{{target}}` for each instance, and `{{ending}}` never removes it: ' +
        'ended instances stay reachable and keep reacting. Remove it in `{{ending}}`.',
      dropped:
        'This `{{method}}` adds a listener to `{{target}}`, which the instance keeps; `{{ending}}` lets it go ' +
        'without removing the listener. Keep the handler and remove it there.',
      factory:
        'This `{{method}}` keeps each object this function makes reachable from `{{target}}` until its event comes, ' +
        'which may never happen: only the listener itself removes it. Remove it also when the object is closed or ' +
        'disposed.',
      mismatch:
        'This `{{method}}` is never removed: the removal at line {{line}} {{why}}, so it takes off nothing. Remove ' +
        'the same function from the same emitter{{capture}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;
    const testFile = isTestFile(sourceFile.fileName);
    let fileRemovals: ReturnType<typeof removalsIn> | undefined;
    const allRemovals = () => (fileRemovals ??= removalsIn(sourceFile));

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const added = registrationOf(node);
        if (added === undefined || added.removedByOptions || !valueDropped(node)) return;
        const root = rootOfChain(added.target);
        if (ts.isIdentifier(root) && helperModules.has(importSource(findDeclaration(root)) ?? '')) return;
        const fn = enclosingFunction(node);
        if (fn === undefined) return;
        const checker = context.getTypeChecker();
        const origin = emitterOrigin(added.target, fn);
        const targetText = normalizedText(added.target, sourceFile);
        const report = (
          messageId: Parameters<typeof context.report>[0]['messageId'],
          data: Record<string, string>,
        ): void => {
          context.report({
            node: added.methodName,
            messageId,
            data: { method: `.${added.method}`, target: targetText, ...data },
          });
        };
        const lineOf = (at: ts.Node) =>
          String(sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile)).line + 1);

        // A loop that adds a listener each pass to an emitter made before the loop.
        const loop = outermostLoop(node, fn);
        if (loop !== undefined && !added.once && addedAgainEachPass(added, loop, checker)) {
          report('repeated', { where: 'on every pass of this loop' });
          return;
        }
        if (origin.kind === 'local' || (testFile && madePerTest(added.target))) return;

        const matches = allRemovals().map((removal) => ({
          removal,
          match: compareRemoval(removal, added, checker),
        }));
        const removed = matches.some(({ match }) => match === 'removes');
        if (!removed && !added.once) {
          const wrong = matches.find(({ removal, match }) => isMismatch(match, origin, removal, added));
          if (wrong !== undefined) {
            report('mismatch', {
              line: lineOf(wrong.removal.call),
              why: mismatchReason(wrong.match),
              capture: wrong.match === 'other-capture' ? ', with the same capture flag' : '',
            });
            return;
          }
        }

        if (isExecutor(fn) && !endsEmitter(added.target, fn)) {
          const removedInExecutor = removalsIn(fn).some(
            (removal) => compareRemoval(removal, added, checker) === 'removes',
          );
          // `once` alone is cleanup enough unless the emitter surely outlives the wait (a parameter or a field may be a
          // stream or channel that ends with it).
          const longLived = origin.kind === 'global' || origin.kind === 'module' || origin.kind === 'self';
          if (removedInExecutor || (added.once && longLived)) {
            const settle = settleWithoutRemoval(added, fn, checker);
            if (settle !== undefined) {
              report('settle', { line: lineOf(settle) });
              return;
            }
          }
        }
        // A test whose await fails ends there; what it leaves on `process` is the runner's to reset.
        if (isAsyncFunction(fn) && !testFile) {
          const skipping = awaitSkippingRemoval(added, fn, checker);
          if (skipping !== undefined) {
            report('thrown', { line: lineOf(skipping) });
            return;
          }
        }
        if (added.once) return;

        if (origin.kind === 'global' || origin.kind === 'module') {
          const ending = endingWithoutRemoval(added, fn, checker);
          if (ending !== undefined) {
            report('lifecycle', { ending: memberText(ending) });
            return;
          }
        }
        if (origin.kind === 'parameter') {
          const ending = droppedWithoutRemoval(added, fn, origin.parameter);
          if (ending !== undefined) {
            report('dropped', { ending: memberText(ending) });
            return;
          }
        }
        const removedInFunction = (scope: ts.Node) =>
          removalsIn(scope).some((removal) => compareRemoval(removal, added, checker) === 'removes');
        const rerun = reinvocation(fn);
        if (
          rerun !== undefined &&
          origin.kind !== 'parameter' &&
          !recreatedIn(added.target, fn) &&
          !removedInFunction(fn) &&
          !endsEmitter(added.target, fn)
        ) {
          report('repeated', { where: `each time it runs again (line ${lineOf(rerun)})` });
          return;
        }
        if (removed) {
          // A listener that only takes itself off when its event comes is gone only if the event comes: enough per
          // call, not for an object made per call that it keeps reachable until then.
          const body = handlerBody(added);
          const elsewhere = matches.some(
            ({ removal, match }) =>
              match === 'removes' && (body === undefined || !isWithin(removal.call, body)),
          );
          if (elsewhere || !returnsWhatItListensFor(fn, added)) return;
          if (endsEmitter(added.target, outermost(fn))) return;
          report('factory', {});
          return;
        }
        // The same function taken off some spelling of the signal (`params.parent.signal` / `this.parent.signal`).
        const removedSomewhere = matches.some(({ match }) => match === 'other-target');
        if (origin.kind !== 'self' && !removedSomewhere && isAbortSignal(added.target, checker)) {
          if (!isExecutor(fn) || !endsEmitter(added.target, fn)) {
            report('signal', {});
            return;
          }
        }
        if (origin.kind === 'parameter' || origin.kind === 'self') return;
        // `process`/`window` handlers in an exported entry point that nothing in its file calls (`start()` called by a
        // cluster runner): installed once per process as far as we can see.
        if (origin.kind === 'global' && isAsyncFunction(fn) && isUncalledExport(fn)) return;
        const perCall = perCallWhere(fn, origin);
        if (perCall === undefined) {
          if (!isImmediatelyInvoked(fn) && returnsWhatItListensFor(fn, added)) report('factory', {});
          return;
        }
        if (endsEmitter(added.target, outermost(fn))) return;
        report('leak', { where: perCall });
      },
    };
  },
});

/** True when the call's value is dropped or only used to chain another `.on`. */
function valueDropped(call: ts.CallExpression): boolean {
  const outer = skipOuterUp(call);
  const parent = outer.parent;
  if (ts.isExpressionStatement(parent)) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.expression === outer) return true;
  if (ts.isVoidExpression(parent)) return true;
  // The expression body of an arrow (`(r) => emitter.on('x', r)`): the executor ignores what it returns.
  return ts.isArrowFunction(parent) && parent.body === outer;
}

function isMismatch(match: Match, origin: Origin, removal: Removal, added: Registration): boolean {
  // Only a removal of the very event added says what it meant to take off (not a generic `removeListener(event, fn)`).
  const event = eventText(added.event);
  if (event === undefined || eventText(removal.event) !== event) return false;
  if (match === 'other-function' || match === 'other-capture') return true;
  return match === 'other-target' && origin.kind !== 'parameter';
}

function mismatchReason(match: Match): string {
  if (match === 'other-function')
    return 'passes another function (a fresh arrow or `.bind` makes a new one each time)';
  if (match === 'other-capture') return 'uses another capture flag';
  return 'takes it off another emitter';
}

function memberText(member: ts.ClassElement): string {
  return `${member.name?.getText() ?? 'close'}()`;
}

function outermost(fn: FunctionLike): FunctionLike {
  let result = fn;
  for (let current = enclosingFunction(fn); current !== undefined; current = enclosingFunction(current))
    result = current;
  return result;
}

/** In a test file: an emitter assigned a new object by some function of the file (a per-test worker or fixture). */
function madePerTest(target: ts.Expression): boolean {
  const root = rootOfChain(target);
  const sourceFile = target.getSourceFile();
  const text = ts.isIdentifier(root) ? root.text : normalizedText(skipOuter(target), sourceFile);
  return (
    findDescendant(sourceFile, (node) => {
      if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
      if (normalizedText(node.left, sourceFile) !== text) return false;
      const value = skipOuter(node.right);
      const made = ts.isAwaitExpression(value) ? skipOuter(value.expression) : value;
      return (ts.isNewExpression(made) || ts.isCallExpression(made)) && enclosingFunction(node) !== undefined;
    }) !== undefined
  );
}

/** The outermost loop between `node` and its function: a name any of them declares changes per pass. */
function outermostLoop(node: ts.Node, fn: FunctionLike): ts.IterationStatement | undefined {
  let outer: ts.IterationStatement | undefined;
  for (let loop = insideLoop(node, fn); loop !== undefined; loop = insideLoop(loop, fn)) outer = loop;
  return outer;
}

/**
 * Each pass of `loop` adds the listener again to the same emitter: the emitter is made before the loop (not
 * declared or reassigned in it), the event does not change per pass, and nothing in the loop removes it.
 */
function addedAgainEachPass(
  added: Registration,
  loop: ts.IterationStatement,
  checker: ts.TypeChecker,
): boolean {
  const root = rootOfChain(added.target);
  if (!ts.isIdentifier(root) && root.kind !== ts.SyntaxKind.ThisKeyword) return false;
  if (ts.isIdentifier(root)) {
    const declaration = findDeclaration(root);
    if (declaration === undefined && !['process', 'window', 'document', 'globalThis'].includes(root.text))
      return false;
    if (declaration !== undefined && isWithin(declaration, loop)) return false;
  }
  const sourceFile = loop.getSourceFile();
  const target = normalizedText(added.target, sourceFile);
  const changes =
    findDescendant(
      loop,
      (node) =>
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        target.startsWith(normalizedText(node.left, sourceFile)),
    ) !== undefined;
  if (changes || dependsOnLoop(added.event, loop) || dependsOnLoop(added.target, loop)) return false;
  // `emitter.on(event, listener)` over a list of listeners: another function each pass.
  if (!isFreshFunction(added.handler) && dependsOnLoop(added.handler, loop)) return false;
  // A loop whose body waits for the listener's promise and ends the emitter, or removes it: no pile-up.
  if (removalsIn(loop).some((removal) => compareRemoval(removal, added, checker) === 'removes')) return false;
  return !endsEmitter(added.target, loop);
}

/** The expression reads a name declared in the loop (its variable, or a `const` of its body). */
function dependsOnLoop(expression: ts.Expression, loop: ts.IterationStatement): boolean {
  let depends = false;
  forEachDescendant(expression, (node) => {
    if (!ts.isIdentifier(node)) return;
    const declaration = findDeclaration(node);
    if (declaration !== undefined && isWithin(declaration, loop)) depends = true;
  });
  if (ts.isIdentifier(skipOuter(expression))) {
    const declaration = findDeclaration(skipOuter(expression) as ts.Identifier);
    if (declaration !== undefined && isWithin(declaration, loop)) depends = true;
  }
  return depends;
}

/** Why the code runs per call, as the message says it, or undefined when it runs once (setup code). */
function perCallWhere(fn: FunctionLike, origin: Origin): string | undefined {
  const perCall: PerCall | undefined = perCallReason(fn);
  if (perCall === 'executor') return 'inside a Promise executor';
  if (ts.isConstructorDeclaration(fn)) {
    // A constructor adding to process-wide objects leaks once per instance; most such classes are app-lifetime
    // singletons (a store, a service), so report only when the file makes instances per call (`new Worker()`).
    return origin.kind === 'global' && instantiatedPerCall(fn) ? 'in a constructor' : undefined;
  }
  if (perCall === 'async') return 'inside an async function';
  if (perCall === 'listener') return 'inside another listener';
  return undefined;
}

/**
 * A factory: `fn` makes an object, returns it, and the listener's code refers to it (`const context = new
 * AudioContext(); document.body.addEventListener('click', () => context.resume()); return context`). Each call leaves
 * one more object reachable from the long-lived emitter, unless something other than the listener itself removes it.
 */
function returnsWhatItListensFor(fn: FunctionLike, added: Registration): boolean {
  let made: ts.Identifier | undefined;
  forEachDescendant(fn, (node) => {
    if (made !== undefined || !ts.isReturnStatement(node) || node.expression === undefined) return;
    const value = skipOuter(node.expression);
    if (!ts.isIdentifier(value) || enclosingFunction(node) !== fn) return;
    const declaration = findDeclaration(value);
    if (
      declaration !== undefined &&
      ts.isVariableDeclaration(declaration) &&
      declaration.initializer !== undefined &&
      ts.isNewExpression(skipOuter(declaration.initializer))
    )
      made = value;
  });
  if (made === undefined) return false;
  const name = made.text;
  const body = handlerBody(added);
  if (body === undefined) return false;
  const refersToIt =
    findDescendant(body, (node) => ts.isIdentifier(node) && node.text === name) !== undefined;
  if (!refersToIt) return false;
  // Removed somewhere else than inside the listener itself: the factory's object has its own cleanup.
  const outside = removalsIn(fn).some((removal) => !isWithin(removal.call, body));
  return !outside;
}

/** The listener's code: the function passed, or the one a local name holds. */
function handlerBody(added: Registration): ts.Node | undefined {
  const handler = skipOuter(added.handler);
  if (!ts.isIdentifier(handler)) return handler;
  const declaration = findDeclaration(handler);
  if (declaration !== undefined && ts.isFunctionDeclaration(declaration)) return declaration;
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer === undefined
  )
    return undefined;
  return declaration.initializer;
}

/** Whether the constructor's class is instantiated inside a function of its own file (`new Worker()` per call). */
function instantiatedPerCall(constructor: FunctionLike): boolean {
  const owner = constructor.parent;
  if (!ts.isClassDeclaration(owner) || owner.name === undefined) return false;
  const name = owner.name.text;
  return (
    findDescendant(
      constructor.getSourceFile(),
      (node) =>
        ts.isNewExpression(node) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === name &&
        perCallOrFunction(node),
    ) !== undefined
  );
}

/** A `new` inside some function other than a module-level IIFE. */
function perCallOrFunction(node: ts.Node): boolean {
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) {
    if (!isImmediatelyInvoked(fn)) return true;
  }
  return false;
}
