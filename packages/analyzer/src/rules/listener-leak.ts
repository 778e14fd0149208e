import ts from '../typescript.cjs';
import {
  memberName,
  normalizedText,
  rootOfChain,
  skipOuter,
  skipOuterUp,
} from '../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  type FunctionLike,
  isAsyncFunction,
  isExecutor,
} from '../analysis/syntax/functions.js';
import { findDeclaration, importSource } from '../analysis/syntax/scope.js';
import { findDescendant, isWithin } from '../analysis/syntax/walk.js';
import { isTestFile } from '../analysis/project/test-code.js';
import { isThenableType } from '../analysis/types/promise-types.js';
import { validateBooleanOptions } from '../analysis/options.js';
import { defineRule } from '../rule.js';
import {
  emitterOrigin,
  endMethods,
  type Origin,
  isAliasOfThis,
  isProcessWide,
  endsEmitter,
  isAbortSignal,
  letGoIn,
  madeBeforeTheRun,
  recreatedIn,
} from './listener-leak/emitter-origin.js';
import { handlerBody, heldForTheCaller, returnsWhatItListensFor } from './listener-leak/factory.js';
import { instanceMembers } from './listener-leak/instance-members.js';
import {
  componentEndWithoutRemoval,
  droppedWithoutRemoval,
  endingWithoutRemoval,
} from './listener-leak/lifecycle.js';
import { addedAgainEachPass, outermostLoop } from './listener-leak/loop-pass.js';
import { isMismatch, mismatchReason } from './listener-leak/mismatch.js';
import { perCallWhere } from './listener-leak/per-call.js';
import {
  documentedOnce,
  isInlineListener,
  listenerRegistration,
  runsPerEvent,
} from './listener-leak/per-event.js';
import { isRequestSocket, waitsWhileConnecting } from './listener-leak/pooled-socket.js';
import { madePerTest } from './listener-leak/per-test.js';
import {
  connectListener,
  eventText,
  type Registration,
  registrationOf,
} from './listener-leak/registration.js';
import { compareRemoval, removalsIn } from './listener-leak/removal.js';
import { targetKey } from './listener-leak/registration.js';
import {
  holdsCallState,
  listensForItsEnd,
  memberNameOf,
  outermostFunction,
  pairedOnceLeft,
  removedSibling,
} from './listener-leak/sibling.js';
import { reinvocation, runsAgain } from './listener-leak/repetition.js';
import { isImmediatelyInvoked, isUncalledExport, runsOnce } from '../analysis/syntax/run-once.js';
import { awaitSkippingRemoval, settleWithoutRemoval } from './listener-leak/settle-paths.js';
import { raceLeavingListener } from './listener-leak/raced.js';

/** Options of `listener-leak`. */
export interface ListenerLeakOptions {
  /**
   * Also report a listener on `process`/`window`/a module emitter that holds an instance (its handler uses `this`),
   * added by a constructor or method of a class without a lifecycle and never removed: a leak when the program makes
   * instances again (a plugin re-initialised), harmless for one made once.
   * @default false
   */
  readonly strict: boolean;
}

const defaults: ListenerLeakOptions = { strict: false };

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
 * - a listener re-added by every pass of a loop, every tick of a `setInterval` or every re-run of a function that
 *   restarts itself, a `once` too (a failed attempt never emits its event: `socket.connect(port, host, listener)`);
 * - a listener on `process`/`window`/a module emitter added per instance and left by `close`/`dispose`/`stop`…;
 * - a listener on an emitter the instance keeps and lets go (`detach`) without removing it;
 * - a listener on `process`/`window`/a module emitter holding an object with a lifecycle that the caller gets back;
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
      signalOnce:
        'This `{{method}}` adds an `abort` listener to `{{target}}`, a signal the caller hands in, that only goes away ' +
        'if the signal aborts (`once`): when the work finishes first, it stays, and a signal shared by many calls ' +
        'keeps one listener (and its closure) per call. Remove it when the work settles (`removeEventListener` in ' +
        '`finally`).',
      signal:
        'This `{{method}}` adds an `abort` listener to `{{target}}`, {{whose}}, and never removes it: a signal ' +
        'shared by many calls keeps one listener (and its closure) per call. Remove it when the work ' +
        'settles (`removeEventListener` in `finally`) or pass `{ signal }` of a controller you abort then.',
      keptSignal:
        'This `{{method}}` adds an `abort` listener to `{{target}}`, a signal that outlives this call, and it ' +
        '{{removal}}: each call that finishes first leaves one listener, holding what the call made, for as long as ' +
        'the signal lives. Remove it when the work settles (`removeEventListener` in `finally`).',
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
      instance:
        'This `{{method}}` adds a listener to `{{target}}` that holds this instance, and nothing removes it: each ' +
        'instance made stays reachable from `{{target}}` and keeps reacting. Keep the handler and remove it when the ' +
        'instance is done (or add it once, outside the class).',
      socket:
        'This `{{method}}` adds a listener to `{{target}}`, the connection this request travels on, and nothing ' +
        'removes it: with keep-alive the same socket carries the next requests, and the listeners pile up with each ' +
        "request's closure. Remove it when the request ends (`close`/`finish`), on every path.",
      selfOnly:
        'This `{{method}}` on `{{target}}` only removes itself when its event comes, while the other listeners this ' +
        'code adds there are removed when it is done: on the paths where the event never comes, this one stays. ' +
        'Remove it with the others.',
      held:
        'This `{{method}}` on `{{target}}` holds `{{object}}`, which the caller gets back and can close, and nothing ' +
        'removes it when that happens: each one made stays reachable from `{{target}}` (and reacts to its event) ' +
        'after it is closed. Keep the handler and remove it when `{{object}}` closes.',
      sibling:
        'This `{{method}}` on `{{target}}` is never removed, while this code takes its other listener there off (line ' +
        '{{line}}): the emitter outlives the code, so this one stays with its closure and reacts again each time the ' +
        'code runs. Remove it with the other.',
      restart:
        'This `{{method}}` adds a listener to the instance each time `{{member}}` runs, holding what that call was ' +
        'handed, and `{{ending}}` never removes it: an instance ended and started again keeps the earlier ' +
        'listeners, which all react. Remove it in `{{ending}}` (or before adding it again).',
      raced:
        'This `{{method}}` on `{{target}}` settles a promise that runs in `{{combinator}}` (line {{line}}), and only ' +
        'its own event takes it off: when the other work wins (it finishes before the event comes), nothing waits ' +
        'for the event any more, yet the listener stays with its closure on an emitter that outlives the call, one ' +
        'more each time. Remove it when the race settles (`removeEventListener` in `finally`), or pass `{ signal }` ' +
        'of a controller you abort then.',
      pair:
        'This `{{method}}` on `{{target}}` waits for one of two outcomes: when it fires, its listener takes the ' +
        "other outcome's listener off (line {{line}}), but when the other outcome comes first nothing takes this one " +
        'off, and it stays with its closure (and fires on a later, unrelated event). Remove both listeners in both ' +
        'of them.',
      mismatch:
        'This `{{method}}` is never removed: the removal at line {{line}} {{why}}, so it takes off nothing. Remove ' +
        'the same function from the same emitter{{capture}}.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('listener-leak', raw, defaults),
  create(context) {
    const { sourceFile } = context;
    const { strict } = context.options;
    const testFile = isTestFile(sourceFile.fileName);
    let fileRemovals: ReturnType<typeof removalsIn> | undefined;
    const allRemovals = () => (fileRemovals ??= removalsIn(sourceFile));

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const added = registrationOf(node) ?? connectListener(node, context.getTypeChecker());
        if (added === undefined || added.removedByOptions) return;
        // What the call returns may be the way to remove it (`const off = store.on(…)`), unless it returns nothing
        // (`addEventListener`: `const handler = window.addEventListener(…)` holds `undefined`).
        if (!valueDropped(node) && !returnsNothing(node, context.getTypeChecker())) return;
        const root = rootOfChain(added.target);
        if (ts.isIdentifier(root) && helperModules.has(importSource(findDeclaration(root)) ?? '')) return;
        const fn = enclosingFunction(node);
        if (fn === undefined) return;
        const checker = context.getTypeChecker();
        const origin = emitterOrigin(added.target, fn, 0, checker);
        // A call that hands back the emitter (`announce(topic).on(…)`) is shown as written.
        const targetText = ts.isCallExpression(skipOuter(added.target))
          ? skipOuter(added.target).getText(sourceFile).replace(/\s+/g, ' ')
          : normalizedText(added.target, sourceFile);
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
        const matches = allRemovals().map((removal) => ({
          removal,
          match: compareRemoval(removal, added, checker),
        }));
        const removed = matches.some(({ match }) => match === 'removes');
        // Its sibling listeners on the same emitter are taken off, this one never: the code knows the emitter outlives it.
        if (!removed && !testFile) {
          const sibling = removedSibling(added, fn, origin, checker, allRemovals());
          if (sibling !== undefined) {
            report('sibling', { line: lineOf(sibling.call) });
            return;
          }
          const pair = pairedOnceLeft(added, fn, origin, checker, allRemovals());
          if (pair !== undefined) {
            report('pair', { line: lineOf(pair.call) });
            return;
          }
        }
        // The wait runs in `Promise.race` against other work: when the work wins, nothing removes the listener, and the
        // emitter (the caller's signal, a kept connection) outlives the call.
        if (!removed && !testFile && isExecutor(fn)) {
          const outermost = outermostFunction(fn);
          const outlives =
            origin.kind !== 'local' ||
            (madeBeforeTheRun(added.target, outermost) && !recreatedIn(added.target, outermost));
          const race =
            outlives && !endsEmitter(added.target, outermost)
              ? raceLeavingListener(added, fn, checker)
              : undefined;
          if (race !== undefined) {
            report('raced', {
              line: lineOf(race),
              combinator: `Promise.${memberName(race.expression) ?? 'race'}`,
            });
            return;
          }
        }
        // Code that runs again and again (each tick of a `setInterval`, each re-run of a retry or reconnect) adding to
        // the same emitter: a `once` piles up too while its event does not come (the attempt that failed), and so does
        // a listener on an emitter the instance made once.
        if (!removed && (added.once || origin.kind === 'local') && origin.kind !== 'parameter') {
          // A wait written as a Promise executor runs as often as the function around it (`await new Promise((r) =>
          // this.once('ready', r))` in a `connect()` that a retry calls again).
          const outer = isExecutor(fn) ? enclosingFunction(fn) : undefined;
          const again = runsAgain(fn) ?? (outer === undefined ? undefined : runsAgain(outer));
          // Run again by its own `once` listener (`socket.once('drain', () => this.run())`): the previous one is gone.
          const body = handlerBody(added);
          const byItself =
            added.once && again !== undefined && body !== undefined && isWithin(again.call, body);
          if (
            again !== undefined &&
            !byItself &&
            madeBeforeTheRun(added.target, fn) &&
            !recreatedIn(added.target, fn, node) &&
            !endsEmitter(added.target, fn) &&
            !removalsIn(fn).some((removal) => compareRemoval(removal, added, checker) === 'removes')
          ) {
            report('repeated', { where: again.where(lineOf(again.call)) });
            return;
          }
        }
        // The socket of a request: keep-alive hands it to the next requests, with this request's listener still on.
        if (!removed && isRequestSocket(added.target, checker)) {
          if (
            !endsEmitterOutside(added, outermostFunction(fn)) &&
            !readsSocket(added, outermostFunction(fn)) &&
            !waitsWhileConnecting(added, fn)
          )
            report('socket', {});
          return;
        }
        // A `once` left on a connection the instance made and keeps for more calls (`this.port = createPort()`), when
        // the wait settles another way.
        if (
          origin.kind === 'local' &&
          added.once &&
          isExecutor(fn) &&
          isInstanceField(added.target) &&
          madeBeforeTheRun(added.target, outermostFunction(fn)) &&
          !recreatedIn(added.target, outermostFunction(fn)) &&
          !endsEmitter(added.target, fn) &&
          !listensForItsEnd(added, fn)
        ) {
          const settle = settleWithoutRemoval(added, fn, checker, true);
          if (settle !== undefined) report('settle', { line: lineOf(settle) });
          return;
        }
        // An `abort` listener per call on a signal that outlives the call — the instance's own controller, a module's
        // shutdown signal, a signal the instance was handed — holding what this call made: each call that finishes
        // first leaves one, with its closure, for as long as the signal lives.
        if (
          !removed &&
          eventText(added.event) === 'abort' &&
          origin.kind !== 'parameter' &&
          origin.kind !== 'self' &&
          (added.once || origin.kind === 'local') &&
          isAbortSignal(added.target, checker) &&
          !isExecutor(fn) &&
          madeBeforeTheRun(added.target, fn) &&
          !recreatedIn(added.target, outermostFunction(fn)) &&
          !matches.some(({ match }) => match === 'other-target') &&
          holdsWhatTheCallMade(added, fn) &&
          endsBeforeTheSignal(fn, added, checker)
        ) {
          report('keptSignal', {
            removal: added.once ? 'only goes away if the signal aborts (`once`)' : 'is never removed',
          });
          return;
        }
        // The code meant to take it off and passes the wrong function: whatever the emitter, one made before this
        // function runs keeps what the removal missed.
        const outlivesTheCall =
          origin.kind !== 'local' ||
          (madeBeforeTheRun(added.target, fn) && !recreatedIn(added.target, outermostFunction(fn)));
        if (origin.kind === 'local' && !(outlivesTheCall && !removed && !added.once)) return;
        if (testFile && madePerTest(added.target)) return;

        if (!removed && !added.once) {
          const wrong = matches.find(
            ({ removal, match }) =>
              (origin.kind !== 'local' || match === 'wrapped') && isMismatch(match, origin, removal, added),
          );
          if (wrong !== undefined) {
            report('mismatch', {
              line: lineOf(wrong.removal.call),
              why: mismatchReason(wrong.match),
              capture: wrong.match === 'other-capture' ? ', with the same capture flag' : '',
            });
            return;
          }
        }
        if (origin.kind === 'local') return;

        if (isExecutor(fn) && !endsEmitter(added.target, fn)) {
          const removedInExecutor = removalsIn(fn).some(
            (removal) => compareRemoval(removal, added, checker) === 'removes',
          );
          // `once` alone is cleanup enough unless the emitter outlives the wait: a global, a module-level object, the
          // instance, or a field or parameter when the wait is not for its end (a stream's 'end', a child's 'exit'):
          // a connection kept for more calls (`this.socket.once('error', reject)` left when the write succeeds).
          const longLived =
            origin.kind === 'global' ||
            origin.kind === 'module' ||
            origin.kind === 'self' ||
            // Left: a field or a parameter.
            !listensForItsEnd(added, fn);
          if (removedInExecutor || (added.once && longLived)) {
            const connection = origin.kind === 'field' || origin.kind === 'parameter';
            const settle = settleWithoutRemoval(added, fn, checker, connection);
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
        if (origin.kind === 'global' || origin.kind === 'module') {
          const ending =
            endingWithoutRemoval(added, fn, checker) ?? componentEndWithoutRemoval(added, fn, checker);
          if (ending !== undefined) {
            report('lifecycle', { ending: `${ending}()` });
            return;
          }
          // The listener holds an object with a lifecycle that the caller gets back (an application it can close):
          // closing it leaves the listener, and each one made stays reachable from the process.
          const held = removed ? undefined : heldForTheCaller(added, fn, checker);
          if (held !== undefined) {
            report('held', { object: held });
            return;
          }
        }
        if (origin.kind === 'parameter') {
          const ending = droppedWithoutRemoval(added, fn, origin.parameter);
          if (ending !== undefined) {
            report('dropped', { ending: `${ending}()` });
            return;
          }
        }
        // `{ once: true }` on the caller's signal goes only if the signal aborts: work that ends first (an async
        // call, a returned promise) leaves it on a signal that may serve many calls and never abort.
        if (
          added.once &&
          !removed &&
          origin.kind === 'parameter' &&
          eventText(added.event) === 'abort' &&
          isAbortSignal(added.target, checker) &&
          !matches.some(({ match }) => match === 'other-target') &&
          !isExecutor(fn) &&
          endsBeforeTheSignal(fn, added, checker)
        ) {
          report('signalOnce', {});
          return;
        }
        if (added.once) return;
        const removedInFunction = (scope: ts.Node) =>
          removalsIn(scope).some((removal) => compareRemoval(removal, added, checker) === 'removes');
        const rerun = reinvocation(fn);
        if (
          rerun !== undefined &&
          !removed &&
          origin.kind !== 'parameter' &&
          !recreatedIn(added.target, fn, node) &&
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
          if (elsewhere) return;
          // Only its own event takes it off, while the code removes its other listeners from that emitter: on the
          // paths where the event does not come, this one stays on an emitter that outlives the call.
          if (isFailureEvent(added.event) && othersRemovedFrom(added, outermostFunction(fn), body)) {
            report('selfOnly', {});
            return;
          }
          if (!returnsWhatItListensFor(fn, added)) return;
          if (endsEmitter(added.target, outermostFunction(fn))) return;
          report('factory', {});
          return;
        }
        // The same function taken off some spelling of the signal (`params.parent.signal` / `this.parent.signal`).
        const removedSomewhere = matches.some(({ match }) => match === 'other-target');
        if (origin.kind !== 'self' && !removedSomewhere && isAbortSignal(added.target, checker)) {
          if (!isExecutor(fn) || !endsEmitter(added.target, fn)) {
            report('signal', { whose: signalOwner(origin) });
            return;
          }
        }
        if (origin.kind === 'parameter') return;
        // The instance's own events: a listener added per call of a method that starts the instance (holding what that
        // call was handed) and left by the method that ends it: a `connect(callback)` after `close()` adds another.
        if (origin.kind === 'self' && holdsCallState(added, fn)) {
          const member = memberNameOf(fn);
          const ending = member === undefined ? undefined : endingWithoutRemoval(added, fn, checker);
          if (member !== undefined && ending !== undefined) {
            report('restart', { member: `${member}()`, ending: `${ending}()` });
            return;
          }
        }
        // The instance's own events: a listener added per event of another emitter (each client that connects) stays
        // on the instance, which outlives them all.
        if (origin.kind === 'self' && !runsPerEventOfAnother(fn)) return;
        // `process`/`window` handlers in an exported entry point that nothing in its file calls (`start()` called by a
        // cluster runner): installed once per process as far as we can see.
        // The same for a singleton of an imported package (`nock.emitter`), and for the functions such an entry point
        // calls.
        const processWide = isProcessWide(origin, added.target);
        if (processWide && isAsyncFunction(fn) && isUncalledExport(fn)) return;
        // The listener of an event its library documents as coming once for the emitter's life (Electron's `app`
        // 'ready'), added by module-level code or code that runs once: it runs once, like a `once`'s listener.
        if (listenerRunsOnce(fn, checker)) return;
        const perCall = perCallWhere(fn, origin, processWide);
        if (perCall === undefined) {
          if (!isImmediatelyInvoked(fn) && returnsWhatItListensFor(fn, added)) report('factory', {});
          // Strict: each instance of a class without a lifecycle adds one, holding the instance (`process.on('exit',
          // () => this.flush())` in a `load()`); most such classes are made once, some per re-init.
          else if (strict && !testFile && holdsInstance(added, fn)) report('instance', {});
          return;
        }
        if (endsEmitter(added.target, outermostFunction(fn))) return;
        // The code drops its hold on the emitter (clears the field it read it from): the listener goes with it.
        if (letGoIn(added.target, fn)) return;
        report('leak', { where: perCall });
      },
    };
  },
});

/**
 * `fn` is the inline listener of an event its library documents as emitted once, registered by code that runs once
 * (module scope, or a function only such code calls).
 */
function listenerRunsOnce(fn: FunctionLike, checker: ts.TypeChecker): boolean {
  const outer = listenerRegistration(fn);
  if (outer === undefined || outer.once || !documentedOnce(outer, checker)) return false;
  const registeredIn = enclosingFunction(outer.call);
  return registeredIn === undefined || runsOnce(registeredIn);
}

/** Whose signal the message names: who keeps it alive after the call. */
function signalOwner(origin: Origin): string {
  if (origin.kind === 'parameter') return 'a signal the caller hands in';
  if (origin.kind === 'field') return 'a signal the instance keeps';
  return 'a signal of the whole module';
}

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

/**
 * `fn` does work that ends on its own (an async function, or one that returns a promise), unless that work is a loop
 * that runs until the signal aborts (`while (!signal.aborted)`): then the listener lives exactly as long as the work.
 */
function endsBeforeTheSignal(fn: FunctionLike, added: Registration, checker: ts.TypeChecker): boolean {
  if (!isAsyncFunction(fn)) {
    const signature = checker.getSignatureFromDeclaration(fn);
    if (signature === undefined || !isThenableType(checker, checker.getReturnTypeOfSignature(signature)))
      return false;
  }
  const key = targetKey(added.target);
  const readsAborted = (node: ts.Node): boolean =>
    ts.isPropertyAccessExpression(node) && node.name.text === 'aborted' && targetKey(node.expression) === key;
  const loopsUntilAborted = findDescendant(fn, (node) => {
    const condition =
      ts.isWhileStatement(node) || ts.isDoStatement(node)
        ? node.expression
        : ts.isForStatement(node)
          ? node.condition
          : undefined;
    return (
      condition !== undefined &&
      (readsAborted(condition) || findDescendant(condition, readsAborted) !== undefined)
    );
  });
  return loopsUntilAborted === undefined;
}

/** Code under `scope`, other than the listener itself, ends the emitter (`socket.destroy()` when the work is done). */
function endsEmitterOutside(added: Registration, scope: ts.Node): boolean {
  const body = handlerBody(added);
  const key = targetKey(added.target);
  return (
    findDescendant(scope, (node) => {
      if (!ts.isCallExpression(node) || (body !== undefined && isWithin(node, body))) return false;
      const callee = skipOuter(node.expression);
      return (
        ts.isPropertyAccessExpression(callee) &&
        endMethods.has(callee.name.text) &&
        targetKey(callee.expression) === key
      );
    }) !== undefined
  );
}

/** `fn` runs per event of an emitter: written as a listener, or a method registered or called as one. */
function runsPerEventOfAnother(fn: FunctionLike): boolean {
  return isInlineListener(fn) || runsPerEvent(fn);
}

/**
 * Code under `scope`, outside the listener's own code, removes some other listener from the same emitter (a `cleanup`
 * that takes off the 'data' and 'end' listeners): the code knows the emitter outlives it.
 */
function othersRemovedFrom(added: Registration, scope: ts.Node, body: ts.Node | undefined): boolean {
  const key = targetKey(added.target);
  return removalsIn(scope).some(
    (removal) =>
      (body === undefined || !isWithin(removal.call, body)) &&
      targetKey(removal.target) === key &&
      removal.handler !== undefined &&
      !sameListener(removal.handler, added.handler),
  );
}

function sameListener(left: ts.Expression, right: ts.Expression): boolean {
  const sourceFile = left.getSourceFile();
  return normalizedText(left, sourceFile) === normalizedText(right, sourceFile);
}

/** An event that comes only when something fails (`'error'`, `'abort'`): it may never come. */
function isFailureEvent(event: ts.Expression): boolean {
  return /error|abort/i.test(eventText(event) ?? '');
}

/** The call returns nothing (`void`/`undefined`): its value cannot be an unsubscribe function. */
function returnsNothing(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const type = checker.getTypeAtLocation(call);
  return (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) !== 0 && !type.isUnion();
}

/** A constructor or instance method whose listener refers to the instance (`() => this.onExit()`, `this.m.bind(this)`). */
function holdsInstance(added: Registration, fn: FunctionLike): boolean {
  if (instanceMembers(fn) === undefined) return false;
  const handler = skipOuter(added.handler);
  const code = handlerBody(added) ?? handler;
  const usesThis = (node: ts.Node): boolean =>
    node.kind === ts.SyntaxKind.ThisKeyword ||
    (ts.isIdentifier(node) && isAliasOfThis(node)) ||
    findDescendant(
      node,
      (inner) => inner.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(inner) && isAliasOfThis(inner)),
    ) !== undefined;
  return usesThis(code) || usesThis(handler);
}

/**
 * The code reads the socket's bytes itself (`'data'`/`'readable'` listeners on it): it has taken the connection over (an
 * upgrade to WebSocket, a `CONNECT` tunnel), and the socket no longer serves other requests.
 */
function readsSocket(added: Registration, scope: ts.Node): boolean {
  const key = targetKey(added.target);
  return (
    findDescendant(scope, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const other = registrationOf(node);
      const event = other === undefined ? undefined : eventText(other.event);
      return (
        other !== undefined && (event === 'data' || event === 'readable') && targetKey(other.target) === key
      );
    }) !== undefined
  );
}

/**
 * The listener holds something this call made or was handed: a variable declared in `fn` (a controller per request)
 * or one of its parameters. Such a closure is garbage once the call is done, unless the emitter keeps it.
 */
function holdsWhatTheCallMade(added: Registration, fn: FunctionLike): boolean {
  const handler = skipOuter(added.handler);
  const code = handlerBody(added) ?? handler;
  const ownedByCall = (node: ts.Node): boolean => {
    if (!ts.isIdentifier(node)) return false;
    const declaration = findDeclaration(node);
    return (
      declaration !== undefined &&
      enclosingFunction(declaration) === fn &&
      !isWithin(declaration, code) &&
      (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))
    );
  };
  return ownedByCall(handler) || findDescendant(code, ownedByCall) !== undefined;
}

/** `this.port`, `self.port`: a field of the instance. */
function isInstanceField(target: ts.Expression): boolean {
  const inner = skipOuter(target);
  if (!ts.isPropertyAccessExpression(inner)) return false;
  const root = rootOfChain(inner);
  return root.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(root) && isAliasOfThis(root));
}
