// Case: sindresorhus/got, fix commit 13d6b68ba02413374519f490d75741a427d705ad ("Fix socket 'connect' memory leak",
// https://github.com/sindresorhus/got/pull/465), file index.js. Rewritten in our own code: every request with a body
// waits for its socket's 'connect' to start reporting upload progress; with a keep-alive agent the socket is already
// connected, 'connect' never comes, and each request leaves its `once` listener (and its closure) on the shared socket.
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
    if (req.socket) {
      req.socket.once('connect', () => {
        ticker = setInterval(() => {
          events.emit('uploadProgress', { sent: req.socket ? req.socket.bytesWritten : 0, total: body.length });
        }, 150);
      });
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
