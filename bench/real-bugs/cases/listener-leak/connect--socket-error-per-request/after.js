// Case: senchalabs/connect, fix commit 3e7dc9b5a44c9633506a34f0d2d25bdd079a3a9f ("Remove socket error event listener
// on callback", PR https://github.com/senchalabs/connect/pull/564). Rewritten in our own code: the fixed sender takes
// its 'error' listener off the shared keep-alive socket as soon as the send is over.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ root: string, path: string }} options
 * @param {(err?: Error) => void} [fn]
 */
function sendFile(req, res, options, fn) {
  let finished = false;
  const file = path.join(options.root, options.path);
  const stream = fs.createReadStream(file);

  if (fn) {
    const callback = (err) => {
      if (!finished) fn(err);
      finished = true;
      req.socket.removeListener('error', callback);
    };
    req.on('close', callback);
    req.socket.on('error', callback);
    stream.on('error', callback);
    stream.on('end', callback);
  }
  stream.pipe(res);
}

module.exports = { sendFile };
