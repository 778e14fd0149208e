// Case: exogen/node-fetch-har, fix commit 5b86108efdf40d09b572b9863911d8d2b974e09f ("Fix adding listeners to reused
// sockets by removing them on request finish", PR https://github.com/exogen/node-fetch-har/pull/13). Rewritten in
// our own code: to time each request, the recorder adds 'lookup', 'connect' and 'secureConnect' listeners to the
// request's socket; with a keep-alive agent the same socket serves many requests, so the listeners of every earlier
// request stay on it (each holding its HAR entry).
'use strict';
const http = require('node:http');

function recordTimings(request, entry) {
  let removeSocketListeners = () => {};

  request.on('socket', (socket) => {
    entry.timestamps.socket = process.hrtime();

    const onLookup = () => {
      entry.timestamps.lookup = process.hrtime();
    };
    const onConnect = () => {
      entry.timestamps.connect = process.hrtime();
    };
    const onSecureConnect = () => {
      entry.timestamps.secureConnect = process.hrtime();
    };

    socket.once('lookup', onLookup);
    socket.once('connect', onConnect);
    socket.once('secureConnect', onSecureConnect);

    removeSocketListeners = () => {
      socket.removeListener('lookup', onLookup);
      socket.removeListener('connect', onConnect);
      socket.removeListener('secureConnect', onSecureConnect);
    };
  });

  request.on('finish', () => {
    entry.timestamps.sent = process.hrtime();
    removeSocketListeners();
  });

  request.on('response', (response) => {
    entry.timestamps.firstByte = process.hrtime();
    entry.status = response.statusCode;
  });
}

function tracedRequest(url, agent, entries) {
  const entry = { url, timestamps: {}, status: 0 };
  entries.push(entry);
  const request = http.request(url, { agent });
  recordTimings(request, entry);
  return request;
}

module.exports = { tracedRequest };
