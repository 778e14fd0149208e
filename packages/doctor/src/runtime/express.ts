import http from 'node:http';
import { clock, currentOperation } from '../operations.js';
import { errorFrames } from '../stack.js';
import type { Finding, OperationRef } from '../types.js';
import { describeReason, type RejectionTracker } from './rejections.js';

interface RequestLike {
  readonly method?: string;
  readonly originalUrl?: string;
  readonly url?: string;
}

interface ResponseLike {
  readonly writableEnded?: boolean;
  readonly headersSent?: boolean;
}

interface LayerLike {
  handle: unknown;
  handle_request?: unknown;
}

interface Watched {
  readonly method: string;
  readonly url: string;
  readonly response: ResponseLike;
  readonly operation: OperationRef | undefined;
  reason?: unknown;
  rejectedAtMs?: number;
  reported?: boolean;
}

type HandleRequest = (this: LayerLike, request: unknown, response: unknown, next: unknown) => unknown;
type Listen = (this: http.Server, ...args: unknown[]) => unknown;

/**
 * `express-async-route`: on Express 4, remembers the promise each route handler returns; when that promise
 * rejects unhandled and the response is still not sent after `requestTimeoutMs`, the request hangs.
 */
export class ExpressTracker {
  readonly #patchedPrototypes = new WeakSet<object>();
  readonly #byPromise = new WeakMap<Promise<unknown>, Watched>();
  readonly #rejected: Watched[] = [];
  readonly #timeoutMs: number;
  readonly #setTimeout: typeof setTimeout;
  readonly #restore: (() => void)[] = [];

  constructor(timeoutMs: number, originalSetTimeout: typeof setTimeout) {
    this.#timeoutMs = timeoutMs;
    this.#setTimeout = originalSetTimeout;
  }

  install(rejections: RejectionTracker): void {
    const patchApp = (listener: unknown) => {
      this.#patchApp(listener);
    };
    const prototype = http.Server.prototype as unknown as Record<string, unknown>;
    const hadOwn = Object.prototype.hasOwnProperty.call(prototype, 'listen');
    const ownListen = prototype['listen'];
    function listenObserved(this: http.Server, ...args: unknown[]): unknown {
      for (const listener of this.listeners('request')) patchApp(listener);
      // Looked up on each call so the handle tracker's wrapper (and any later one) still runs.
      const inherited = (
        hadOwn ? ownListen : (Object.getPrototypeOf(http.Server.prototype) as { listen: unknown }).listen
      ) as Listen;
      return Reflect.apply(inherited, this, args);
    }
    prototype['listen'] = listenObserved;
    this.#restore.push(() => {
      if (hadOwn) prototype['listen'] = ownListen;
      else Reflect.deleteProperty(prototype, 'listen');
    });
    rejections.onUnhandled((promise, reason) => {
      const watched = this.#byPromise.get(promise);
      if (watched === undefined || watched.reason !== undefined) return;
      watched.reason = reason;
      watched.rejectedAtMs = clock();
      this.#rejected.push(watched);
      this.#setTimeout(() => {
        this.#check(watched);
      }, this.#timeoutMs).unref();
    });
  }

  uninstall(): void {
    for (const restore of this.#restore.splice(0).reverse()) restore();
  }

  #check(watched: Watched): void {
    if (watched.response.writableEnded === true || watched.response.headersSent === true)
      watched.reported = false;
    else watched.reported = true;
  }

  /** Patches the `Layer` class of an Express 4 app (found through its router stack) once. */
  #patchApp(listener: unknown): void {
    const router = (listener as { _router?: { stack?: unknown[] } } | null)?._router;
    const layer = router?.stack?.[0];
    if (typeof layer !== 'object' || layer === null) return;
    const layerPrototype = Object.getPrototypeOf(layer) as Record<string, unknown> | null;
    if (layerPrototype === null || this.#patchedPrototypes.has(layerPrototype)) return;
    const original = layerPrototype['handle_request'];
    // Express 5 (`handleRequest`) forwards rejections to `next` itself.
    if (typeof original !== 'function') return;
    this.#patchedPrototypes.add(layerPrototype);
    const watch = (promise: Promise<unknown>, request: RequestLike, response: ResponseLike) => {
      this.#watch(promise, request, response);
    };
    const handleRequest = original as HandleRequest;
    function handleRequestObserved(
      this: LayerLike,
      request: unknown,
      response: unknown,
      next: unknown,
    ): unknown {
      const handler = this.handle;
      if (typeof handler !== 'function' || handler.length > 3) {
        return Reflect.apply(handleRequest, this, [request, response, next]);
      }
      let returned: unknown;
      const probe = function (this: unknown, a: unknown, b: unknown, c: unknown): unknown {
        returned = Reflect.apply(handler, this, [a, b, c]);
        return returned;
      };
      this.handle = probe;
      try {
        return Reflect.apply(handleRequest, this, [request, response, next]);
      } finally {
        this.handle = handler;
        if (returned instanceof Promise) watch(returned, request as RequestLike, response as ResponseLike);
      }
    }
    layerPrototype['handle_request'] = handleRequestObserved;
    this.#restore.push(() => {
      layerPrototype['handle_request'] = original;
    });
  }

  #watch(promise: Promise<unknown>, request: RequestLike, response: ResponseLike): void {
    this.#byPromise.set(promise, {
      method: request.method ?? 'GET',
      url: request.originalUrl ?? request.url ?? '/',
      response,
      operation: currentOperation(),
    });
  }

  findings(): Finding[] {
    const findings: Finding[] = [];
    for (const watched of this.#rejected) {
      const answered = watched.response.writableEnded === true || watched.response.headersSent === true;
      if (answered && watched.reported !== true) continue;
      const waited = Math.round(clock() - (watched.rejectedAtMs ?? 0));
      findings.push({
        kind: 'unanswered-request',
        pitfall: 'express-async-route',
        severity: 'error',
        message: `${watched.method} ${watched.url} got no response ${waited} ms after its async handler rejected: ${describeReason(watched.reason)}`,
        frames: errorFrames(watched.reason),
        related: [],
        operation: watched.operation,
        atMs: watched.rejectedAtMs ?? 0,
        data: { method: watched.method, url: watched.url, waitedMs: waited },
      });
    }
    return findings;
  }
}
