/**
 * `@awaitwise/core/express`: async route handlers for Express 4 whose rejections reach the error middleware.
 *
 * Express 5 forwards a rejected handler's error to `next` by itself: Express 5 users do not need this module.
 *
 * @module
 */
import { assertFunction, describeValue } from './internal/validate.js';

/** Express's `next` function, written structurally (this module does not depend on `express`). */
export type NextFunction = (error?: unknown) => void;

/** A request handler: `(req, res, next)`, possibly async. */
export type Handler<Req, Res> = (req: Req, res: Res, next: NextFunction) => unknown;

/** An error-handling middleware: `(err, req, res, next)`, possibly async. Express recognizes it by its 4 parameters. */
export type ErrorHandler<Req, Res> = (error: unknown, req: Req, res: Res, next: NextFunction) => unknown;

const WRAPPED = Symbol.for('awaitwise.express.wrapped');

type Marked = { [WRAPPED]?: true };

/**
 * Wraps an async Express 4 handler so that its rejection (or a synchronous throw) is passed to `next(error)`, which
 * runs your error middleware and answers the request. Without it, Express 4 ignores the returned promise: the request
 * hangs until the client times out, and the rejection is unhandled (pitfall `express-async-route`).
 *
 * A handler with 4 parameters stays an error-handling middleware (Express tells them apart by `fn.length`).
 * Express 5 already does this; you do not need it there.
 *
 * Types are structural (no dependency on `express`), so TypeScript cannot infer `req` and `res` through Express's
 * overloaded `app.get`: annotate the parameters, pass the type arguments (`asyncHandler<Request, Response>(…)`), or
 * use {@link wrapRouter}, which keeps Express's own typing of inline handlers.
 *
 * @throws TypeError when `fn` is not a function
 * @example
 * ```ts
 * import { asyncHandler } from '@awaitwise/core/express';
 * import type { Request, Response } from 'express';
 * app.get('/users/:id', asyncHandler(async (req: Request, res: Response) => {
 *   res.json(await db.users.find(req.params.id)); // a rejection reaches the error middleware
 * }));
 * ```
 */
export function asyncHandler<Req, Res>(
  fn: Handler<Req, Res>,
): (req: Req, res: Res, next: NextFunction) => void;
export function asyncHandler<Req, Res>(fn: ErrorHandler<Req, Res>): ErrorHandler<Req, Res>;
export function asyncHandler<Req, Res>(
  fn: Handler<Req, Res> | ErrorHandler<Req, Res>,
): ((req: Req, res: Res, next: NextFunction) => void) | ErrorHandler<Req, Res> {
  assertFunction('fn', fn);
  if ((fn as Marked)[WRAPPED] === true) return fn;
  let wrapped: ((req: Req, res: Res, next: NextFunction) => void) | ErrorHandler<Req, Res>;
  if (fn.length >= 4) {
    const errorHandler = fn as ErrorHandler<Req, Res>;
    wrapped = function awaitwiseErrorHandler(error: unknown, req: Req, res: Res, next: NextFunction): void {
      forward(() => errorHandler(error, req, res, next), next);
    };
  } else {
    const handler = fn as Handler<Req, Res>;
    wrapped = function awaitwiseHandler(req: Req, res: Res, next: NextFunction): void {
      forward(() => handler(req, res, next), next);
    };
  }
  Object.defineProperty(wrapped, WRAPPED, { value: true });
  Object.defineProperty(wrapped, 'name', { value: fn.name === '' ? wrapped.name : fn.name });
  return wrapped;
}

function forward(run: () => unknown, next: NextFunction): void {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    next(error ?? new Error('A handler threw a nullish value.'));
    return;
  }
  if (
    typeof result === 'object' &&
    result !== null &&
    typeof (result as { then?: unknown }).then === 'function'
  ) {
    (result as PromiseLike<unknown>).then(undefined, (error: unknown) => {
      // `next()` with a falsy value means "continue", not "fail": never let a rejection with `undefined` be lost.
      next(error ?? new Error('A handler rejected with a nullish value.'));
    });
  }
}

/** The routing methods {@link wrapRouter} wraps. */
const METHODS = [
  'use',
  'all',
  'get',
  'post',
  'put',
  'delete',
  'patch',
  'options',
  'head',
  'param',
  'checkout',
  'copy',
  'lock',
  'merge',
  'mkactivity',
  'mkcol',
  'move',
  'm-search',
  'notify',
  'purge',
  'report',
  'search',
  'subscribe',
  'trace',
  'unlock',
  'unsubscribe',
] as const;

/** An Express 4 application, router or route, written structurally. */
export type RouterLike = object;

/**
 * Patches an Express 4 app or router so that every handler registered on it afterwards goes through
 * {@link asyncHandler}: `get`, `post`, `put`, `delete`, `patch`, `all`, `use`, `param` and the other HTTP verbs,
 * including arrays (nested too) of handlers, error-handling middleware with 4 parameters, and the routes returned by
 * `route(path)`. Sub-apps and routers passed to `use` are left as they are (wrap them separately). Calling it twice is
 * harmless. Returns its argument.
 *
 * Use it once where the app or router is created, so no route can be forgotten. Express 5 does not need it.
 *
 * @throws TypeError when `appOrRouter` has no `use` or `get` method
 * @example
 * ```ts
 * import { wrapRouter } from '@awaitwise/core/express';
 * const app = wrapRouter(express());
 * const users = wrapRouter(express.Router());
 * users.get('/:id', async (req, res) => { res.json(await findUser(req.params.id)); });
 * app.use('/users', users);
 * ```
 */
export function wrapRouter<T extends RouterLike>(appOrRouter: T): T {
  const target = appOrRouter as Record<string | symbol, unknown> | null;
  if (
    (typeof target !== 'object' && typeof target !== 'function') ||
    target === null ||
    typeof target.use !== 'function' ||
    typeof target.get !== 'function'
  ) {
    throw new TypeError(
      `Expected \`appOrRouter\` to be an Express app or router (with use/get methods), got ${describeValue(appOrRouter)}`,
    );
  }
  if (target[WRAPPED] === true) return appOrRouter;
  patchMethods(target);
  const route = target.route;
  if (typeof route === 'function') {
    Object.defineProperty(target, 'route', {
      value: function awaitwiseRoute(this: unknown, ...args: unknown[]): unknown {
        const created: unknown = Reflect.apply(route, this, args);
        if (typeof created === 'object' && created !== null) {
          patchMethods(created as Record<string | symbol, unknown>);
        }
        return created;
      },
      configurable: true,
      writable: true,
    });
  }
  Object.defineProperty(target, WRAPPED, { value: true });
  return appOrRouter;
}

function patchMethods(target: Record<string | symbol, unknown>): void {
  if (target[WRAPPED] === true) return;
  for (const name of METHODS) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    Object.defineProperty(target, name, {
      value: function awaitwiseMethod(this: unknown, ...args: unknown[]): unknown {
        return Reflect.apply(
          original,
          this,
          args.map((arg) => wrapArgument(arg, name)),
        );
      },
      configurable: true,
      writable: true,
    });
  }
  Object.defineProperty(target, WRAPPED, { value: true });
}

function wrapArgument(arg: unknown, method: string): unknown {
  if (Array.isArray(arg)) return arg.map((item) => wrapArgument(item, method));
  if (typeof arg !== 'function') return arg;
  // A router or a sub-app (both carry `handle`) must stay itself: Express mounts sub-apps by their own properties.
  if (typeof (arg as { handle?: unknown }).handle === 'function') return arg;
  if (method === 'param') return wrapParam(arg as (...args: unknown[]) => unknown);
  return asyncHandler(arg as Handler<unknown, unknown>);
}

/** `param` callbacks are `(req, res, next, value, name)`: same forwarding, different arity. */
function wrapParam(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => void {
  if ((fn as Marked)[WRAPPED] === true) return fn;
  const wrapped = function awaitwiseParam(this: unknown, ...args: unknown[]): void {
    forward(() => Reflect.apply(fn, this, args), args[2] as NextFunction);
  };
  Object.defineProperty(wrapped, WRAPPED, { value: true });
  return wrapped;
}
