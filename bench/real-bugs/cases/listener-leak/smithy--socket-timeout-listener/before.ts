// Case: smithy-lang/smithy-typescript, fix commit fba050cb7496d84b25940fb37cb0a5c998c57733 ("fix(node-http-handler):
// clear obsolete socket timeout listeners", PR https://github.com/smithy-lang/smithy-typescript/pull/1531). Rewritten
// in our own code: every request gives the socket a 'timeout' listener through `socket.setTimeout(ms, listener)`; a
// keep-alive socket serves many requests, so the listeners pile up, each holding its request.
import type { ClientRequest } from 'node:http';

const defaultTimeout = 30_000;

export function armSocketTimeout(
  request: ClientRequest,
  reject: (error: Error) => void,
  timeoutMs = defaultTimeout,
): void {
  const onTimeout = () => {
    request.destroy();
    reject(Object.assign(new Error(`No response within ${timeoutMs} ms`), { name: 'TimeoutError' }));
  };
  if (request.socket) {
    request.socket.setTimeout(timeoutMs, onTimeout);
  } else {
    request.setTimeout(timeoutMs, onTimeout);
  }
}
