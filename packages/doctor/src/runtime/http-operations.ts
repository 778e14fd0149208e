import http from 'node:http';
import https from 'node:https';
import { openOperation } from '../operations.js';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

interface RequestLike {
  readonly method?: string;
  readonly url?: string;
}

interface ResponseLike {
  once(event: string, listener: () => void): unknown;
}

/** The path of a request URL without its query string, at most 80 characters. */
function pathOf(url: string | undefined): string {
  const text = url ?? '/';
  const query = text.indexOf('?');
  const bare = query === -1 ? text : text.slice(0, query);
  return bare.length > 80 ? `${bare.slice(0, 79)}…` : bare;
}

/**
 * `--full`: every HTTP request an `http`/`https` server serves is an operation (`GET /users/7`), from the `request`
 * event until the response is finished or the connection closes, so the waterfall has one row per request and each
 * finding names the request it happened in.
 */
export class HttpOperations {
  readonly #restore: (() => void)[] = [];

  install(): void {
    for (const prototype of [http.Server.prototype, https.Server.prototype] as object[]) {
      const had = Object.prototype.hasOwnProperty.call(prototype, 'emit');
      const original = Reflect.get(prototype, 'emit') as Emit;
      const emit: Emit = function emitRequestInOperation(this: unknown, event, ...args) {
        if (event !== 'request') return original.call(this, event, ...args);
        const request = args[0] as RequestLike;
        const response = args[1] as ResponseLike;
        const operation = openOperation(`${request.method ?? 'GET'} ${pathOf(request.url)}`);
        // A response emits 'close' once it is finished or its connection is gone.
        response.once('close', () => {
          operation.end('fulfilled');
        });
        return operation.run(() => original.call(this, event, ...args));
      };
      Reflect.set(prototype, 'emit', emit);
      this.#restore.push(() => {
        if (had) Reflect.set(prototype, 'emit', original);
        else Reflect.deleteProperty(prototype, 'emit');
      });
    }
  }

  uninstall(): void {
    for (const restore of this.#restore.splice(0)) restore();
  }
}
