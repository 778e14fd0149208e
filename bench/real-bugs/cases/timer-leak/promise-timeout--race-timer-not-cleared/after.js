// Case: building5/promise-timeout, fix commit f63fc873cb32743cab095809ecf87ce1fa8391ef
// ("Clear timeout when promise settles", issue https://github.com/building5/promise-timeout/issues/1).
// Fixed: the timer is kept and cleared once the race settles, whichever side won.
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
  let timer;
  return Promise.race([
    work,
    new Promise(function (_resolve, reject) {
      timer = setTimeout(function () {
        reject(new DeadlineExceeded());
      }, limitMs);
    }),
  ]).then(
    function (value) {
      clearTimeout(timer);
      return value;
    },
    function (error) {
      clearTimeout(timer);
      throw error;
    },
  );
}

module.exports = { withDeadline, DeadlineExceeded };
