import type { AnyRule } from '../rule.js';
import asyncPromiseExecutor from './async-promise-executor.js';
import asyncVoidCallback from './async-void-callback.js';
import floatingPromise from './floating-promise.js';
import lateAwait from './late-await.js';
import returnAwaitInTry from './return-await-in-try.js';

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
];
