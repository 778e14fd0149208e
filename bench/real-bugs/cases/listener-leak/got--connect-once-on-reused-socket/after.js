// Case: sindresorhus/got, fix commit 13d6b68ba02413374519f490d75741a427d705ad ("Fix socket 'connect' memory leak",
// https://github.com/sindresorhus/got/pull/465), file index.js. The fixed code: it waits for 'connect' only while the
// socket is still connecting; a reused keep-alive socket starts the progress ticker at once.
'use strict';
const http = require('node:http');
const { EventEmitter } = require('node:events');

/**
 * @param {string} url
 * @param {Buffer} body
 * @param {http.Agent} agent
 */
function upload(url, body, agent) {
  const events = new EventEmitter();
  /** @type {NodeJS.Timeout | undefined} */
  let ticker;
  const req = http.request(url, { method: 'POST', agent });
  req.on('error', (error) => {
    clearInterval(ticker);
    events.emit('error', error);
  });
  req.once('socket', () => {
    const socket = req.socket;
    if (socket) {
      const onConnect = () => {
        ticker = setInterval(() => {
          events.emit('uploadProgress', { sent: socket.bytesWritten, total: body.length });
        }, 150);
      };
      if (socket.connecting) {
        socket.once('connect', onConnect);
      } else {
        onConnect();
      }
    }
  });
  req.on('response', (res) => {
    clearInterval(ticker);
    events.emit('response', res);
  });
  req.end(body);
  return events;
}

module.exports = { upload };
