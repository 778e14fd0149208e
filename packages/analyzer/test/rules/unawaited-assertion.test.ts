import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const header =
  "import { describe, expect, it, test } from 'vitest';\nimport assert from 'node:assert/strict';\ndeclare function work(): Promise<number>;\n";

const tester = ruleTester('unawaited-assertion', { prelude: header, suffix: '\n', fileName: 'a.test.ts' });

describe('unawaited-assertion: flagged', () => {
  it.each([
    [
      'resolves not awaited',
      `it('a', async () => {\n  expect(work()).resolves.toBe(1);\n});`,
      [2, 3, 'unawaitedMatcher'],
    ],
    [
      'rejects not awaited',
      `test('a', async () => {\n  expect(work()).rejects.toThrow('x');\n});`,
      [2, 3, 'unawaitedMatcher'],
    ],
    [
      'rejects with not',
      `it('a', () => {\n  expect(work()).rejects.not.toThrow();\n});`,
      [2, 3, 'unawaitedMatcher'],
    ],
    [
      'void-ed',
      `it('a', async () => {\n  void expect(work()).resolves.toBe(1);\n});`,
      [2, 8, 'unawaitedMatcher'],
    ],
    [
      'in a helper outside a test',
      `function check() {\n  expect(work()).resolves.toBe(1);\n}`,
      [2, 3, 'unawaitedMatcher'],
    ],
    [
      'assert.rejects not awaited',
      `it('a', async () => {\n  assert.rejects(work());\n});`,
      [2, 3, 'unawaitedMatcher'],
    ],
    [
      'expect.soft resolves',
      `it('a', async () => {\n  expect.soft(work()).resolves.toBe(1);\n});`,
      [2, 3, 'unawaitedMatcher'],
    ],
    [
      'expect in a floating then',
      `it('a', async () => {\n  work().then((v) => {\n    expect(v).toBe(1);\n  });\n});`,
      [3, 5, 'assertionInThen'],
    ],
    [
      'assert in a floating catch',
      `test('a', () => {\n  work().catch((e) => assert.equal(e.message, 'x'));\n});`,
      [2, 23, 'assertionInThen'],
    ],
    [
      'then chain in it.each',
      `it.each([1, 2])('a %i', (n) => {\n  work().then((v) => v + n).then((v) => expect(v).toBe(3));\n});`,
      [2, 41, 'assertionInThen'],
    ],
    [
      'node:test subtest with t.assert',
      `test('outer', async (t) => {\n  await t.test('inner', () => {\n    work().then((v) => t.assert.equal(v, 1));\n  });\n});`,
      [3, 24, 'assertionInThen'],
    ],
    [
      'a then chain followed by a real-timer wait (not a fake-timer advance)',
      `it('a', async () => {\n  void work().then((v) => expect(v).toBe(1));\n  await new Promise((r) => setTimeout(r, 10));\n});`,
      [2, 27, 'assertionInThen'],
    ],
    [
      'a timer advance before the chain, not after',
      `declare const vi: { advanceTimersByTimeAsync(ms: number): Promise<void> };\nit('a', async () => {\n  await vi.advanceTimersByTimeAsync(10);\n  work().then((v) => expect(v).toBe(1));\n});`,
      [4, 22, 'assertionInThen'],
    ],
    [
      'a chain whose root is not Cypress',
      `declare const api: { request(): Promise<{ status: number }> };\nit('a', () => {\n  api.request().then((r) => expect(r.status).toBe(200));\n});`,
      [3, 29, 'assertionInThen'],
    ],
    [
      'it.only with a then',
      `it.only('a', function () {\n  work().then(function (v) { expect(v).toBe(1); });\n});`,
      [2, 30, 'assertionInThen'],
    ],
  ] as const)('%s', (_name, code, [line, column, messageId]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId }] });
  });

  it('suggests awaiting inside an async test', () => {
    tester.expectInvalid({
      code: `it('a', async () => {\n  /*!*/expect(work()).resolves.toBe(1);\n});`,
      errors: [
        {
          messageId: 'unawaitedMatcher',
          suggestions: [`it('a', async () => {\n  await expect(work()).resolves.toBe(1);\n});`],
        },
      ],
    });
  });

  it('replaces void with await', () => {
    tester.expectInvalid({
      code: `it('a', async () => {\n  void /*!*/expect(work()).resolves.toBe(1);\n});`,
      errors: [
        {
          messageId: 'unawaitedMatcher',
          suggestions: [`it('a', async () => {\n  await expect(work()).resolves.toBe(1);\n});`],
        },
      ],
    });
  });

  it('offers no await suggestion in a sync test', () => {
    tester.expectInvalid({
      code: `it('a', () => {\n  /*!*/expect(work()).resolves.toBe(1);\n});`,
      errors: [{ suggestions: [] }],
    });
  });
});

describe('unawaited-assertion: clean', () => {
  it.each([
    ['awaited resolves', `it('a', async () => {\n  await expect(work()).resolves.toBe(1);\n});`],
    ['returned rejects', `it('a', () => {\n  return expect(work()).rejects.toThrow();\n});`],
    ['arrow expression body', `it('a', () => expect(work()).resolves.toBe(1));`],
    [
      'stored then awaited',
      `it('a', async () => {\n  const check = expect(work()).resolves.toBe(1);\n  await check;\n});`,
    ],
    ['in Promise.all', `it('a', async () => {\n  await Promise.all([expect(work()).resolves.toBe(1)]);\n});`],
    ['awaited then chain', `it('a', async () => {\n  await work().then((v) => expect(v).toBe(1));\n});`],
    ['returned then chain', `it('a', () => {\n  return work().then((v) => { expect(v).toBe(1); });\n});`],
    ['done callback test', `it('a', (done) => {\n  work().then((v) => { expect(v).toBe(1); done(); });\n});`],
    [
      'done passed to catch',
      `it('a', (done) => {\n  work().then((v) => { expect(v).toBe(1); }).then(done, done);\n});`,
    ],
    [
      'node:test done as the second parameter',
      `test('a', (t, done) => {\n  work().then((v) => { t.assert.equal(v, 1); done(); });\n});`,
    ],
    [
      'declared done the runner waits for',
      `it('a', (done) => {\n  work().then((v) => expect(v).toBe(1));\n});`,
    ],
    [
      'node:test plan waits for the assertions',
      `test('a', async (t) => {\n  t.plan(1, { wait: true });\n  work().then((v) => t.assert.equal(v, 1));\n});`,
    ],
    [
      'expect.assertions makes a late assertion fail the test',
      `it('a', () => {\n  expect.assertions(1);\n  work().then((v) => expect(v).toBe(1));\n});`,
    ],
    [
      'then without assertions',
      `it('a', async () => {\n  work().then((v) => console.log(v));\n  expect(1).toBe(1);\n});`,
    ],
    ['synchronous expect', `it('a', () => {\n  expect(1).toBe(1);\n});`],
    [
      'a Cypress command chain (enqueued, the runner waits for it)',
      `declare const cy: { request(url: string): { then(fn: (r: { status: number }) => void): void } };\nit('a', () => {\n  cy.request('/api').then((r) => {\n    expect(r.status).toBe(200);\n  });\n});`,
    ],
    [
      'a voided chain driven by an awaited fake-timer advance',
      `declare const vi: { advanceTimersByTimeAsync(ms: number): Promise<void> };\nit('a', async () => {\n  void work().then((v) => {\n    expect(v).toBe(1);\n  });\n  await vi.advanceTimersByTimeAsync(11);\n});`,
    ],
    [
      'a chain followed by an awaited waitFor',
      `declare function waitFor(fn: () => void): Promise<void>;\nit('a', async () => {\n  work().then((v) => expect(v).toBe(1));\n  await waitFor(() => expect(1).toBe(1));\n});`,
    ],

    ['awaited assert.rejects', `test('a', async () => {\n  await assert.rejects(work());\n});`],
    ['a then outside any test', `work().then((v) => expect(v).toBe(1));`],
    [
      'toPass awaited',
      `declare const pw: { toPass(): Promise<void> };\nit('a', async () => {\n  await pw.toPass();\n});`,
    ],
    [
      'resolves property read on an unrelated object',
      `const o = { resolves: { toBe: (_n: number) => 1 } };\no.resolves.toBe(1);`,
    ],
  ] as const)('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('unawaited-assertion: chai-as-promised and ava (assertions that return a promise)', () => {
  const chai = ruleTester('unawaited-assertion', {
    prelude:
      'declare function work(): Promise<number> & { should: any };\ndeclare const expect: any;\ndeclare const assert: any;\ndeclare function it(name: string, fn: (...args: any[]) => unknown): void;\n',
    fileName: 'a.test.ts',
  });

  it('p.should.eventually.be.rejectedWith(…) in a test that neither awaits nor returns it', () => {
    chai.flags(
      `it('refuses', () => {\n  /*!*/work().should.eventually.be.rejectedWith('Cannot');\n});\n`,
      'unawaitedMatcher',
    );
  });

  it('expect(p).to.be.rejected, expect(p).to.eventually.equal(…), assert.isRejected(p)', () => {
    chai.flags(
      `it('refuses', () => {\n  /*!*/expect(work()).to.be.rejected;\n  /*!*/expect(work()).to.eventually.equal(1);\n  /*!*/assert.isRejected(work(), Error);\n});\n`,
      'unawaitedMatcher',
    );
  });

  it("ava's t.throwsAsync(…) not awaited", () => {
    chai.flags(`it('refuses', (t: any) => {\n  /*!*/t.throwsAsync(work);\n});\n`, 'unawaitedMatcher');
  });

  it('is quiet: awaited, returned, or handed to done with notify', () => {
    chai.expectValid(`it('a', async () => {\n  await work().should.eventually.be.rejectedWith('Cannot');\n});
it('b', () => {\n  return expect(work()).to.be.rejected;\n});
it('c', (done: () => void) => {\n  expect(work()).to.eventually.equal(1).notify(done);\n});
it('d', () => {\n  expect(1).to.equal(1);\n  expect([1]).to.have.length(1);\n});
`);
  });
});

describe('unawaited-assertion: playwright web-first assertions', () => {
  const playwright = ruleTester('unawaited-assertion', {
    prelude: "import { expect, test } from '@playwright/test';\ndeclare const page: any;\n",
    fileName: 'login.spec.ts',
  });

  it('expect(locator).toBeVisible(), expect.soft(page).not.toHaveURL(…), expect.poll(…) not awaited', () => {
    playwright.flags(
      `test('logs in', async () => {\n  /*!*/expect(page.getByText('Welcome')).toBeVisible();\n  /*!*/expect.soft(page).not.toHaveURL('/login');\n  /*!*/expect.poll(() => page.title()).toBe('Home');\n});\n`,
      'unawaitedMatcher',
    );
  });

  it('is quiet: awaited web-first assertions, and synchronous matchers on values', () => {
    playwright.expectValid(
      `test('logs in', async () => {\n  await expect(page.getByText('Welcome')).toBeVisible();\n  expect(await page.title()).toBe('Home');\n  expect([1]).toHaveLength(1);\n});\n`,
    );
  });

  it("is quiet: jest-dom's synchronous toBeVisible (expect is not playwright's)", () => {
    ruleTester('unawaited-assertion', { fileName: 'a.test.ts' }).expectValid(
      `import { expect, it } from 'vitest';\ndeclare const element: any;\nit('shows', () => {\n  expect(element).toBeVisible();\n});\n`,
    );
  });
});

describe('unawaited-assertion: a chain that ends the transaction the test awaits', () => {
  const knex = `interface Trx { raw(sql: string): Promise<unknown>; commit(): void }
declare function transaction(handler: (trx: Trx) => void): Promise<void>;
`;

  it('is left when a callback of the chain commits: the test cannot end before the assertion runs', () => {
    tester.expectValid(
      `${knex}it('times out', async () => {\n  await transaction((trx) => {\n    trx\n      .raw('select 1')\n      .then(() => work())\n      .catch((error) => {\n        expect(error).toBeInstanceOf(Error);\n        trx.commit();\n      });\n  });\n});`,
    );
  });

  it('is still reported when no callback settles the transaction', () => {
    tester.expectInvalid({
      code: `${knex}it('times out', async () => {\n  await transaction((trx) => {\n    trx.raw('select 1').catch((error) => {\n      expect(error).toBeInstanceOf(Error);\n    });\n  });\n});`,
      errors: [{ line: 6, column: 7, messageId: 'assertionInThen' }],
    });
  });
});
