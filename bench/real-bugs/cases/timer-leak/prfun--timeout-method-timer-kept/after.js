// Case: cscott/prfun, fix commit 5dc7ef39a0bffced28a82519c89dfd0bafccb775 ("`Promise#timeout`: clear the timeout once
// the promise is resolved/rejected", https://github.com/cscott/prfun/pull/4). Rewritten in our own code: the fix arms
// the timer in a helper that returns a canceller, and runs the canceller when the original promise settles either way.
'use strict';

module.exports = function extend(PromiseImpl) {
  function DeadlineError(message) {
    this.name = 'DeadlineError';
    this.message = message || 'deadline passed';
  }
  DeadlineError.prototype = Object.create(Error.prototype);

  function armDeadline(reject, message, ms) {
    var handle = setTimeout(function () {
      reject(new DeadlineError(message));
    }, ms);
    return function () {
      clearTimeout(handle);
    };
  }

  PromiseImpl.prototype.timeout = function (ms, message) {
    var Ctor = this.constructor || PromiseImpl;
    var source = this;
    return new Ctor(function (resolve, reject) {
      source.then(resolve, reject);
      var cancel = armDeadline(reject, message, ms);
      source.then(cancel, cancel);
    });
  };

  PromiseImpl.DeadlineError = DeadlineError;
  return PromiseImpl;
};
