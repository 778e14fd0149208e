import http from 'node:http';
import https from 'node:https';
import { endOperation, openedOperation, openOperation } from '../operations.js';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

interface RequestLike {
  readonly method?: string;
  readonly url?: string;
}

/**
 * `--full`: every HTTP request an `http`/`https` server serves is an operation (`GET /users/7`), from the `request`
 * event until the response is finished or the connection closes, so the waterfall has one row per request and each
 * finding names the request it happened in.
 *
 * Per request this costs a row of the operation registry's ring and one entry in a weak map: the server's `emit`
 * opens the operation for the `request` event, and `ServerResponse#emit` ends it at the response's `close` (emitted
 * once it is finished or its connection is gone). No object, no listener, no closure; the name (`GET` and the path)
 * is built only when a report shows it. The operation id is kept beside the response, not on it: a property added to
 * some responses (those served while recording) would give Node's own response objects a second shape, and every
 * function of Node's HTTP code that handles a response would pay for it.
 *
 * While `recording()` says the promise hooks are off (a sampled run between two windows) a request opens no operation:
 * nothing recorded could refer to it, and the waterfall draws only operations with recorded work.
 */
export class HttpOperations {
  readonly #restore: (() => void)[] = [];
  readonly #recording: () => boolean;
  /** The operation of each response served while recording, until its `close`. */
  readonly #operations = new WeakMap<object, number>();

  constructor(recording: () => boolean = () => true) {
    this.#recording = recording;
  }

  install(): void {
    const recording = this.#recording;
    const operations = this.#operations;
    for (const prototype of [http.Server.prototype, https.Server.prototype] as object[]) {
      this.#wrapEmit(
        prototype,
        (original) =>
          function emitRequestInOperation(
            this: unknown,
            event: string | symbol,
            request?: unknown,
            response?: unknown,
          ) {
            // `arguments` handed straight to `Reflect.apply` in the wrapper's own body is forwarded without a copy; passed
            // to a helper, V8 would build an arguments object for every event of every server and response.
            if (event !== 'request' || !recording()) {
              // eslint-disable-next-line prefer-rest-params -- forwarded without a copy (see above)
              return Reflect.apply(original, this, arguments) as boolean;
            }
            const { method, url } = request as RequestLike;
            const operation = openOperation(method ?? 'GET', url ?? '/');
            if (typeof response === 'object' && response !== null) operations.set(response, operation);
            const outer = openedOperation.id;
            openedOperation.id = operation;
            try {
              // eslint-disable-next-line prefer-rest-params -- forwarded without a copy (see above)
              return Reflect.apply(original, this, arguments) as boolean;
            } finally {
              openedOperation.id = outer;
            }
          },
      );
    }
    this.#wrapEmit(
      http.ServerResponse.prototype,
      (original) =>
        function emitResponseEnd(this: unknown, event: string | symbol) {
          if (event === 'close') {
            const operation = operations.get(this as object);
            if (operation !== undefined) {
              operations.delete(this as object);
              endOperation(operation, 'fulfilled');
            }
          }
          // eslint-disable-next-line prefer-rest-params -- forwarded without a copy (see the server's wrapper)
          return Reflect.apply(original, this, arguments) as boolean;
        },
    );
  }

  /** Replaces `prototype.emit` with `wrap(original)`; {@link uninstall} puts the original back. */
  #wrapEmit(prototype: object, wrap: (original: Emit) => Emit): void {
    const had = Object.prototype.hasOwnProperty.call(prototype, 'emit');
    const original = Reflect.get(prototype, 'emit') as Emit;
    Reflect.set(prototype, 'emit', wrap(original));
    this.#restore.push(() => {
      if (had) Reflect.set(prototype, 'emit', original);
      else Reflect.deleteProperty(prototype, 'emit');
    });
  }

  uninstall(): void {
    for (const restore of this.#restore.splice(0)) restore();
  }
}
