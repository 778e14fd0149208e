// Case: follow-redirects/follow-redirects, fix commit 86f7572f9365dadc39f85916259b58973819617f ("clear internal timer
// on request abort to avoid leakage", issue https://github.com/follow-redirects/follow-redirects/issues/175, PR #176).
// Fixed: the timer is also cleared on 'abort', and stopping it removes all three cleanup listeners.
'use strict';
const { EventEmitter } = require('node:events');

class FollowingRequest extends EventEmitter {
  constructor() {
    super();
    /** @type {import('node:net').Socket | null} */
    this.socket = null;
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
    /** @type {EventEmitter} */
    this.current = new EventEmitter();
  }

  /**
   * @param {number} ms
   * @param {() => void} [onTimeout]
   */
  setTimeout(ms, onTimeout) {
    const self = this;

    /** @param {import('node:net').Socket} socket */
    function startTimer(socket) {
      if (self.timer) clearTimeout(self.timer);
      self.timer = setTimeout(() => {
        self.emit('timeout');
        stopTimer();
      }, ms);
      socket.setTimeout(ms);
    }

    function stopTimer() {
      if (self.timer) {
        clearTimeout(self.timer);
        self.timer = null;
      }
      self.removeListener('abort', stopTimer);
      self.removeListener('error', stopTimer);
      self.removeListener('response', stopTimer);
      if (onTimeout) self.removeListener('timeout', onTimeout);
      if (!self.socket) self.current.removeListener('socket', startTimer);
    }

    if (onTimeout) this.on('timeout', onTimeout);
    if (this.socket) startTimer(this.socket);
    else this.current.once('socket', startTimer);

    this.on('abort', stopTimer);
    this.on('error', stopTimer);
    this.on('response', stopTimer);
    return this;
  }

  abort() {
    this.emit('abort');
  }
}

module.exports = { FollowingRequest };
