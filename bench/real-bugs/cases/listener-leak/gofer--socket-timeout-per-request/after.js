// Case: groupon/gofer, fix commit 7eb902f30fc739bc511f8dd2ec093f4b597dcdbd ("fix: use proper timeout to fix
// keepAlive", PR https://github.com/groupon/gofer/pull/83). Rewritten in our own code: every request, once it is
// given a socket, arms an idle timeout on that socket with `socket.setTimeout(ms, callback)`, which adds the callback
// as a 'timeout' listener of the socket. With a keep-alive agent the same socket serves request after request, so the
// listeners (each holding its request's closure) pile up until the socket dies.
'use strict';

const http = require('node:http');

function sendRequest(options, resolve, reject) {
  const startedAt = Date.now();
  let request = null;
  let idleCheck = null;
  const timing = {};

  function fail(error) {
    if (request) request.destroy();
    reject(error);
  }

  function onIdleTimeout() {
    idleCheck = setImmediate(() => {
      idleCheck = null;
      if (request && request.socket && request.socket.readable) {
        const error = new Error(`No data from ${options.host} for ${options.timeout} ms`);
        error.code = 'ESOCKETTIMEDOUT';
        fail(error);
      }
    });
  }

  function onConnect() {
    timing.connect = Date.now() - startedAt;
  }

  function onSocket(socket) {
    timing.socket = Date.now() - startedAt;
    socket.once('connect', onConnect);
  }

  function onResponse(response) {
    timing.headers = Date.now() - startedAt;
    if (idleCheck) clearImmediate(idleCheck);
    response.on('error', fail);
    resolve({ response, timing });
  }

  request = http.request(options);
  request.once('response', onResponse);
  request.on('error', fail);
  request.once('socket', onSocket);
  // The request's own timeout: Node removes its listener from the socket when the request is done with it.
  request.setTimeout(options.timeout, onIdleTimeout);
  request.end();
}

function fetchWithTimeouts(options) {
  return new Promise((resolve, reject) => sendRequest(options, resolve, reject));
}

module.exports = { fetchWithTimeouts };
