import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

/** Helpers every case can call: one async function that can reject, one that catches everything. */
const prelude = `
export async function risky(): Promise<void> { await fetch('https://example.com'); }
export async function safe(): Promise<void> {
  try { await fetch('https://example.com'); } catch (error) { console.error(error); }
}
`;

const tester = ruleTester('floating-promise', { prelude });

describe('floating-promise: flagged', () => {
  it('a call to an async function that can reject, outside an async function (void and background)', () => {
    const code = `export function main(): void {\n  /*!*/risky();\n}\n`;
    const { findings, code: plain, text } = tester.flags(code, 'floating');
    expect(findings[0]!.message).toContain('`risky()` can reject at a.ts:2');
    expect(findings[0]!.suggestions).toEqual([
      plain.replace('risky();', 'void risky();'),
      text
        .replace(
          'export async function risky',
          "import { background } from '@awaitwise/core';\nexport async function risky",
        )
        .replace('  risky();', '  background(risky());'),
    ]);
  });

  it('inside an async function, suggesting await first', () => {
    const code = `export async function main(): Promise<void> {\n  /*!*/risky();\n}\n`;
    const { findings, code: plain } = tester.flags(code, 'floating');
    expect(findings[0]!.suggestions[0]).toBe(plain.replace('risky();', 'await risky();'));
  });

  it('a library promise the analyzer cannot see into (fetch)', () => {
    const { findings } = tester.flags(
      `export function run(): void {\n  /*!*/fetch('https://example.com');\n}\n`,
      'floating',
    );
    expect(findings[0]!.message).toContain('`fetch()` is code the analyzer cannot see into');
  });

  it('an async function whose catch rethrows', () => {
    tester.flags(
      `async function rethrows(): Promise<void> {\n  try { await risky(); } catch (error) { console.error(error); throw error; }\n}\nexport function run(): void {\n  /*!*/rethrows();\n}\n`,
      'floating',
    );
  });

  it('an async function that returns a promise from inside try (the rejection escapes the catch)', () => {
    tester.flags(
      `async function escapes(): Promise<Response | undefined> {\n  try { return fetch('x'); } catch { return undefined; }\n}\nexport function run(): void {\n  /*!*/escapes();\n}\n`,
      'floating',
    );
  });

  it('.then(f) and .finally(f) on a promise that can reject', () => {
    tester.flags(
      `export function run(): void {\n  /*!*/risky().then(() => 1);\n  /*!*/risky().finally(() => {});\n}\n`,
      'floating',
    );
  });

  it('a .then callback that throws, on a promise that cannot reject', () => {
    tester.flags(
      `export function run(): void {\n  /*!*/safe().then(() => { throw new Error('no'); });\n}\n`,
      'floating',
    );
  });

  it('the branch of a conditional that can reject', () => {
    tester.flags(
      `declare const flag: boolean;\nexport function run(): void {\n  flag ? /*!*/risky() : safe();\n}\n`,
      'floating',
    );
  });

  it('an async method on this', () => {
    tester.flags(
      `class Store {\n  async save(): Promise<void> { await risky(); }\n  touch(): void { /*!*/this.save(); }\n}\nexport { Store };\n`,
      'floating',
    );
  });

  it('Promise.all over a promise that can reject', () => {
    tester.flags(`export function run(): void {\n  /*!*/Promise.all([risky(), safe()]);\n}\n`, 'floating');
  });

  it('new Promise whose executor calls reject', () => {
    tester.flags(
      `export function run(): void {\n  /*!*/new Promise<void>((resolve, reject) => reject(new Error('x')));\n}\n`,
      'floating',
    );
  });

  it('an optional call of a promise-returning parameter', () => {
    tester.flags(
      `export function run(hook?: () => Promise<void>): void {\n  /*!*/hook?.();\n}\n`,
      'floating',
    );
  });

  it('a stored promise that can reject, chained again', () => {
    tester.flags(
      `class Client {\n  private ready = fetch('x');\n  go(): void { /*!*/this.ready.then(() => 1); }\n}\nexport { Client };\n`,
      'floating',
    );
  });

  it('a local variable holding a promise that is never used', () => {
    const { findings } = tester.flags(
      `export function main(): void {\n  const /*!*/pending = risky();\n}\n`,
      'unused',
    );
    expect(findings[0]!.message).toContain('`pending`');
  });

  it('with strict: a promise that cannot reject too', () => {
    const { findings } = tester.flags(`/*!*/safe();\n`, 'floatingSafe', { options: { strict: true } });
    expect(findings[0]!.message).toContain('`safe()` catches every error it can throw');
  });
});

describe('floating-promise: not flagged', () => {
  const clean: Record<string, string> = {
    awaited: `export async function main(): Promise<void> { await risky(); }`,
    returned: `export function main(): Promise<void> { return risky(); }`,
    'void operator': `void risky();`,
    '.catch(handler)': `risky().catch(console.error);`,
    '.then with a rejection handler': `risky().then(() => 1, (error: unknown) => console.error(error));`,
    '.finally on a handled promise': `risky().catch(() => undefined).finally(() => console.log('done'));`,
    'a signal handler whose .finally ends the process (pg-boss dashboard)': `export function onSignals(): void {\n  process.on('SIGTERM', () => {\n    risky().finally(() => process.exit(0));\n  });\n}`,
    'Promise.allSettled at statement level': `Promise.allSettled([risky(), fetch('x')]);`,
    'handed to background() from @awaitwise/core': `import { background } from '@awaitwise/core';\nbackground(risky());`,
    'passed to any function': `declare function track(p: Promise<void>): void;\ntrack(risky());`,
    'an async function that catches everything (typescript-eslint flags it)': `safe();`,
    'a guard before the try, then everything caught': `async function guarded(ready: boolean): Promise<void> {\n  if (!ready) return;\n  try { await risky(); } catch { console.warn('failed'); }\n}\nguarded(true);`,
    'stored in a variable that is awaited later': `export async function main(): Promise<void> {\n  const p = risky();\n  console.log('started');\n  await p;\n}`,
    'assigned to a property': `class Job { pending?: Promise<void>; start(): void { this.pending = risky(); } }\nexport { Job };`,
    'caught before it was stored, then chained': `const stored = risky().catch(() => undefined);\nstored.then(() => console.log('ok'));`,
    'a sleep that cannot reject': `new Promise<void>((resolve) => setTimeout(resolve, 10));`,
    'a Node-style callback API': `interface Client { get(key: string, cb?: (err: Error | null, v?: string) => void): Promise<string>; }\ndeclare const client: Client;\nclient.get('k', (err, value) => console.log(err, value));`,
    'a non-promise then (look-alike)': `const box = { then(value: number) { return value + 1; } };\nbox.then(1);`,
    'an unawaited expect(…).rejects assertion (unawaited-assertion reports it)': `declare function expect<T>(value: T): { rejects: { toThrow(message?: string): Promise<void> } };\nexpect(risky()).rejects.toThrow('x');`,
    'a non-promise expression statement': `[1, 2].forEach((n) => console.log(n));`,
    'an exported promise variable never used locally': `export const ready = risky();`,
  };
  for (const [name, code] of Object.entries(clean)) {
    it(name, () => {
      tester.expectValid(`${code}\n`);
    });
  }
});

describe('floating-promise: options', () => {
  it('rejects an unknown option and a non-boolean strict', () => {
    expect(() => tester.run('', { options: { strict: 'yes' } })).toThrow(
      new TypeError('Expected `strict` of rule `floating-promise` to be a boolean, got `"yes"` (string)'),
    );
    expect(() => tester.run('', { options: { strictt: true } })).toThrow(
      /Unknown option `strictt` of rule `floating-promise`/,
    );
  });
});

// Fastify's reply and instance, and query builders: methods that return the object they are called on (made awaitable
// or not) configure that object; whoever awaits or sends it gets its outcome (fastify/demo's `reply.code(404)`,
// `app.register(plugin)`, `query.where(…)` before `await query`).
describe('floating-promise: a fluent call on an object the code holds', () => {
  const fluent = ruleTester('floating-promise', {
    prelude:
      'interface Reply { code(n: number): Reply; send(body?: unknown): Reply; then(f: (v: unknown) => void, r?: (e: unknown) => void): void }\n' +
      'interface App { register(plugin: (app: App) => Promise<void>): App & PromiseLike<undefined>; ready(): Promise<void>; close(): Promise<void> }\n' +
      'interface Query extends PromiseLike<unknown[]> { where(filter: object): Query; select(...columns: string[]): Query }\n' +
      'declare function createApp(): App & PromiseLike<App>;\ndeclare function table(name: string): Query;\n',
  });

  it('is not reported for a reply whose status is set before the handler returns its body (TypeScript)', () => {
    fluent.expectValid(
      'export async function handler(reply: Reply) {\n  reply.code(404);\n  reply.code(403).send("no");\n  return { message: "Not Found" };\n}\n',
    );
  });

  it('is not reported for a plugin registered on a held instance, nor a builder configured before it is awaited', () => {
    fluent.expectValid(
      'export async function start(plugin: (app: App) => Promise<void>) {\n  const app = createApp();\n  app.register(plugin);\n  await app.ready();\n  return app;\n}\n',
    );
    fluent.expectValid(
      'export async function list(author?: number) {\n  const query = table("tasks").select("*");\n  if (author !== undefined) query.where({ author });\n  return await query;\n}\n',
    );
  });

  it('is reported when the chain starts on a fresh object (the query is dropped unrun), and for a method that is not fluent', () => {
    fluent.flags('export function add() {\n  /*!*/table("tasks").where({ id: 1 });\n}\n', 'floating');
    fluent.flags('export function stop(app: App) {\n  /*!*/app.close();\n}\n', 'floating');
  });
});

describe('floating-promise: a `.finally` that ends the process', () => {
  const plain = ruleTester('floating-promise');
  const cleanup = `async function closeAll() {\n  await fetch('https://example.com/close');\n}\n`;

  it('is not reported when the callback ends the process on every path (CommonJS JavaScript)', () => {
    plain.expectValid({
      code: `${cleanup}process.on('SIGINT', function () {\n  closeAll().finally(function () {\n    console.log('bye');\n    process.exit(0);\n  });\n});\nmodule.exports = { closeAll };\n`,
      fileName: 'server.js',
    });
  });

  it('is reported when the callback can return first, or the process ends only after success (JavaScript)', () => {
    plain.expectInvalid({
      code: `${cleanup}process.on('SIGINT', function () {\n  /*!*/closeAll().finally(function () {\n    if (process.env.KEEP) return;\n    process.exit(0);\n  });\n  /*!*/closeAll().then(() => process.exit(0));\n});\nmodule.exports = { closeAll };\n`,
      fileName: 'server.js',
      messageId: 'floating',
    });
  });
});
