// Case: cscott/prfun, fix commit 5dc7ef39a0bffced28a82519c89dfd0bafccb775 ("`Promise#timeout`: clear the timeout once
// the promise is resolved/rejected", https://github.com/cscott/prfun/pull/4). Rewritten in our own code: a promise
// library's `timeout(ms)` method settles a new promise with the original's outcome or rejects it from a timer; the
// timer is never cleared when the original settles first, so it holds the promise (and keeps the process alive) for
// the whole period.
'use strict';

module.exports = function extend(PromiseImpl) {
  function DeadlineError(message) {
    this.name = 'DeadlineError';
    this.message = message || 'deadline passed';
  }
  DeadlineError.prototype = Object.create(Error.prototype);

  PromiseImpl.prototype.timeout = function (ms, message) {
    var Ctor = this.constructor || PromiseImpl;
    var source = this;
    return new Ctor(function (resolve, reject) {
      source.then(resolve, reject);
      setTimeout(function () {
        reject(new DeadlineError(message));
      }, ms);
    });
  };

  PromiseImpl.DeadlineError = DeadlineError;
  return PromiseImpl;
};
