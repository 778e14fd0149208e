import { describe, expect, it } from 'vitest';
import type { RuleTestSettings } from '../../src/testing.js';
import { ruleTester } from '../support/rule-tester.js';

/** Test code and library contracts: what floating-promise must know to be quiet where nothing can fail unseen. */
const prelude = `export async function risky(): Promise<void> { await fetch('https://example.com'); }
`;

const tester = ruleTester('floating-promise', { prelude });
const valid = (code: string, settings: RuleTestSettings = {}): void => {
  tester.expectValid({ ...settings, code });
};

/** A small TanStack Query declaration, where the real package declares it. */
const queryCore = {
  'node_modules/@tanstack/query-core/index.d.ts': `declare module '@tanstack/query-core' {
export interface RefetchOptions { throwOnError?: boolean; cancelRefetch?: boolean }
export interface QueryObserverResult<T> {
  data: T | undefined;
  refetch: (options?: RefetchOptions) => Promise<QueryObserverResult<T>>;
}
export declare class QueryClient {
  invalidateQueries(filters?: { queryKey?: unknown[] }, options?: RefetchOptions): Promise<void>;
  prefetchQuery(options: { queryKey: unknown[]; queryFn: () => Promise<unknown> }): Promise<void>;
  fetchQuery<T>(options: { queryKey: unknown[]; queryFn: () => Promise<T> }): Promise<T>;
}
export declare function useQuery<T>(options: { queryKey: unknown[]; queryFn: () => Promise<T> }): QueryObserverResult<T>;
}
`,
};

describe('floating-promise: node:test and tap registrations never reject', () => {
  it('test() and describe() of node:test, imported by name, nested and with modifiers', () => {
    tester.expectValid(`import { describe, it, test } from 'node:test';
test('saves', async () => { await risky(); });
describe('orders', () => {
  it('lists', async () => { await risky(); });
  it.skip('later', async () => {});
});
test.only('focused', async () => { await risky(); });
`);
  });

  it('the default import, a namespace import and require(), under any local name', () => {
    tester.expectValid(`import nodeTest from 'node:test';
import * as runner from 'node:test';
const { test: check } = require('node:test');
nodeTest('a', async () => { await risky(); });
runner.describe('b', () => {});
check('c', async () => { await risky(); });
`);
  });

  it('a subtest t.test() inside a test: the runner reports it (cancelled on Node 20, awaited on 22+)', () => {
    tester.expectValid(`import { test } from 'node:test';
test('parent', async (t) => {
  t.test('child', async () => { await risky(); });
  await t.test('other child', async () => { await risky(); });
});
`);
  });

  it('a constant that only holds node:test registrations: a conditional alias, a modifier alias, a chain', () => {
    // release-it's `const testSkipOnActions = process.env.GITHUB_ACTIONS ? test.skip : test`.
    tester.expectValid(`import test, { describe } from 'node:test';
const testUnlessCi = process.env.CI ? test.skip : test;
const later = test.todo;
const suiteUnlessWindows = process.platform === 'win32' ? describe.skip : describe;
const alsoLater = later;
testUnlessCi('a', async () => { await risky(); });
later('b', async () => { await risky(); });
suiteUnlessWindows('c', () => {});
alsoLater('d', async () => { await risky(); });
(process.env.CI ? test.skip : test)('e', async () => { await risky(); });
`);
    // The same through require(), in a test file.
    valid(
      `const { test } = require('node:test');\nconst maybe = process.env.CI ? test.skip : test;\nmaybe('a', async () => { await risky(); });\n`,
      { fileName: 'check.test.ts' },
    );
  });

  it('is still reported: an alias that may hold something else, or a let that may be reassigned', () => {
    tester.flags(
      `import test from 'node:test';\nasync function custom(name: string, fn: () => Promise<void>): Promise<void> { await fn(); }\nconst run = process.env.CI ? custom : test;\nexport function go(): void {\n  /*!*/run('a', async () => { await risky(); });\n}\n`,
      'floating',
    );
    tester.flags(
      `import test from 'node:test';\nasync function custom(name: string, fn: () => Promise<void>): Promise<void> { await fn(); }\nlet run: typeof custom = test as never;\nrun = custom;\nexport function go(): void {\n  /*!*/run('a', async () => { await risky(); });\n}\n`,
      'floating',
    );
  });

  it('is still reported: a promise started inside a test registered through an alias', () => {
    tester.flags(
      `import { test } from 'node:test';\nconst maybe = process.env.CI ? test.skip : test;\nmaybe('saves', () => {\n  /*!*/risky();\n});\n`,
      'floating',
    );
  });

  it('is still reported: a function of the program that happens to be called test', () => {
    tester.flags(
      `async function test(): Promise<void> { await risky(); }\nexport function run(): void {\n  /*!*/test();\n}\n`,
      'floating',
    );
  });

  it('is still reported: a promise started inside a node:test test', () => {
    tester.flags(
      `import { test } from 'node:test';\ntest('saves', () => {\n  /*!*/risky();\n});\n`,
      'floating',
    );
  });
});

describe('floating-promise: type tests are never run', () => {
  it('a *.test-d.ts file (tsd)', () => {
    valid(`risky();\n`, { fileName: 'api.test-d.ts' });
  });

  it('a file whose only test import is a type-assertion library', () => {
    valid(
      `import { expectTypeOf } from 'expect-type';\nrisky();\nexpectTypeOf(risky()).toEqualTypeOf<Promise<void>>();\n`,
      {
        files: {
          'node_modules/expect-type/package.json': JSON.stringify({
            name: 'expect-type',
            types: 'index.d.ts',
          }),
          'node_modules/expect-type/index.d.ts':
            'export declare function expectTypeOf<T>(value: T): { toEqualTypeOf<U>(): void };\n',
        },
      },
    );
  });

  it('is still reported: a runtime test file that also checks a type', () => {
    tester.flags(
      `import { test } from 'vitest';\nimport { expectTypeOf } from 'expect-type';\ntest('x', () => {\n  /*!*/risky();\n  expectTypeOf(1).toEqualTypeOf<number>();\n});\n`,
      'floating',
      {
        files: {
          'node_modules/vitest/package.json': JSON.stringify({ name: 'vitest', types: 'index.d.ts' }),
          'node_modules/vitest/index.d.ts':
            'export declare function test(name: string, fn: () => unknown): void;\n',
          'node_modules/expect-type/package.json': JSON.stringify({
            name: 'expect-type',
            types: 'index.d.ts',
          }),
          'node_modules/expect-type/index.d.ts':
            'export declare function expectTypeOf<T>(value: T): { toEqualTypeOf<U>(): void };\n',
        },
      },
    );
  });
});

describe('floating-promise: chains without types (JavaScript)', () => {
  it('a query chain dropped inside a .then callback of an awaited chain, in a test (knex misc.spec shape)', () => {
    const { findings } = tester.flags(
      `declare const knex: any;
export async function dropsSchema(): Promise<void> {
  await knex.schema.createSchema('schema').then(() => {
    /*!*/knex.schema
      .dropSchema('schema')
      .testSql(() => {})
      .then(() => { knex.raw('select 1'); });
  });
}
`,
      'floating',
      { fileName: 'misc.spec.ts' },
    );
    expect(findings[0]!.message).toContain('cannot see into');
  });

  it('is quiet: the fixed chain is returned, or handled', () => {
    valid(
      `declare const knex: any;
export async function dropsSchema(): Promise<void> {
  await knex.schema.createSchema('schema').then(() => {
    return knex.schema.dropSchema('schema').then(() => {});
  });
  knex.raw('select 1').then(() => {}).catch(() => {});
}
`,
      { fileName: 'misc.spec.ts' },
    );
  });

  it('is quiet: an untyped chain in library code, where it is often an internal that cannot fail', () => {
    valid(`declare const self: any;
export function close(): void {
  self.closeAll().then(() => self.destroy());
}
`);
  });

  it('is quiet: Cypress chains are queued commands, not promises', () => {
    tester.expectValid(`declare const cy: any;\ncy.get('button').click().then(() => {});\n`);
  });

  it('is quiet: an assertion chain in a test, which unawaited-assertion reports', () => {
    tester.expectValid({
      code: `declare const knex: any;
it('lists', () => {
  knex.select('*').then((rows: unknown[]) => { expect(rows).to.have.length(2); });
});
`,
      files: {
        'globals.d.ts':
          'declare function it(name: string, fn: () => unknown): void;\ndeclare const expect: any;\n',
      },
    });
  });
});

describe('floating-promise: library promises that never reject (can-reject.ts libraryContracts)', () => {
  it('TanStack Query invalidateQueries, prefetchQuery and a query refetch()', () => {
    tester.expectValid({
      code: `import { QueryClient, useQuery } from '@tanstack/query-core';
declare const queryClient: QueryClient;
export function onSuccess(): void {
  queryClient.invalidateQueries({ queryKey: ['comments'] });
  queryClient.prefetchQuery({ queryKey: ['user'], queryFn: async () => 1 });
  const { refetch } = useQuery({ queryKey: ['me'], queryFn: async () => 1 });
  refetch();
}
`,
      files: queryCore,
    });
  });

  it('is still reported: throwOnError asks for the rejection; fetchQuery rejects', () => {
    tester.flags(
      `import { QueryClient } from '@tanstack/query-core';
declare const queryClient: QueryClient;
export function onSuccess(): void {
  /*!*/queryClient.invalidateQueries({ queryKey: ['comments'] }, { throwOnError: true });
  /*!*/queryClient.fetchQuery({ queryKey: ['user'], queryFn: async () => 1 });
}
`,
      'floating',
      { files: queryCore },
    );
  });

  it("react-router's navigate(), and still a navigation promise of another library", () => {
    tester.flags(
      `import { useNavigate } from 'other-router';
export function useLogout(): () => void {
  const navigate = useNavigate();
  return () => { /*!*/navigate('/login'); };
}
`,
      'floating',
      {
        files: {
          'node_modules/other-router/index.d.ts': `declare module 'other-router' {
interface NavigateFunction { (to: string): Promise<void> }
export function useNavigate(): NavigateFunction;
}
`,
        },
      },
    );
    valid(
      `import { useNavigate } from 'react-router';
export function useLogout(): () => void {
  const navigate = useNavigate();
  return () => { navigate('/login'); };
}
`,
      {
        files: {
          'node_modules/react-router/index.d.ts': `declare module 'react-router' {
interface NavigateFunction {
  (to: string, options?: { replace?: boolean }): void | Promise<void>;
  (delta: number): void | Promise<void>;
}
export function useNavigate(): NavigateFunction;
}
`,
        },
      },
    );
  });
});

describe('floating-promise: tests that wait for a callback, not for the promise', () => {
  const strict = ruleTester('floating-promise', { prelude, options: { strict: true } });
  const channelTest = `declare function channelTest(body: (ch: string, done: () => void) => void): () => void;\n`;

  it('is left in a callback-style test body (mocha/node:test `done`), TypeScript and JavaScript', () => {
    valid(
      `import { it } from 'vitest';\n${channelTest}it('opens', channelTest((ch, done) => {\n  risky().then(() => ch.length);\n  setTimeout(done, 10);\n}));\n`,
      { fileName: 'test/channel.test.ts' },
    );
    valid(
      `const { it } = require('mocha');\nit('opens', function (cb) {\n  risky().then(function () { return 1; });\n  process.once('beforeExit', () => cb());\n});\n`,
      { fileName: 'test/channel.test.js' },
    );
  });

  it('is left inside a `new Promise` executor that a test settles by resolve', () => {
    valid(
      `import { it } from 'vitest';\nit('consumes', () => new Promise<void>((resolve) => {\n  risky().then(() => resolve());\n  risky();\n}));\n`,
      { fileName: 'test/consume.test.ts' },
    );
  });

  it('is reported with strict', () => {
    strict.flags(
      `import { it } from 'vitest';\nit('consumes', () => new Promise<void>((resolve) => {\n  /*!*/risky();\n  setTimeout(resolve, 5);\n}));\n`,
      'floatingOwned',
      { fileName: 'test/consume.test.ts' },
    );
  });

  it('is still reported in an async test or hook that does not await it, and in a named helper outside tests', () => {
    tester.flags(
      `import { afterEach } from 'vitest';\nafterEach(async (t) => {\n  /*!*/risky();\n});\n`,
      'floating',
      { fileName: 'test/job.test.ts' },
    );
    tester.flags(
      `export function consume(done: () => void): void {\n  /*!*/risky();\n  done();\n}\n`,
      'floating',
      { fileName: 'src/consume.ts' },
    );
    tester.flags(
      `export const start = () => new Promise<void>((resolve) => {\n  /*!*/risky();\n  resolve();\n});\n`,
      'floating',
      { fileName: 'src/start.ts' },
    );
  });
});

describe('floating-promise: a continuation of a promise the test also awaits', () => {
  it('is left in a test: the test fails with the same rejection (typed and untyped)', () => {
    valid(
      `import { it } from 'vitest';\nit('records', async () => {\n  const done = risky();\n  done.then(() => undefined);\n  await done;\n});\n`,
      { fileName: 'test/record.test.ts' },
    );
    valid(
      `const { waitOn } = require('./helpers');\nasync function recordUntil(emitter, event) {\n  const done = waitOn(emitter, event);\n  done.finally(() => emitter.removeAllListeners(event));\n  return done;\n}\nmodule.exports = { recordUntil };\n`,
      { fileName: 'test/record.js' },
    );
  });

  it('is still reported when the test never awaits it, or outside tests', () => {
    tester.flags(
      `import { it } from 'vitest';\nit('records', async () => {\n  const done = risky();\n  /*!*/done.then(() => undefined);\n});\n`,
      'floating',
      { fileName: 'test/record.test.ts' },
    );
    tester.flags(
      `export async function record(): Promise<void> {\n  const done = risky();\n  /*!*/done.then(() => undefined);\n  await done;\n}\n`,
      'floating',
      { fileName: 'src/record.ts' },
    );
  });
});

describe('floating-promise: benchmarks', () => {
  it('is left in a benchmark, where a rejection ends the run (a script)', () => {
    valid(`export function run(n: number): void {\n  for (let i = 0; i < n; i++) risky();\n}\n`, {
      fileName: 'benchmark/queue/harness.ts',
    });
    valid(`export function run(): void {\n  risky();\n}\n`, { fileName: 'src/queue.bench.ts' });
  });

  it('is still reported in the same code outside a benchmark', () => {
    tester.flags(
      `export function run(n: number): void {\n  for (let i = 0; i < n; i++) /*!*/risky();\n}\n`,
      'floating',
      {
        fileName: 'src/harness.ts',
      },
    );
  });
});

describe('floating-promise: Cypress commands are queued, not promises', () => {
  // The `cypress` package's declaration of the queue's values (a `then` method, as Cypress gives them), loaded as a
  // project loads it through its tsconfig's `types: ["cypress"]`: a file of the program, not an import.
  const cypressTypes = {
    'node_modules/cypress/package.json': '{ "name": "cypress", "types": "index.d.ts" }',
    'node_modules/cypress/index.d.ts':
      'declare global {\n  namespace Cypress {\n    interface cy {\n      intercept(method: string, url: RegExp, response?: object): Chainable<null>;\n      visit(url: string): Chainable<Window>;\n      login(): Chainable<void>;\n    }\n    interface Chainable<Subject = any> {\n      then<S>(fn: (this: object, currentSubject: Subject) => PromiseLike<S>): Chainable<S>;\n    }\n  }\n  const cy: Cypress.cy;\n}\nexport {};\n',
  };
  const spec = (body: string): string =>
    `describe('article', () => {\n  beforeEach(() => {\n${body}\n  });\n});\n`;

  it('is left for commands the runner runs after the test function returns (TypeScript, and a project command)', () => {
    valid(spec("    cy.intercept('GET', /articles/, { fixture: 'articles.json' });\n    cy.visit('/');"), {
      fileName: 'cypress/e2e/article.cy.ts',
      files: cypressTypes,
    });
    valid(
      `declare global {\n  namespace Cypress {\n    interface Chainable {\n      shouldBeSignedIn(): Chainable<void>;\n    }\n  }\n}\nexport function signIn(): void {\n  cy.login().shouldBeSignedIn();\n}\n`,
      { fileName: 'cypress/support/e2e.ts', files: cypressTypes },
    );
  });

  it('is still reported for a real promise in the same spec, and for a look-alike interface of the project', () => {
    tester.flags(spec('    /*!*/risky();'), 'floating', {
      fileName: 'cypress/e2e/article.cy.ts',
      files: cypressTypes,
    });
    tester.flags(
      `interface Chainable {\n  then(onDone: () => void, onFail: (error: Error) => void): void;\n}\ndeclare function queue(): Chainable;\nexport async function run(): Promise<void> {\n  /*!*/queue();\n  await risky();\n}\n`,
      'floating',
      { fileName: 'src/queue.ts' },
    );
  });
});
