// Case: LucianoGanga/simple-headless-chrome, fix commit 0140e492feebc03c81472fe5ed9fc04aadf10eff ("promiseTimeout
// timeout handling", PR https://github.com/LucianoGanga/simple-headless-chrome/pull/19). Rewritten in our own code: a
// CommonJS helper races an operation against `sleep(ms).then(throw)`; `sleep` is the module's own timer promise,
// so when the operation wins nothing clears the timer and a script keeps running until the timeout elapses.
'use strict';

/**
 * Waits for `ms` milliseconds.
 * @param {number} ms
 * @returns {Promise<void>}
 */
const sleep = (exports.sleep = function (ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
});

/**
 * Rejects with a TIMEOUT error when `operation` has not settled within `ms`.
 * @template T
 * @param {Promise<T>} operation
 * @param {number} ms
 * @returns {Promise<T>}
 */
exports.withDeadline = function (operation, ms) {
  return Promise.race([
    operation,
    sleep(ms).then(() => {
      const err = new Error('Browser action timed out after ' + ms + ' ms');
      err.code = 'TIMEOUT';
      throw err;
    }),
  ]);
};
