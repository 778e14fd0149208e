// Case: aragon/apm.js, fix commit 17c1f47c4690a80da87558f98feb2adec56434df ("Fix timeout leak bug only by cancelling
// the timeout on success", PR https://github.com/aragon/apm.js/pull/43). Rewritten in our own code: the handle is kept
// outside the executor and cleared when the race resolves and when it rejects.
'use strict';

/**
 * @template T
 * @param {Promise<T>} pending
 * @param {number} limitMs
 * @returns {Promise<T>}
 */
module.exports = function withLimit(pending, limitMs) {
  let handle;
  const expiry = new Promise((resolve, reject) => {
    handle = setTimeout(() => {
      reject(new Error('Gave up after ' + limitMs + 'ms.'));
    }, limitMs);
  });

  return Promise.race([pending, expiry])
    .then((value) => {
      clearTimeout(handle);
      return value;
    })
    .catch((error) => {
      clearTimeout(handle);
      throw error;
    });
};
