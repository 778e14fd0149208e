import { describe, expect, it } from 'vitest';
import { majorOfRange } from '../../src/analysis/project/express.js';
import { parseMarkers } from '../../src/testing.js';
import { ruleTester } from '../support/rule-tester.js';

const header = `import express from 'express';
declare function load(id: string): Promise<{ id: string }>;
const app = express();
const router = express.Router();
`;
const tester = ruleTester('express-async-route', { prelude: header });

describe('express-async-route: flagged', () => {
  it.each([
    [
      'an async GET handler on an app',
      `app.get('/users/:id', async (req, res) => {
  res.json(await load(req.params.id));
});`,
      [1, 23],
    ],
    [
      'a POST handler on a Router',
      `router.post('/users', async (req, res) => {
  await load(String(req.body));
  res.sendStatus(201);
});`,
      [1, 23],
    ],
    [
      'middleware with next',
      `app.use(async (req, _res, next) => {
  await load(req.path);
  next();
});`,
      [1, 9],
    ],
    [
      'error middleware',
      `app.use(async (err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
  await load(err.message);
  res.status(500).end();
});`,
      [1, 9],
    ],
    [
      'a handler on app.route()',
      `app.route('/books').get(async (_req, res) => {
  res.json(await load('b'));
});`,
      [1, 25],
    ],
    [
      'a named async function passed by name',
      `async function show(req: express.Request, res: express.Response) {
  res.json(await load(req.params['id'] ?? ''));
}
app.get('/x', show);`,
      [4, 15],
    ],
    [
      'one async handler in an array of middleware',
      `const auth: express.RequestHandler = (_req, _res, next) => next();
app.get('/y', [auth, async (_req: express.Request, res: express.Response) => { res.json(await load('y')); }]);`,
      [2, 22],
    ],
    [
      'a try/catch that only logs',
      `app.get('/z', async (_req, res) => {
  try {
    res.json(await load('z'));
  } catch (error) {
    console.error(error);
  }
});`,
      [1, 15],
    ],
    [
      'a catch that rethrows',
      `app.get('/r', async (_req, res, next) => {
  try {
    res.json(await load('r'));
  } catch (error) {
    next(error);
    throw error;
  }
});`,
      [1, 15],
    ],
    [
      'an await outside the try',
      `app.get('/o', async (_req, res, next) => {
  const user = await load('o');
  try {
    res.json(await load(user.id));
  } catch (error) {
    next(error);
  }
});`,
      [1, 15],
    ],
    [
      'a param handler',
      `router.param('id', async (req, _res, next, id: string) => {
  await load(id);
  next();
});`,
      [1, 20],
    ],
    [
      'a throw in an async handler',
      `app.delete('/d', async () => {
  throw new Error('not allowed');
});`,
      [1, 18],
    ],
  ])('%s', (_name, code, [line, column]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId: 'asyncRoute' }] });
  });

  it('finds apps made with require() in plain JavaScript', () => {
    tester.expectInvalid({
      fileName: 'server.cjs',
      prelude: '',
      code: `const express = require('express');
const app = express();
app.get('/', /*!*/async (req, res) => { res.send(await Promise.resolve(req.path)); });
`,
      messageId: 'asyncRoute',
    });
  });

  it('follows handlers imported from another module, and controller methods', () => {
    const controllers = `import type { Request, Response } from 'express';
declare function load(id: string): Promise<{ id: string }>;
export const show = async (req: Request, res: Response) => {
  res.json(await load(req.params['id'] ?? ''));
};
export const users = {
  async list(_req: Request, res: Response) {
    res.json(await load('all'));
  },
};
`;
    const routes = `import express from 'express';
import { show, users } from './controllers.js';
const router = express.Router();
router.get('/:id', /*!*/show);
router.get('/', /*!*/users.list);
`;
    tester.expectValid({
      code: controllers,
      fileName: 'controllers.ts',
      prelude: '',
      files: { 'routes.ts': parseMarkers(routes).code },
    });
    tester.expectInvalid({
      code: routes,
      fileName: 'routes.ts',
      prelude: '',
      files: { 'controllers.ts': controllers },
      messageId: 'asyncRoute',
      errors: [
        {
          suggestions: [
            `import express from 'express';
import { show, users } from './controllers.js';
import { asyncHandler } from '@awaitwise/core/express';
const router = express.Router();
router.get('/:id', asyncHandler(show));
router.get('/', users.list);
`,
          ],
        },
        {},
      ],
    });
  });

  it('suggests asyncHandler() with its import', () => {
    const code = `app.get('/', async (_req, res) => { res.json(await load('a')); });\n`;
    const [finding] = tester.findings(code);
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain('asyncHandler()');
    expect(finding?.suggestions).toEqual([
      `import express from 'express';
import { asyncHandler } from '@awaitwise/core/express';
declare function load(id: string): Promise<{ id: string }>;
const app = express();
const router = express.Router();
app.get('/', asyncHandler(async (_req, res) => { res.json(await load('a')); }));
`,
    ]);
  });
});

describe('express-async-route: not flagged', () => {
  it.each([
    ['a synchronous handler', `app.get('/', (_req, res) => { res.send('ok'); });`],
    [
      'a try/catch that calls next(err)',
      `app.get('/', async (_req, res, next) => {
  try {
    res.json(await load('a'));
  } catch (error) {
    next(error);
  }
});`,
    ],
    [
      'a try/catch that answers the request',
      `router.post('/', async (_req, res) => {
  try {
    await load('a');
    res.sendStatus(201);
  } catch {
    res.status(500).json({ error: 'failed' });
  }
});`,
    ],
    [
      'a handler wrapped with asyncHandler',
      `declare function asyncHandler<T>(fn: T): T;
app.get('/', asyncHandler(async (_req: express.Request, res: express.Response) => { res.json(await load('a')); }));`,
    ],
    [
      'a handler wrapped with express-async-handler',
      `declare function expressAsyncHandler<T>(fn: T): T;
app.get('/', expressAsyncHandler(async (_req: express.Request, res: express.Response) => { res.json(await load('a')); }));`,
    ],
    [
      'an app wrapped with wrapRouter',
      `declare function wrapRouter<T>(app: T): T;
wrapRouter(app);
app.get('/', async (_req, res) => { res.json(await load('a')); });`,
    ],
    [
      'a catch that hands res to an error helper',
      `declare function sendError(res: express.Response, error: unknown): void;
app.get('/', async (_req, res) => {
  try {
    res.json(await load('a'));
  } catch (error) {
    sendError(res, error);
  }
});`,
    ],
    [
      'awaits that cannot reject (.catch, allSettled)',
      `app.get('/', async (_req, res) => {
  const user = await load('a').catch(() => undefined);
  const all = await Promise.allSettled([load('b')]);
  res.json({ user, all });
});`,
    ],
    [
      'an async handler with no await that forwards with .catch(next)',
      `app.get('/', async (_req, res, next) => load('a').then((u) => res.json(u)).catch(next));`,
    ],
    [
      'a Map.set with an async value (not Express)',
      `const cache = new Map<string, () => Promise<unknown>>();
cache.set('k', async () => await load('k'));`,
    ],
    [
      'another framework with the same method names',
      `declare const koa: { get(path: string, fn: (ctx: { body: unknown }) => Promise<void>): void };
koa.get('/', async (ctx) => { ctx.body = await load('a'); });`,
    ],
    [
      'an HTTP client get with an async callback',
      `declare const http: { get(url: string, cb: (res: unknown) => Promise<void>): void };
http.get('https://example.com', async () => { await load('a'); });`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });

  it('leaves Express 5 projects alone (range of the nearest package.json)', () => {
    const code = `app.get('/', async (_req, res) => { res.json(await load('a')); });`;
    tester.expectValid({
      code,
      extraFiles: { 'package.json': JSON.stringify({ dependencies: { express: '^5.1.0' } }) },
    });
    tester.expectInvalid({
      code,
      extraFiles: { 'package.json': JSON.stringify({ dependencies: { express: '~4.21.2' } }) },
      errors: [{ line: 1, column: 14, messageId: 'asyncRoute' }],
    });
  });

  it('reads the installed version when the range does not pin a major', () => {
    const code = `app.get('/', async (_req, res) => { res.json(await load('a')); });`;
    tester.expectValid({
      code,
      extraFiles: {
        'package.json': JSON.stringify({ dependencies: { express: '*' } }),
        'node_modules/express/package.json': JSON.stringify({ name: 'express', version: '5.1.0' }),
      },
    });
  });

  it('trusts express-async-errors imported in any file of the program', () => {
    tester.expectValid({
      code: `app.get('/', async (_req, res) => { res.json(await load('a')); });\n`,
      fileName: 'routes.ts',
      files: { 'main.ts': `import 'express-async-errors';\nimport './routes.js';\n` },
    });
    tester.expectValid({
      code: `import 'express-async-errors';\nimport './routes.js';\n`,
      fileName: 'main.ts',
      prelude: '',
      files: { 'routes.ts': `${header}app.get('/', async (_req, res) => { res.json(await load('a')); });\n` },
    });
  });
});

describe('majorOfRange', () => {
  it.each([
    ['^4.21.0', 4],
    ['~5.0.1', 5],
    ['4.x', 4],
    ['4', 4],
    ['5.0.0-beta.3', 5],
    ['>=4.17.0 <5', 4],
    ['>=4.17.0 <5.0.0', 4],
    ['npm:express@^5.1.0', 5],
    ['v4.18.2', 4],
  ])('%s → %d', (range, major) => {
    expect(majorOfRange(range)).toBe(major);
  });

  it.each(['*', 'latest', '>=4', '4 || 5', 'github:expressjs/express'])('%s → unknown', (range) => {
    expect(majorOfRange(range)).toBeUndefined();
  });
});
