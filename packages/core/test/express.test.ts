import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { asyncHandler, wrapRouter } from '../src/express.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (server === undefined) resolve();
    else
      server.close(() => {
        resolve();
      });
  });
  server = undefined;
});

const errorMiddleware: ErrorRequestHandler = (error: Error, _req, res, _next) => {
  res.status(500).json({ error: error.message });
};

/**
 * Types an async handler as Express 4 sees it (its types say handlers return void): that mismatch is exactly what
 * wrapRouter makes safe, and the cast keeps the lint rule about misused promises honest elsewhere.
 */
function asExpress(
  handler: unknown,
): express.RequestHandler & express.ErrorRequestHandler & express.RequestParamHandler {
  return handler as express.RequestHandler & express.ErrorRequestHandler & express.RequestParamHandler;
}

/** An async handler that rejects with `message`. */
function rejecting(message: string): express.RequestHandler {
  return asExpress(async () => {
    await Promise.resolve();
    throw new Error(message);
  });
}

async function start(app: Express): Promise<string> {
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

async function get(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json() };
}

describe('asyncHandler (Express 4)', () => {
  it('sends a rejected handler to the error middleware and the request is answered', async () => {
    const app = express();
    app.get(
      '/users/:id',
      asyncHandler(async (req: express.Request) => {
        await Promise.resolve();
        throw new Error(`user ${req.params['id']} not found`);
      }),
    );
    app.use(errorMiddleware);
    const base = await start(app);
    await expect(get(`${base}/users/7`)).resolves.toEqual({
      status: 500,
      body: { error: 'user 7 not found' },
    });
  });

  it('lets a successful async handler respond', async () => {
    const app = express();
    app.get(
      '/ok',
      asyncHandler<express.Request, express.Response>(async (_req, res) => {
        res.json({ ok: true });
      }),
    );
    const base = await start(app);
    await expect(get(`${base}/ok`)).resolves.toEqual({ status: 200, body: { ok: true } });
  });

  it('keeps an async error-handling middleware (4 parameters) an error handler', async () => {
    const app = express();
    app.get('/boom', () => {
      throw new Error('boom');
    });
    const handler = asyncHandler(
      async (error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        await Promise.resolve();
        res.status(418).json({ handled: (error as Error).message });
      },
    );
    expect(handler.length).toBe(4);
    app.use(handler);
    const base = await start(app);
    await expect(get(`${base}/boom`)).resolves.toEqual({ status: 418, body: { handled: 'boom' } });
  });

  it('forwards a rejection with undefined as an error, not as "continue"', async () => {
    const app = express();
    app.get(
      '/nothing',
      asyncHandler(async () => {
        const nothing: unknown = undefined;
        throw nothing;
      }),
    );
    app.get('/nothing', (_req, res) => res.json({ reached: 'next route' }));
    app.use(errorMiddleware);
    const base = await start(app);
    await expect(get(`${base}/nothing`)).resolves.toMatchObject({ status: 500 });
  });
});

describe('wrapRouter (Express 4)', () => {
  it('wraps get/post/use/all, arrays of handlers, route() and error middleware with 4 params', async () => {
    const app = wrapRouter(express());
    expect(wrapRouter(app)).toBe(app); // idempotent
    const router = wrapRouter(express.Router());
    app.use(express.json());
    app.get('/a', rejecting('from get'));
    const handlers = [
      async (_req: express.Request, _res: express.Response, next: express.NextFunction) => {
        next();
      },
      [
        async () => {
          throw new Error('from nested array');
        },
      ],
    ];
    app.post('/b', handlers as unknown as express.RequestHandler[]);
    app.route('/c').put(rejecting('from route().put'));
    router.get('/d', rejecting('from sub-router'));
    app.use('/sub', router);
    app.use('/e', rejecting('from use'));
    app.use(
      asExpress(
        async (error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
          await Promise.resolve();
          res.status(500).json({ error: error.message });
        },
      ),
    );
    const base = await start(app);
    await expect(get(`${base}/a`)).resolves.toEqual({ status: 500, body: { error: 'from get' } });
    await expect(get(`${base}/b`, { method: 'POST' })).resolves.toEqual({
      status: 500,
      body: { error: 'from nested array' },
    });
    await expect(get(`${base}/c`, { method: 'PUT' })).resolves.toEqual({
      status: 500,
      body: { error: 'from route().put' },
    });
    await expect(get(`${base}/sub/d`)).resolves.toEqual({ status: 500, body: { error: 'from sub-router' } });
    await expect(get(`${base}/e`)).resolves.toEqual({ status: 500, body: { error: 'from use' } });
  });

  it('keeps app.get(setting) and app.param working', async () => {
    const app = wrapRouter(express());
    app.set('answer', 42);
    expect(app.get('answer')).toBe(42);
    app.param(
      'id',
      asExpress(async (_req: unknown, _res: unknown, _next: unknown, id: string) => {
        await Promise.resolve();
        throw new Error(`bad id ${id}`);
      }),
    );
    app.get('/items/:id', (_req, res) => res.json({}));
    app.use(errorMiddleware);
    const base = await start(app);
    await expect(get(`${base}/items/x`)).resolves.toEqual({ status: 500, body: { error: 'bad id x' } });
  });

  it('rejects a value that is not an app or router', () => {
    expect(() => wrapRouter({})).toThrow(/Expected `appOrRouter` to be an Express app or router/);
  });
});
