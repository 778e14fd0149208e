import type { AnyRule } from '../rule.js';
import asyncPromiseExecutor from './async-promise-executor.js';
import asyncVoidCallback from './async-void-callback.js';
import floatingPromise from './floating-promise.js';
import lateAwait from './late-await.js';
import returnAwaitInTry from './return-await-in-try.js';
import sequentialAwait from './sequential-await.js';
import unboundedConcurrency from './unbounded-concurrency.js';
import expressAsyncRoute from './express-async-route.js';
import checkThenAct from './check-then-act.js';
import processLocalLock from './process-local-lock.js';
import topLevelAwaitCycle from './top-level-await-cycle.js';
import listenerLeak from './listener-leak.js';
import timerLeak from './timer-leak.js';
import staleResponse from './stale-response.js';
import asyncConstructor from './async-constructor.js';
import settleMismatch from './settle-mismatch.js';
import thenableReuse from './thenable-reuse.js';
import unawaitedAssertion from './unawaited-assertion.js';
import fakeTimerAsync from './fake-timer-async.js';
import eventLoopStarvation from './event-loop-starvation.js';

/**
 * Every rule of the analyzer, one per pitfall id it can see. Rule files add themselves here with one import and one
 * entry; the meta-tests check each id against its file name, the catalog and its docs page.
 */
export const allRules: readonly AnyRule[] = [
  asyncPromiseExecutor,
  floatingPromise,
  asyncVoidCallback,
  returnAwaitInTry,
  lateAwait,
  sequentialAwait,
  unboundedConcurrency,
  expressAsyncRoute,
  checkThenAct,
  processLocalLock,
  topLevelAwaitCycle,
  listenerLeak,
  timerLeak,
  staleResponse,
  asyncConstructor,
  settleMismatch,
  thenableReuse,
  unawaitedAssertion,
  fakeTimerAsync,
  eventLoopStarvation,
];
