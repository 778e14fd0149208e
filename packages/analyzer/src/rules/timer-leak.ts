import ts from '../typescript.cjs';
import { getRejectionAnalysis, type RejectionAnalysis } from '../analysis/can-reject.js';
import { validateBooleanOptions } from '../analysis/options.js';
import { isTestFile } from '../analysis/project/test-code.js';
import { isPromiseStatic, normalizedText, skipOuter, skipOuterUp } from '../analysis/syntax/expressions.js';
import { enclosingFunction, type FunctionLike, isFunctionLike } from '../analysis/syntax/functions.js';
import { findDeclaration, importSource } from '../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, forEachInFunction, isWithin } from '../analysis/syntax/walk.js';
import { defineRule } from '../rule.js';
import {
  chainedOn,
  clearedAfter,
  clearedWhenThrowing,
  fulfilmentOnlyLink,
} from './timer-leak/clear-paths.js';
import { deferredSettleLeak } from './timer-leak/deferred-settles.js';
import { errorPathLeak } from './timer-leak/error-paths.js';
import { enclosingEffect, intervalLeak, rearmedTimeout } from './timer-leak/intervals.js';
import { armsPerRender, ownerLeak } from './timer-leak/owners.js';
import {
  clearSites,
  executorAround,
  settleSites,
  uncoveredSettles,
  usesOutside,
} from './timer-leak/settle-paths.js';
import { branchLeavingTimer } from './timer-leak/teardown-branches.js';
import { clearedHandle, constantDelay, timerCallKind } from './timer-leak/timer-calls.js';
import {
  handleTarget,
  handleUses,
  isUnrefed,
  parameterName,
  type TimerPromise,
  TimerPromises,
} from './timer-leak/timer-promises.js';

type MessageId =
  | 'raceTimer'
  | 'raceClearedOnSuccess'
  | 'executorTimer'
  | 'executorInterval'
  | 'errorPathTimer'
  | 'timeoutHelper'
  | 'clearedOnSuccess'
  | 'abortTimer'
  | 'teardownBranch'
  | 'rearmed'
  | 'intervalPerCall'
  | 'rearmedTimeout'
  | 'effectWithoutCleanup'
  | 'neverClearedByClass'
  | 'notClearedByTeardown'
  | 'componentTimer'
  | 'renderTimer';

/** Options of `timer-leak`. */
export interface TimerLeakOptions {
  /**
   * Also report short waits in tests (a constant delay of at most a second, which cannot hold a test run open),
   * `setTimeout` in a React effect without a cleanup, and a timeout armed again over a handle that may be pending.
   * @default false
   */
  readonly strict: boolean;
}

const defaults: TimerLeakOptions = { strict: false };

/** The longest constant delay, in test code, that is a bounded wait rather than a leak (jest's exit grace period). */
const boundedTestWait = 1000;

/**
 * `timer-leak`: a timer that is never cleared on the path that wins. A `Promise.race`/`Promise.any` against a timer
 * promise (in every spelling) whose timer keeps running when the work wins; a timeout around an operation that is
 * cleared when it succeeds but not when it throws; a Promise executor that settles through the work and leaves its
 * timeout armed; a helper that returns a timeout nobody can clear; an interval armed again per call, started by a
 * React effect without cleanup, or never cleared by a class that has a teardown.
 */
export default defineRule<TimerLeakOptions, MessageId>({
  meta: {
    id: 'timer-leak',
    description: 'Reports timers that are not cleared on the path that wins (races, timeouts, intervals).',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      raceTimer:
        'This timer promise keeps its timer running after the race settles: it holds the process open and fires ' +
        'later for nothing. Use `timeout(work, ms)` from @awaitwise/core, or clear the timer in `finally`.',
      raceClearedOnSuccess:
        'This timer is cleared only when the race resolves: when the work rejects, the clear is skipped and the ' +
        'timer keeps running. Clear it in `finally`, or use `timeout(work, ms)` from @awaitwise/core.',
      executorTimer:
        'This timeout timer is not cleared when the promise settles the other way: it keeps running (and the ' +
        'process alive) after the work finished. Clear it on every path, or use `timeout(work, ms)` from @awaitwise/core.',
      executorInterval:
        'This interval is not cleared on every path that settles the promise: after a branch that resolves or ' +
        'rejects without stopping it, it keeps running (and the process alive) for nothing. Clear it before each ' +
        'resolve/reject, or once where the promise settles (`.finally`).',
      errorPathTimer:
        'This timer is cleared where the operation emits its result, but not where it emits `error`: every failed ' +
        'operation leaves it running (and the process alive), and it fires on a finished object. Clear it on the ' +
        'error path too.',
      timeoutHelper:
        'This helper returns a promise whose timeout timer nobody can clear: whatever it is raced against, the timer ' +
        'keeps running after the work wins. Use `timeout(work, ms)` or `sleep(ms, { signal })` from @awaitwise/core.',
      clearedOnSuccess:
        'This timer is cleared only when the awaited work succeeds: when it throws, the clear is skipped and the ' +
        'timer keeps running (and the process alive). Clear it in `finally`.',
      abortTimer:
        'This timer aborts the work when it is too slow, but its handle is dropped: when the work finishes first, the ' +
        'timer keeps running (and the process alive) and aborts a finished request. Keep the handle and clear it in ' +
        '`finally`, or pass `AbortSignal.timeout(ms)`.',
      teardownBranch:
        'This branch of the teardown leaves a timer running: the timer is cleared only on the other branch, and the ' +
        'method that arms it leaves the object in the state that comes here. Clear it on every branch.',
      rearmed:
        'This interval is started again on each call without clearing the one before: the earlier intervals keep ' +
        'running and can never be cleared. Clear the previous handle first (or return when one is running).',
      intervalPerCall:
        'This exported function starts an interval and drops its handle: each call starts one more, and nothing can ' +
        'ever stop them (a handler the platform invokes per event, a test that calls it per case). Keep the handle: ' +
        'clear the previous one first, or return a way to stop it.',
      rearmedTimeout:
        'This timeout is armed again over a handle that may still be pending, without clearing it: the earlier ' +
        'timer still fires, and the clear elsewhere only reaches the last one. Clear the previous handle first (or ' +
        'return while one is pending).',
      effectWithoutCleanup:
        'This timer is started by a React effect that never clears it: it keeps running after the component ' +
        'unmounts or the effect re-runs. Return a cleanup that clears it.',
      neverClearedByClass:
        'This interval is never cleared, though the class has a teardown method: it keeps running (and keeps the ' +
        'instance alive) after the instance is closed. Clear it in the teardown.',
      notClearedByTeardown:
        'This timer is not cleared when its owner ends: its handle is dropped (or only the code that arms it clears ' +
        'it), so after `close`/`destroy`/`stop` or unmount it still fires, on a finished object, and holds the ' +
        'process until then. Keep the handle and clear it in the teardown.',
      renderTimer:
        'This timer is started while the component renders: every render starts one more, and none is cleared ' +
        'when the component unmounts. Start it in an effect and clear it in the cleanup the effect returns.',
      componentTimer:
        'This timer updates the component after it may have unmounted: its handle is dropped (or never cleared on ' +
        'unmount). Keep it (a ref, or an effect) and clear it in the effect cleanup.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('timer-leak', raw, defaults),
  create(context) {
    const { sourceFile } = context;
    const { strict } = context.options;
    const inTestFile = isTestFile(sourceFile.fileName);
    const timerPromises = new TimerPromises(sourceFile, (callee) => crossFileFunction(context, callee));
    const reported = new Set<ts.Node>();
    let rejectionAnalysis: RejectionAnalysis | undefined;
    const rejections = (): RejectionAnalysis =>
      (rejectionAnalysis ??= getRejectionAnalysis(context.getTypeChecker()));

    /** A wait so short, in test code, that it cannot hold the run open. */
    const bounded = (delay: number | undefined): boolean =>
      !strict && inTestFile && delay !== undefined && delay <= boundedTestWait;

    const report = (node: ts.Node, messageId: MessageId, timer: ts.Node): void => {
      if (reported.has(timer)) return;
      reported.add(timer);
      context.report({ node, messageId });
    };

    /** What leaks about a raced timer promise, or undefined when its timer is cleared after the race. */
    const raceLeak = (race: ts.CallExpression, timer: TimerPromise): MessageId | undefined => {
      const { handle } = timer;
      // An unref()-ed sleep neither holds the process nor does late work (resolving a settled promise is a no-op);
      // an unref()-ed timeout still builds and throws its error late, keeping its closure until then.
      if (timer.unrefed && !timer.rejects) return undefined;
      if (handle.kind === 'none') return 'raceTimer';
      if (handle.kind === 'signal') {
        // `{ signal: ac.signal }` with `ac.abort()` in the same function: the timer is cancelled after the race.
        const signal = skipOuter(handle.signal);
        if (!ts.isPropertyAccessExpression(signal) || signal.name.text !== 'signal') return undefined;
        const controller = normalizedText(signal.expression, sourceFile);
        const scope = enclosingFunction(race) ?? sourceFile;
        const aborted =
          findDescendant(scope, (node) => {
            if (!ts.isCallExpression(node)) return false;
            const callee = skipOuter(node.expression);
            return (
              ts.isPropertyAccessExpression(callee) &&
              callee.name.text === 'abort' &&
              normalizedText(callee.expression, sourceFile) === controller
            );
          }) !== undefined;
        const declaration = ts.isIdentifier(skipOuter(signal.expression))
          ? findDeclaration(skipOuter(signal.expression) as ts.Identifier)
          : undefined;
        const local = declaration !== undefined && isWithin(declaration, scope);
        return aborted || !local ? undefined : 'raceTimer';
      }
      const reference = handle.reference;
      const root = skipOuter(reference);
      const declaration = ts.isIdentifier(root) ? findDeclaration(root) : undefined;
      // A field or module variable: cleared in another method, a `close`, a cleanup function.
      const scope = declaration === undefined ? sourceFile : (enclosingFunction(declaration) ?? sourceFile);
      const uses = handleUses(scope, reference, sourceFile).filter(
        (use) => timer.callback === undefined || !isWithin(use, timer.callback),
      );
      if (uses.length === 0) return 'raceTimer';
      if (declaration === undefined || enclosingFunction(declaration) === undefined) return undefined;
      const raceFunction = enclosingFunction(race);
      if (raceFunction !== undefined && clearedOnlyOnFulfilment(race, timer, uses, raceFunction))
        return 'raceClearedOnSuccess';
      const elsewhere = uses.some(
        (use) =>
          isWithin(use, race) ||
          (timer.executor !== undefined && isWithin(use, timer.executor)) ||
          enclosingFunction(use) !== raceFunction,
      );
      if (elsewhere) return undefined;
      if (!clearedAfter(race, uses)) return 'raceTimer';
      return clearedWhenThrowing(race, uses) ? undefined : 'raceClearedOnSuccess';
    };

    /**
     * True when every use of a raced timer's handle is a clear in a `.then(onFulfilled)` handler of the race's own
     * chain (`Promise.race([work.then((v) => { clearTimeout(t); return v; }), timer])`, or `Promise.race([…]).then(…)`)
     * and the work can reject: the rejection skips the handler and the timer keeps running.
     */
    const clearedOnlyOnFulfilment = (
      race: ts.CallExpression,
      timer: TimerPromise,
      uses: readonly ts.Node[],
      raceFunction: FunctionLike,
    ): boolean => {
      const onRaceChain = (link: ts.CallExpression): boolean => {
        if (isWithin(link, race)) return true;
        const callee = skipOuter(link.expression);
        return ts.isPropertyAccessExpression(callee) && isWithin(race, callee.expression);
      };
      const allOnFulfilment = uses.every((use) => {
        if (!ts.isCallExpression(use) || clearedHandle(use) === undefined) return false;
        const link = fulfilmentOnlyLink(use, raceFunction);
        return link !== undefined && onRaceChain(link);
      });
      if (!allOnFulfilment) return false;
      const list = race.arguments[0] === undefined ? undefined : skipOuter(race.arguments[0]);
      if (list === undefined || !ts.isArrayLiteralExpression(list)) return false;
      return list.elements.some(
        (element) =>
          !isWithin(timer.timer, element) &&
          !ts.isSpreadElement(element) &&
          rejections().expression(element).canReject,
      );
    };

    /**
     * A timer kept in a local whose every clear sits in a `.then(onFulfilled)` handler (no rejection handler) of a
     * chain on work that can reject (`const id = setInterval(tick, 100); return job.then((v) => { clearInterval(id);
     * return v; })`): the rejection skips the clear and the timer keeps running.
     */
    const clearedOnFulfilmentOnly = (call: ts.CallExpression): boolean => {
      const fn = enclosingFunction(call);
      if (fn === undefined || executorAround(call, context.getTypeChecker()) !== undefined) return false;
      const target = handleTarget(call, fn);
      if (target === 'dropped' || target === 'elsewhere') return false;
      const root = skipOuter(target);
      if (!ts.isIdentifier(root)) return false;
      const declaration = findDeclaration(root);
      if (declaration === undefined || enclosingFunction(declaration) !== fn) return false;
      const callback = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
      const uses = handleUses(fn, target, sourceFile).filter(
        (use) => use !== call && (callback === undefined || !isWithin(use, callback)),
      );
      if (uses.length === 0) return false;
      return uses.every((use) => {
        if (!ts.isCallExpression(use) || clearedHandle(use) === undefined) return false;
        const link = fulfilmentOnlyLink(use, fn);
        if (link === undefined || link.pos < call.end) return false;
        let first = link;
        for (let inner = chainedOn(first); inner !== undefined; inner = chainedOn(inner)) first = inner;
        const callee = skipOuter(first.expression);
        return ts.isPropertyAccessExpression(callee) && rejections().expression(callee.expression).canReject;
      });
    };

    /** The branch of a teardown that leaves a `this.f = setInterval(…)` timer running (see teardown-branches.ts). */
    const teardownBranch = (call: ts.CallExpression): ts.Node | undefined => {
      const fn = enclosingFunction(call);
      const target = handleTarget(call, fn);
      if (typeof target === 'string') return undefined;
      const field = skipOuter(target);
      if (!ts.isPropertyAccessExpression(field) || field.expression.kind !== ts.SyntaxKind.ThisKeyword)
        return undefined;
      let klass: ts.Node | undefined = fn;
      while (klass !== undefined && !ts.isClassLike(klass)) klass = klass.parent;
      return klass === undefined ? undefined : branchLeavingTimer(call, klass, field, sourceFile);
    };

    /** A timer (timeout or interval) armed around awaited work and cleared after it, but not when the work throws. */
    const clearedOnlyOnSuccess = (call: ts.CallExpression): boolean => {
      const fn = enclosingFunction(call);
      if (fn === undefined || fn.body === undefined || executorOf(fn) !== undefined) return false;
      const target = handleTarget(call, fn);
      if (target === 'dropped' || target === 'elsewhere') return false;
      const root = skipOuter(target);
      // The handle's scope: the function for a local; the class for a field (`this.connectTimer`), which another
      // member (a `close`, the error path) may clear.
      let scope: ts.Node;
      if (ts.isIdentifier(root)) {
        const declaration = findDeclaration(root);
        if (declaration === undefined || !isWithin(declaration, fn)) return false;
        scope = fn;
      } else if (ts.isPropertyAccessExpression(root) && root.expression.kind === ts.SyntaxKind.ThisKeyword) {
        let klass: ts.Node = fn.parent;
        while (!ts.isSourceFile(klass) && !ts.isClassLike(klass)) klass = klass.parent;
        if (!ts.isClassLike(klass)) return false;
        scope = klass;
      } else {
        return false;
      }
      const callback = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
      const uses = handleUses(scope, target, sourceFile).filter(
        (use) => use !== call && (callback === undefined || !isWithin(use, callback)),
      );
      // Never cleared, handed on, or cleared from a callback (an event, a `.finally`): another shape, or managed.
      if (uses.length === 0) return false;
      if (
        uses.some(
          (use) =>
            enclosingFunction(use) !== fn || !ts.isCallExpression(use) || clearedHandle(use) === undefined,
        )
      ) {
        return false;
      }
      const lastUse = Math.max(...uses.map((use) => use.pos));
      let leaks = false;
      forEachInFunction(fn.body, (node) => {
        if (leaks) return 'skip';
        if (ts.isAwaitExpression(node) && node.pos > call.end && node.pos < lastUse) {
          // Work that cannot reject (a promise of an exit event) has no path that skips the clear.
          if (!clearedWhenThrowing(node, uses) && rejections().expression(node.expression).canReject)
            leaks = true;
        }
        return undefined;
      });
      return leaks;
    };

    /**
     * A timer armed in a promise executor (or a callback in it) that a settle path of the executor leaves running:
     * `resolve`/`reject` called (or handed on) where nothing clears it, as when the work's failure path rejects
     * without the `clearTimeout` its success path has, or a polling interval rejects from a branch that does not stop
     * it. A one-shot timer's own callback is its own path.
     */
    const executorSettleLeak = (call: ts.CallExpression, kind: 'timeout' | 'interval'): boolean => {
      const executor = executorAround(call, context.getTypeChecker());
      if (executor === undefined) return false;
      const delay = constantDelay(call.arguments[1]);
      if (bounded(delay)) return false;
      const fn = enclosingFunction(call);
      const target = handleTarget(call, fn);
      if (target === 'elsewhere') return false;
      const first = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
      const ownCallback = kind === 'timeout' ? first : undefined;
      const settles = first !== undefined && settleSites(executor).some((site) => isWithin(site, first));
      // A short one-shot timer that does not settle the promise only defers work (a tick, a frame).
      if (
        kind === 'timeout' &&
        !settles &&
        (call.arguments[1] === undefined || (delay !== undefined && delay < 1000))
      )
        return false;
      // An unref()-ed sleep neither holds the process nor does late work.
      if (
        kind === 'timeout' &&
        settles &&
        !rejectsIn(first, executor) &&
        isUnrefed(call, target, executor, sourceFile)
      )
        return false;
      // Every settle path counts, the work's failure forwarded to `reject` too (`.catch(reject)`, `.then(ok, reject)`):
      // a timer cleared on success only outlives every fast failure (brakes, Q, rendertron fixed exactly that).
      const leaves = (clears: readonly ts.Node[]): boolean =>
        uncoveredSettles(executor, call, ownCallback, clears).length > 0;
      if (target === 'dropped') return leaves([]);
      const root = skipOuter(target);
      let scope: ts.Node = sourceFile;
      if (ts.isIdentifier(root)) {
        const declaration = findDeclaration(root);
        if (declaration === undefined) return false;
        scope = isWithin(declaration, executor) ? executor : (enclosingFunction(declaration) ?? sourceFile);
      } else if (ts.isPropertyAccessExpression(root) && root.expression.kind === ts.SyntaxKind.ThisKeyword) {
        let klass: ts.Node = root;
        while (!ts.isClassLike(klass) && !ts.isSourceFile(klass)) klass = klass.parent;
        scope = klass;
      }
      // Cleared or kept by the code that holds the promise (a `.finally`, a map, another member): managed there.
      if (usesOutside(scope, executor, target, sourceFile).some((use) => !isWithin(use, call))) return false;
      // Handed on inside the executor (to a helper, a structure): managed there.
      const inside = handleUses(executor, target, sourceFile).filter((use) => !isWithin(use, call));
      if (inside.some((use) => !ts.isCallExpression(use) || clearedHandle(use) === undefined)) return false;
      const clears = clearSites(scope, target, sourceFile);
      // Cleared when the resource it guards ends (its 'close' or 'exit'): the resource bounds it.
      if (clears.some(inEndHandler)) return false;
      return leaves(clears);
    };

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
        if (isPromiseStatic(node, ['race', 'any'])) {
          const list = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
          if (list === undefined || !ts.isArrayLiteralExpression(list) || list.elements.length < 2) return;
          for (const element of list.elements) {
            const timer = timerPromises.of(element);
            if (timer === undefined || bounded(timer.delay)) continue;
            // The helper that made it is reported where it is defined: once for every race that uses it.
            if (timer.fromTimeoutHelper === true) continue;
            const leak = raceLeak(call, timer);
            if (leak !== undefined) report(element, leak, timer.timer);
          }
          return;
        }
        const kind = timerCallKind(call);
        if (kind === undefined) return;
        if (armsPerRender(call, sourceFile)) {
          report(call, 'renderTimer', call);
          return;
        }
        if (executorSettleLeak(call, kind)) {
          report(call, kind === 'interval' ? 'executorInterval' : 'executorTimer', call);
          return;
        }
        // The same for a deferred: settle functions stored outside their executor (`deferred.reject`, `this.reject`).
        if (
          kind === 'timeout' &&
          !bounded(constantDelay(call.arguments[1])) &&
          deferredSettleLeak(call, sourceFile)
        ) {
          report(call, 'executorTimer', call);
          return;
        }
        // A field timer of an operation object cleared where it emits its result, not where it emits 'error'.
        if (!bounded(constantDelay(call.arguments[1])) && errorPathLeak(call) !== undefined) {
          report(call, 'errorPathTimer', call);
          return;
        }
        const branch = teardownBranch(call);
        if (branch !== undefined) report(branch, 'teardownBranch', branch);
        const leak = intervalLeak(call, sourceFile, strict);
        if (leak !== undefined) {
          report(call, leak, call);
          return;
        }
        if (enclosingEffect(call) === undefined && !bounded(constantDelay(call.arguments[1]))) {
          const owned = ownerLeak(call, kind, sourceFile, strict);
          if (owned !== undefined) {
            report(call, owned, call);
            return;
          }
        }
        if (bounded(constantDelay(call.arguments[1]))) return;
        // An interval (or timeout) whose only clears wait for the work to succeed.
        if (clearedOnFulfilmentOnly(call) || (kind === 'interval' && clearedOnlyOnSuccess(call))) {
          report(call, 'clearedOnSuccess', call);
          return;
        }
        if (kind !== 'timeout') return;
        // Strict: a timeout armed twice is often harmless (the later callback finds the work done), and the
        // default cannot tell that from the double reconnect.
        if (strict && rearmedTimeout(call, sourceFile)) {
          report(call, 'rearmedTimeout', call);
          return;
        }
        if (clearedOnlyOnSuccess(call)) {
          report(call, 'clearedOnSuccess', call);
        } else if (
          abortsOnly(call.arguments[0]) &&
          handleTarget(call, enclosingFunction(call)) === 'dropped'
        ) {
          report(call, 'abortTimer', call);
        }
      },
      [ts.SyntaxKind.NewExpression]: (node) => {
        const timer = timerPromises.of(node);
        if (timer === undefined || timer.executor === undefined || reported.has(timer.timer)) return;
        if (timer.handle.kind !== 'none' || bounded(timer.delay)) return;
        // An unref()-ed sleep neither holds the process nor does late work (as in a race).
        if (timer.unrefed && !timer.rejects) return;
        // A timer in an executor that also settles through the work: the work's path leaves it running.
        if (settlesOtherwise(timer.executor, timer.timer)) {
          report(timer.timer, 'executorTimer', timer.timer);
          return;
        }
        // `function timeoutAfter(ms) { return new Promise((_, reject) => setTimeout(() => reject(…), ms)); }`
        const holder = skipOuterUp(node);
        if (
          timer.rejects &&
          enclosingFunction(node) !== undefined &&
          (ts.isReturnStatement(holder.parent) ||
            (ts.isArrowFunction(holder.parent) && holder.parent.body === holder))
        ) {
          report(timer.timer, 'timeoutHelper', timer.timer);
        }
      },
    };
  },
});

/** Events whose handler runs when the resource a timer guards ends. */
const resourceEndEvents = new Set(['close', 'end', 'exit', 'finish', 'disconnect']);

/** True when `node` runs in the handler of a resource's end event (`child.on('exit', () => clearTimeout(t))`). */
function inEndHandler(node: ts.Node): boolean {
  for (let fn = enclosingFunction(node); fn !== undefined; fn = enclosingFunction(fn)) {
    const holder = skipOuterUp(fn).parent;
    if (!ts.isCallExpression(holder)) continue;
    const event = holder.arguments[0];
    if (event !== undefined && ts.isStringLiteralLike(event) && resourceEndEvents.has(event.text))
      return true;
  }
  return false;
}

/** True when a timer callback rejects the executor's promise (or throws): a timeout, not a sleep. */
function rejectsIn(callback: ts.Node | undefined, executor: FunctionLike): boolean {
  if (callback === undefined) return false;
  const reject = executor.parameters[1];
  if (reject === undefined || !ts.isIdentifier(reject.name)) return false;
  const name = reject.name.text;
  return (
    findDescendant(
      callback,
      (node) => ts.isThrowStatement(node) || (ts.isIdentifier(node) && node.text === name),
    ) !== undefined
  );
}

/** True when a timer callback only aborts something (`() => controller.abort()`): the timer bounds some work. */
function abortsOnly(callback: ts.Expression | undefined): boolean {
  const fn = callback === undefined ? undefined : skipOuter(callback);
  if (fn === undefined || (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn))) return false;
  let body: ts.Node = fn.body;
  if (ts.isBlock(body)) {
    const only = body.statements.length === 1 ? body.statements[0] : undefined;
    if (only === undefined || !ts.isExpressionStatement(only)) return false;
    body = only.expression;
  }
  const inner = ts.isExpression(body) ? skipOuter(body) : body;
  if (!ts.isCallExpression(inner)) return false;
  const callee = skipOuter(inner.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'abort';
}

/** The `new Promise(…)` whose executor `fn` is, if it is one. */
function executorOf(fn: FunctionLike): ts.NewExpression | undefined {
  const outer = skipOuterUp(fn);
  const parent: ts.Node = outer.parent;
  if (!ts.isNewExpression(parent) || parent.arguments?.[0] !== outer) return undefined;
  return ts.isIdentifier(parent.expression) && parent.expression.text === 'Promise' ? parent : undefined;
}

/** True when the executor settles the promise outside the timer call (the work's path). */
function settlesOtherwise(executor: FunctionLike, timer: ts.CallExpression): boolean {
  const names = [parameterName(executor, 0), parameterName(executor, 1)].filter(
    (name): name is string => name !== undefined,
  );
  let found = false;
  forEachDescendant(executor, (node) => {
    if (found || node === timer) return 'skip';
    if (ts.isIdentifier(node) && names.includes(node.text) && !ts.isParameter(node.parent)) found = true;
    return undefined;
  });
  return found;
}

/**
 * The function a name imported from another file of the program declares (`import { sleep } from './util'`),
 * through the checker; undefined for library code and declaration files.
 */
function crossFileFunction(
  context: { getTypeChecker(): ts.TypeChecker },
  callee: ts.Identifier,
): ts.Node | undefined {
  const declaration = findDeclaration(callee);
  if (declaration === undefined) return undefined;
  const specifier = importSource(declaration);
  if (specifier === undefined || !specifier.startsWith('.')) return undefined;
  const checker = context.getTypeChecker();
  let symbol = checker.getSymbolAtLocation(callee);
  if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0)
    symbol = checker.getAliasedSymbol(symbol);
  const target = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (target === undefined || target.getSourceFile().isDeclarationFile) return undefined;
  if (isFunctionLike(target)) return target;
  if (ts.isVariableDeclaration(target) && target.initializer !== undefined) return target;
  return undefined;
}
