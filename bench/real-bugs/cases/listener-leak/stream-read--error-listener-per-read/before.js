// Case: micnews/stream-read, fix commit e51be311808074e7b61653798548901c36537e42 ("cleanup 2nd "error" listener",
// fixes https://github.com/micnews/stream-read/issues/4). Rewritten in our own code: each read adds an 'error'
// listener to the caller's stream that only takes itself off when an error comes; a read that gets data leaves it
// on the stream, one more per read.
'use strict';

/**
 * Reads one chunk from a readable stream (null at the end).
 * @param {import('node:stream').Readable} stream
 * @param {(err: Error | null, chunk?: Buffer | null) => void} cb
 */
function readChunk(stream, cb) {
  function onReadable() {
    cleanup();
    check();
  }
  function onEnd() {
    cleanup();
    cb(null, null);
  }
  function onError(err) {
    cleanup();
    cb(err);
  }
  function listen() {
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
  }
  function cleanup() {
    stream.removeListener('readable', onReadable);
    stream.removeListener('end', onEnd);
    stream.removeListener('error', onError);
  }
  function check() {
    let failed = false;
    const onEarlyError = (err) => {
      failed = true;
      stream.removeListener('error', onEarlyError);
      cb(err);
    };
    stream.on('error', onEarlyError);

    const chunk = stream.read();
    if (failed) return;
    if (chunk) cb(null, chunk);
    else listen();
  }
  check();
}

module.exports = readChunk;
