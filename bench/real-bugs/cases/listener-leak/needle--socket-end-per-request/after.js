// Case: tomas/needle, fix commit e5769cfb7833dd534ec12fe47fef917a77821903 ("Ensure socket 'end' listener is removed,
// otherwise we might get 'possible event emitter leak' as those sockets get reused"; issue
// https://github.com/tomas/needle/issues/161). Rewritten in our own code: the fixed request keeps its 'end' handler
// and takes it off the reused socket when the request finishes.
'use strict';
const http = require('node:http');

/**
 * @param {string} url
 * @param {(err: Error | null, body?: string) => void} done
 */
function fetchText(url, done) {
  let finished = false;
  const finish = (err, body) => {
    if (finished) return;
    finished = true;
    request.removeListener('error', finish);
    if (request.socket) request.socket.removeListener('end', onSocketEnd);
    done(err, body);
  };

  const request = http.get(url, { agent: keepAliveAgent }, (response) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => (body += chunk));
    response.on('end', () => finish(null, body));
  });

  // A socket closed by the server while we write: report it instead of a late EPIPE.
  function onSocketEnd() {
    const socket = request.socket;
    if (socket && !socket.writable && !socket.destroyed) {
      socket.destroy();
      finish(new Error('The server closed the connection abruptly.'));
    }
  }

  request.on('error', finish);
  request.once('socket', (socket) => {
    socket.once('end', onSocketEnd);
  });
}

const keepAliveAgent = new http.Agent({ keepAlive: true });

module.exports = { fetchText };
