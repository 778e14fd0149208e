// Case: aragon/apm.js, fix commit 17c1f47c4690a80da87558f98feb2adec56434df ("Fix timeout leak bug only by cancelling
// the timeout on success", PR https://github.com/aragon/apm.js/pull/43). Rewritten in our own code: a helper that
// bounds a content fetch races it against a promise whose executor arms a rejecting timer and drops its handle, so
// the timer keeps the process alive for the whole limit after every fetch that finished in time.
'use strict';

/**
 * @template T
 * @param {Promise<T>} pending
 * @param {number} limitMs
 * @returns {Promise<T>}
 */
module.exports = function withLimit(pending, limitMs) {
  const expiry = new Promise((resolve, reject) => {
    const handle = setTimeout(() => {
      reject('Gave up after ' + limitMs + 'ms.');
    }, limitMs);
  });

  return Promise.race([pending, expiry]);
};
