// Case: jhiesey/stream-http, fix commit 16ec2ee996463fa35f925fd279a94dd0d274b343 ("add clearTimeout", merged in PR
// https://github.com/jhiesey/stream-http/pull/87, issue #85), completed by 6547015c ("Also clear fetch timeout on
// error"). Fixed: the timer is kept and cleared when the fetch settles, either way.
'use strict';
const { EventEmitter } = require('node:events');

class BrowserRequest extends EventEmitter {
  /**
   * @param {{ url: string, method: string, requestTimeout?: number }} options
   */
  constructor(options) {
    super();
    this.options = options;
    /** @type {AbortController | null} */
    this.controller = null;
  }

  /** @param {BodyInit | undefined} body */
  send(body) {
    const options = this.options;
    const controller = new AbortController();
    this.controller = controller;

    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let requestTimer;
    if (options.requestTimeout) {
      requestTimer = setTimeout(() => {
        this.emit('requestTimeout');
        if (this.controller) this.controller.abort();
      }, options.requestTimeout);
    }

    fetch(options.url, { method: options.method, body, mode: 'cors', signal: controller.signal }).then(
      (response) => {
        clearTimeout(requestTimer);
        this.emit('response', response);
      },
      (reason) => {
        clearTimeout(requestTimer);
        this.emit('error', reason);
      },
    );
  }
}

module.exports = { BrowserRequest };
