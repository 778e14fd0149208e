// Case: building5/promise-timeout, fix commit f63fc873cb32743cab095809ecf87ce1fa8391ef
// ("Clear timeout when promise settles", issue https://github.com/building5/promise-timeout/issues/1).
// Rewritten in our own code: a helper races the caller's promise against a rejecting timer and never clears the
// timer when the caller's promise wins, so every call keeps the process alive for the full wait.
'use strict';

class DeadlineExceeded extends Error {
  constructor() {
    super('deadline exceeded');
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Settles like `work`, or rejects with DeadlineExceeded after `limitMs`.
 * @param {Promise<unknown>} work
 * @param {number} limitMs
 */
function withDeadline(work, limitMs) {
  return Promise.race([
    work,
    new Promise(function (_resolve, reject) {
      setTimeout(function () {
        reject(new DeadlineExceeded());
      }, limitMs);
    }),
  ]);
}

module.exports = { withDeadline, DeadlineExceeded };
