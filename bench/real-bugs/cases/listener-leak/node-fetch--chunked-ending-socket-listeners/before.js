// Case: node-fetch/node-fetch, fix commit 043a5fcfc82884155bcb2afba2a82333b2f29c02 ("Fix leaking listeners (#1295)",
// PR https://github.com/node-fetch/node-fetch/pull/1474). Rewritten in our own code: to detect a chunked response cut
// short, each request adds a 'close' and a 'data' listener to its socket. The 'close' listener is removed only when
// the request is aborted and the 'data' listener never, so on a keep-alive socket every completed request leaves both.
import http from 'node:http';

const LAST_CHUNK = Buffer.from('0\r\n\r\n');

export function watchChunkedEnding(request, onPrematureClose) {
  let chunked = false;
  let sawLastChunk = false;
  let previousChunk;

  request.on('response', (response) => {
    const { headers } = response;
    chunked = headers['transfer-encoding'] === 'chunked' && !headers['content-length'];
  });

  request.on('socket', (socket) => {
    const onSocketClose = () => {
      if (chunked && !sawLastChunk) {
        const error = new Error('Premature close');
        error.code = 'ERR_STREAM_PREMATURE_CLOSE';
        onPrematureClose(error);
      }
    };

    socket.prependListener('close', onSocketClose);

    request.on('abort', () => {
      socket.removeListener('close', onSocketClose);
    });

    socket.on('data', (chunk) => {
      sawLastChunk = Buffer.compare(chunk.subarray(-5), LAST_CHUNK) === 0;
      // The last chunk and the end of the message may come in separate packets.
      if (!sawLastChunk && previousChunk) {
        sawLastChunk =
          Buffer.compare(previousChunk.subarray(-3), LAST_CHUNK.subarray(0, 3)) === 0 &&
          Buffer.compare(chunk.subarray(-2), LAST_CHUNK.subarray(3)) === 0;
      }
      previousChunk = chunk;
    });
  });
}

export function get(url, agent) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent }, resolve);
    request.on('error', reject);
    watchChunkedEnding(request, (error) => request.destroy(error));
  });
}
