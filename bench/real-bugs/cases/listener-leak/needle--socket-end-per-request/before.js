// Case: tomas/needle, fix commit e5769cfb7833dd534ec12fe47fef917a77821903 ("Ensure socket 'end' listener is removed,
// otherwise we might get 'possible event emitter leak' as those sockets get reused"; issue
// https://github.com/tomas/needle/issues/161). Rewritten in our own code: every request adds an 'end' listener to the
// socket the agent hands it; keep-alive sockets serve many requests, so the listeners pile up.
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
    done(err, body);
  };

  const request = http.get(url, { agent: keepAliveAgent }, (response) => {
    let body = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => (body += chunk));
    response.on('end', () => finish(null, body));
  });

  request.on('error', finish);

  // A socket closed by the server while we write: report it instead of a late EPIPE.
  request.on('socket', (socket) => {
    socket.on('end', () => {
      if (!socket.writable && !socket.destroyed) {
        socket.destroy();
        finish(new Error('The server closed the connection abruptly.'));
      }
    });
  });
}

const keepAliveAgent = new http.Agent({ keepAlive: true });

module.exports = { fetchText };
