// Case: kriskowal/q, fix commit 6531c32ae4ec06b56bc9f6fb081f039876f26d83 ("clear timeout if original promise
// rejected", PR https://github.com/kriskowal/q/pull/145). Rewritten in our own code: a deadline helper settles a
// deferred either from a timer or from the work; the work's fulfilment clears the timer, but its rejection is handed
// straight to the deferred's reject, so every fast failure leaves the timer armed for the whole limit.
'use strict';

function createDeferred() {
  /** @type {(value: unknown) => void} */
  let resolve = () => {};
  /** @type {(reason: unknown) => void} */
  let reject = () => {};
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * @param {Promise<unknown>} work
 * @param {number} limitMs
 */
function deadline(work, limitMs) {
  const deferred = createDeferred();
  const timerId = setTimeout(() => {
    deferred.reject(new Error('Deadline of ' + limitMs + ' ms passed'));
  }, limitMs);

  work.then((value) => {
    clearTimeout(timerId);
    deferred.resolve(value);
  }, deferred.reject);
  return deferred.promise;
}

module.exports = { deadline };
