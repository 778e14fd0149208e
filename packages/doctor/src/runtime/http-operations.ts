import http from 'node:http';
import https from 'node:https';
import { endOperation, openedOperation, openOperation } from '../operations.js';

type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

/**
 * Calls `original` with the wrapper's own `this` and arguments. `arguments` passed straight to `apply` is what V8
 * forwards without copying them into an array: these wrappers run for every event of every server and response.
 */
function forward(original: Emit, self: unknown, args: IArguments): boolean {
  return Reflect.apply(original, self, args) as boolean;
}

interface RequestLike {
  readonly method?: string;
  readonly url?: string;
}

/** Where a response keeps the operation id of its request (a property of the response, not a map beside it). */
const operationOf: unique symbol = Symbol('awaitwise.doctor.operation');

type ResponseWithOperation = Record<typeof operationOf, number | undefined>;

/**
 * `--full`: every HTTP request an `http`/`https` server serves is an operation (`GET /users/7`), from the `request`
 * event until the response is finished or the connection closes, so the waterfall has one row per request and each
 * finding names the request it happened in.
 *
 * Per request this costs a row of the operation registry's ring and one number on the response: the server's `emit`
 * opens the operation for the `request` event, and `ServerResponse#emit` ends it at the response's `close` (emitted
 * once it is finished or its connection is gone). No object, no listener, no closure; the name (`GET` and the path)
 * is built only when a report shows it.
 *
 * While `recording()` says the promise hooks are off (a sampled run between two windows) a request opens no operation:
 * nothing recorded could refer to it, and the waterfall draws only operations with recorded work.
 */
export class HttpOperations {
  readonly #restore: (() => void)[] = [];
  readonly #recording: () => boolean;

  constructor(recording: () => boolean = () => true) {
    this.#recording = recording;
  }

  install(): void {
    const recording = this.#recording;
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
            // eslint-disable-next-line prefer-rest-params -- forwarded without a copy (see `forward`)
            if (event !== 'request' || !recording()) return forward(original, this, arguments);
            const { method, url } = request as RequestLike;
            const operation = openOperation(method ?? 'GET', url ?? '/');
            if (typeof response === 'object' && response !== null) {
              (response as ResponseWithOperation)[operationOf] = operation;
            }
            const outer = openedOperation.id;
            openedOperation.id = operation;
            try {
              // eslint-disable-next-line prefer-rest-params -- forwarded without a copy (see `forward`)
              return forward(original, this, arguments);
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
            const operation = (this as ResponseWithOperation)[operationOf];
            if (operation !== undefined) endOperation(operation, 'fulfilled');
          }
          // eslint-disable-next-line prefer-rest-params -- forwarded without a copy (see `forward`)
          return forward(original, this, arguments);
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
