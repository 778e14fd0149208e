// Case: scality/Arsenal, fix commit 203f9411bfe9d83e5665e95d39f3af4f7d49d40e ("fix(net): http server do not rebind
// events", https://github.com/scality/Arsenal/pull/267). Rewritten in our own code: when the error callback asks for a
// restart, start() runs again on the same server object and adds its 'error', 'clientError' and 'listening' handlers
// once more, so each failed listen doubles the calls (MaxListenersExceededWarning: 11 listening listeners added).
'use strict';
const http = require('node:http');

class PortServer {
  /**
   * @param {number} port
   * @param {(err: Error) => boolean} onFailure returns true to try listening again
   */
  constructor(port, onFailure) {
    this.port = port;
    this.onFailure = onFailure;
    /** @type {http.Server | null} */
    this.server = null;
  }

  /** @param {Error} err */
  handleError(err) {
    console.error('server error on port', this.port, err.message);
    if (this.onFailure(err) === true) {
      process.nextTick(() => this.start());
    }
  }

  /** @param {Error} err @param {import('node:net').Socket} socket */
  handleClientError(err, socket) {
    console.error('client error', err.message);
    socket.destroy();
  }

  start() {
    if (!this.server) {
      this.server = http.createServer((req, res) => {
        res.end('ok');
      });
    }
    this.server.on('error', (err) => this.handleError(err));
    this.server.on('clientError', (err, socket) => this.handleClientError(err, socket));
    this.server.listen(this.port, () => console.log('listening on', this.port));
    return this;
  }

  stop() {
    if (this.server) this.server.close();
    return this;
  }
}

module.exports = { PortServer };
