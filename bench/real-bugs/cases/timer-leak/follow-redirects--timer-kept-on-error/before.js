// Case: follow-redirects/follow-redirects, fix commit 2055300d50841430f2a4e658ff1366f8e888d65e ("Also clear timeout on
// error"). Rewritten in our own code: the request's overall timeout timer is started when the socket appears and
// cleared only when the final response is processed; a request that ends in an error keeps its timer, which later
// emits 'timeout' on a request that already failed.
'use strict';
const { EventEmitter } = require('node:events');

class RedirectingRequest extends EventEmitter {
  constructor() {
    super();
    /** @type {NodeJS.Timeout | undefined} */
    this.timer = undefined;
    /** @type {import('node:net').Socket | null} */
    this.socket = null;
    this.current = new EventEmitter();
  }

  /**
   * @param {number} ms
   * @param {() => void} [onTimeout]
   */
  setTimeout(ms, onTimeout) {
    if (onTimeout) this.once('timeout', onTimeout);
    const self = this;
    function startTimer() {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () {
        self.emit('timeout');
      }, ms);
    }
    if (!this.socket) this.current.once('socket', startTimer);
    else startTimer();
    return this;
  }

  /** @param {import('node:http').IncomingMessage} response */
  handleFinalResponse(response) {
    this.emit('response', response);
    // The request is done.
    clearTimeout(this.timer);
  }

  /** @param {Error} error */
  fail(error) {
    this.emit('error', error);
  }
}

module.exports = { RedirectingRequest };
