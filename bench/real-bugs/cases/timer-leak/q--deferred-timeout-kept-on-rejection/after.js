// Case: kriskowal/q, fix commit 6531c32ae4ec06b56bc9f6fb081f039876f26d83 ("clear timeout if original promise
// rejected", PR https://github.com/kriskowal/q/pull/145). Rewritten in our own code: the rejection handler clears the
// timer before it rejects the deferred.
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

  work.then(
    (value) => {
      clearTimeout(timerId);
      deferred.resolve(value);
    },
    (reason) => {
      clearTimeout(timerId);
      deferred.reject(reason);
    },
  );
  return deferred.promise;
}

module.exports = { deadline };
