// Case: smithy-lang/smithy-typescript, fix commit fba050cb7496d84b25940fb37cb0a5c998c57733 ("fix(node-http-handler):
// clear obsolete socket timeout listeners", PR https://github.com/smithy-lang/smithy-typescript/pull/1531). Rewritten
// in our own code: the fixed request takes its 'timeout' listener off the shared socket when the request closes.
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
    request.on('close', () => request.socket?.removeListener('timeout', onTimeout));
  } else {
    request.setTimeout(timeoutMs, onTimeout);
  }
}
