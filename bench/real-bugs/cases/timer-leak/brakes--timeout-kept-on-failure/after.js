// Case: awolden/brakes, fix commit 0264a864d6d1ae7422fa6379d05bb1f95c1bbb2d ("additional clearTimeout", PR #15,
// issue https://github.com/awolden/brakes/issues/14). Rewritten in our own code: a circuit breaker runs each guarded
// call inside a promise made by bluebird's constructor (the module's `Promise` is bluebird's), arms a timeout timer
// in the executor and clears it when the call succeeds, but not when it fails: every failed call leaves its timer
// (and the closure over the breaker) pending until the timeout runs out.
'use strict';
const { EventEmitter } = require('node:events');
const Promise = require('bluebird');

class CallTimeoutError extends Error {}

class Breaker extends EventEmitter {
  /**
   * @param {(...args: unknown[]) => Promise<unknown>} call
   * @param {{ timeout?: number }} [options]
   */
  constructor(call, options = {}) {
    super();
    this.call = call;
    this.timeout = options.timeout ?? 15000;
  }

  /** @param {...unknown} args */
  run(...args) {
    const started = Date.now();
    return this.guarded(...args).then(
      (value) => {
        this.emit('success', Date.now() - started);
        return value;
      },
      (err) => {
        this.emit(err instanceof CallTimeoutError ? 'timeout' : 'failure', Date.now() - started);
        throw err;
      },
    );
  }

  /** @param {...unknown} args */
  guarded(...args) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new CallTimeoutError('guarded call timed out'));
      }, this.timeout);

      this.call(...args)
        .then((value) => {
          clearTimeout(timer);
          resolve(value);
        })
        .catch((err) => {
          clearTimeout(timer);
          reject(err);
        });

      timer.unref();
    });
  }
}

module.exports = { Breaker, CallTimeoutError };
