// Case: follow-redirects/follow-redirects, fix commit 2055300d50841430f2a4e658ff1366f8e888d65e ("Also clear timeout on
// error"). Fixed: setTimeout() clears its timer on the request's 'response' and on its 'error'.
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
        self.timer = undefined;
        self.emit('timeout');
      }, ms);
    }
    function clearTimer() {
      clearTimeout(self.timer);
      self.timer = undefined;
    }
    if (!this.socket) this.current.once('socket', startTimer);
    else startTimer();
    this.once('response', clearTimer);
    this.once('error', clearTimer);
    return this;
  }

  /** @param {import('node:http').IncomingMessage} response */
  handleFinalResponse(response) {
    this.emit('response', response);
  }

  /** @param {Error} error */
  fail(error) {
    this.emit('error', error);
  }
}

module.exports = { RedirectingRequest };
