/**
 * The "can this promise reject?" analysis (src/analysis/can-reject.ts), seen through floating-promise with
 * `strict: true`: `floating` means the analysis says it can reject, `floatingSafe` that it cannot.
 */
import { describe, expect, it } from 'vitest';
import type { RuleTestSettings } from '../../src/testing.js';
import { ruleTester } from '../support/rule-tester.js';

const tester = ruleTester('floating-promise', {
  prelude: `
declare function io(): Promise<void>;
declare function log(...args: unknown[]): void;
`,
  options: { strict: true },
});

/** The message ids reported on `code`: the analysis' verdict on each floating promise. */
const verdicts = (code: string, fileName = 'a.ts', settings: RuleTestSettings = {}): string[] =>
  tester.findings(code, { ...settings, fileName }).map((f) => f.messageId);

describe('can-reject: async bodies', () => {
  const cases: [name: string, code: string, verdict: 'floating' | 'floatingSafe'][] = [
    ['a throw outside any try', `async function f() { throw new Error('x'); }\nf();`, 'floating'],
    ['an await outside any try', `async function f() { await io(); }\nf();`, 'floating'],
    [
      'everything inside try/catch',
      `async function f() { try { await io(); } catch (e) { log(e); } }\nf();`,
      'floatingSafe',
    ],
    [
      'a try with only finally',
      `async function f() { try { await io(); } finally { log('x'); } }\nf();`,
      'floating',
    ],
    [
      'a conditional rethrow',
      `async function f() { try { await io(); } catch (e) { if (e instanceof TypeError) throw e; } }\nf();`,
      'floating',
    ],
    [
      'an await of a rejecting promise in catch',
      `async function f() { try { await io(); } catch { await io(); } }\nf();`,
      'floating',
    ],
    [
      'a nested try in catch',
      `async function f() { try { await io(); } catch { try { await io(); } catch { log('twice'); } } }\nf();`,
      'floatingSafe',
    ],
    [
      'a synchronous library call outside try (it throws only by a bug in the call: toast.error, setState)',
      `declare function sync(): void;\nasync function f() { sync(); try { await io(); } catch { log('x'); } }\nf();`,
      'floatingSafe',
    ],
    [
      'a synchronous library call before an await that can reject',
      `declare function sync(): void;\nasync function f() { sync(); await io(); }\nf();`,
      'floating',
    ],
    [
      'a program function that cannot throw, outside try',
      `function tidy(list: number[]) { list.push(1); }\nasync function f(list: number[]) { tidy(list); try { await io(); } catch { log('x'); } }\nf([]);`,
      'floatingSafe',
    ],
    [
      'a program function that throws, outside try',
      `function check(n: number) { if (n < 0) throw new RangeError('n'); }\nasync function f(n: number) { check(n); try { await io(); } catch { log('x'); } }\nf(1);`,
      'floating',
    ],
    [
      'standard methods and assertions outside try',
      `import assert from 'node:assert';\nasync function f(m: Map<string, number>) { assert(m.size >= 0); m.set('a', 1); console.log(Date.now()); try { await io(); } catch { log('x'); } }\nf(new Map());`,
      'floatingSafe',
    ],
    [
      'listener registration outside try',
      `import { EventEmitter } from 'node:events';\nasync function f(e: EventEmitter) { e.on('x', log).once('y', log); try { await io(); } catch { log('x'); } }\nf(new EventEmitter());`,
      'floatingSafe',
    ],
    [
      'an async call outside try (it rejects, does not throw) that cannot reject',
      `async function quiet() { try { await io(); } catch { log('x'); } }\nasync function f() { await quiet(); }\nf();`,
      'floatingSafe',
    ],
    [
      'recursion in catch adds no way to fail',
      `async function retry(n: number): Promise<void> { try { await io(); } catch { if (n > 0) await retry(n - 1); } }\nretry(3);`,
      'floatingSafe',
    ],
    [
      'a promise returned from inside try escapes the catch',
      `async function f() { try { return io(); } catch { return undefined; } }\nf();`,
      'floating',
    ],
  ];
  for (const [name, code, verdict] of cases) {
    it(name, () => {
      expect(verdicts(`${code}\n`)).toEqual([verdict]);
    });
  }
});

describe('can-reject: promise expressions', () => {
  const cases: [name: string, code: string, verdict: 'floating' | 'floatingSafe'][] = [
    ['Promise.resolve of a value', `Promise.resolve(1);`, 'floatingSafe'],
    ['Promise.resolve of a promise that can reject', `Promise.resolve(io());`, 'floating'],
    ['Promise.reject', `Promise.reject(new Error('x'));`, 'floating'],
    [
      'Promise.race over promises that cannot reject',
      `Promise.race([Promise.resolve(1), new Promise<number>((r) => setTimeout(() => r(2), 5))]);`,
      'floatingSafe',
    ],
    [
      'Promise.all over an array the analyzer cannot see',
      `declare const list: Promise<void>[];\nPromise.all(list);`,
      'floating',
    ],
    [
      '.then whose callback only logs, on a caught promise',
      `io().catch(log).then(() => log('done'));`,
      'floatingSafe',
    ],
    [
      '.then whose callback calls unknown code (lenient: only visible throws count)',
      `declare function notify(): void;\nio().catch(log).then(() => notify());`,
      'floatingSafe',
    ],
    [
      '.then whose callback calls a program function that throws',
      `function boom(): void { throw new Error('x'); }\nio().catch(log).then(() => boom());`,
      'floating',
    ],
    [
      '.then whose callback returns a promise that can reject',
      `io().catch(log).then(() => io());`,
      'floating',
    ],
    ['an executor that throws', `new Promise<void>(() => { throw new Error('x'); });`, 'floating'],
    [
      'an executor that passes reject on',
      `import { EventEmitter } from 'node:events';\ndeclare const e: EventEmitter;\nnew Promise((resolve, reject) => { e.once('done', resolve); e.once('error', reject); });`,
      'floating',
    ],
    [
      'a let variable, every value caught',
      `let p = io().catch(log);\np = io().catch(() => undefined);\np.then(() => log('x'));`,
      'floatingSafe',
    ],
    [
      'a let variable, one value can reject',
      `let p = io().catch(log);\np = io();\np.then(() => log('x'));`,
      'floating',
    ],
    [
      'a method returning a stored promise (it already exists)',
      `class C { private done = io(); wait(): Promise<void> { return this.done; } }\nnew C().wait();`,
      'floatingSafe',
    ],
    [
      'a promise handed to a library function',
      `declare function asCallback<T>(p: Promise<T>, cb?: (e: unknown, v?: T) => void): Promise<T>;\nasCallback(io());`,
      'floatingSafe',
    ],
    [
      'a Node-style callback given to a program function',
      `function close(cb?: (err: Error | null) => void): Promise<void> | undefined { if (!cb) return io(); cb(null); return undefined; }\nclose((err) => log(err));`,
      'floatingSafe',
    ],
    ['.finally whose callback ends the process', `io().finally(() => process.exit(0));`, 'floatingSafe'],
    [
      '.finally whose block logs, then ends the process',
      `io().finally(function () {\n  log('bye');\n  process.exit(1);\n});`,
      'floatingSafe',
    ],
    [
      '.finally that may return before ending the process',
      `declare const quiet: boolean;\nio().finally(() => {\n  if (quiet) return;\n  process.exit(0);\n});`,
      'floating',
    ],
    [
      '.finally that ends the process only on one branch',
      `declare const quiet: boolean;\nio().finally(() => {\n  if (!quiet) process.exit(0);\n});`,
      'floating',
    ],
    [
      '.finally calling exit on a local named process',
      `const process = { exit(code: number) { log(code); } };\nio().finally(() => process.exit(0));`,
      'floating',
    ],
    ['.then whose callback ends the process', `io().then(() => process.exit(0));`, 'floating'],
  ];
  for (const [name, code, verdict] of cases) {
    it(name, () => {
      expect(verdicts(`${code}\n`)).toEqual([verdict]);
    });
  }
});

describe('can-reject: JavaScript', () => {
  // On TypeScript 6's engine, whichever engine the suite runs on: TypeScript 7.0.2 types `pipeline.exec` (a method
  // assigned to a constructor function's prototype in JavaScript) as `any`, so the native engine cannot follow it. A
  // TypeScript 7 difference, not the facade's.
  it('follows a method assigned to a prototype and called with .call (TypeScript 6 engine)', () => {
    const code = `
function Pipeline() { this.promise = Promise.resolve(1); }
Pipeline.prototype.exec = function () { return this.promise; };
const pipeline = new Pipeline();
const exec = pipeline.exec;
exec.call(pipeline);
`;
    expect(verdicts(code, 'a.js', { engine: 'ts6' })).toEqual(['floatingSafe']);
  });

  // A connection that recovers by itself: every failure of `connect()` is caught and schedules the next attempt; the
  // catch awaits a helper whose promise is untyped (`any`) but `.catch`ed where it is made.
  const recovering = (closeQuietly: string): string => `
class Recovering {
  constructor(adapters) { this.adapters = adapters; }
  ${closeQuietly}
  async connect() {
    let model;
    try {
      model = await this.adapters.open();
    } catch (err) {
      if (model) await this.closeQuietly(model);
      setTimeout(() => this.connect(), 1000);
    }
  }
}
new Recovering({}).connect();
`;

  it('an untyped helper whose every return is .catch-ed cannot reject when awaited (class method)', () => {
    const code = recovering('closeQuietly(model) { return this.adapters.close(model).catch(() => {}); }');
    expect(verdicts(code, 'a.js')).toEqual(['floatingSafe']);
  });

  it('the same helper written as an arrow function returning a .then(ok, fail)', () => {
    const code = recovering(
      'closeQuietly = (model) => this.adapters.close(model).then(() => undefined, () => undefined);',
    );
    expect(verdicts(code, 'a.js')).toEqual(['floatingSafe']);
  });

  it('an untyped helper that returns the bare promise on one path can still reject', () => {
    const code = recovering(
      'closeQuietly(model) { if (model.force) return this.adapters.close(model); return this.adapters.close(model).catch(() => {}); }',
    );
    expect(verdicts(code, 'a.js')).toEqual(['floating']);
  });

  it('an untyped await of unknown code can still reject', () => {
    const code = recovering('closeQuietly(model) { return this.adapters.close(model); }');
    expect(verdicts(code, 'a.js')).toEqual(['floating']);
  });
});

describe('can-reject: which point the reason names', () => {
  it('names the await that can reject, not an earlier synchronous library call', () => {
    const [finding] = tester.findings(
      `declare const toast: { error(message: string): string };\nasync function submit(name: string) {\n  if (name === '') return toast.error('a name is needed');\n  await io();\n}\nexport function run(): void {\n  submit('x');\n}\n`,
    );
    expect(finding?.message).toContain('`submit()` can reject at a.ts:7');
  });

  it('says when only a library call could throw (reported with strict only)', () => {
    const [finding] = tester.findings(
      `declare const toast: { error(message: string): string };\nasync function warn(name: string) {\n  toast.error(name);\n}\nexport function run(): void {\n  warn('x');\n}\n`,
    );
    expect(finding?.messageId).toBe('floatingSafe');
    expect(finding?.message).toContain('can fail only if a library call throws synchronously (at a.ts:6)');
  });
});

describe("can-reject: Node's own contracts", () => {
  it('Worker.terminate() fulfils with the exit code: it never rejects', () => {
    expect(
      verdicts(
        `import { Worker } from 'node:worker_threads';\nexport function stop(worker: Worker): void {\n  worker.terminate();\n}\n`,
      ),
    ).toEqual(['floatingSafe']);
  });

  it('a method called terminate on a program class is judged by its body', () => {
    expect(
      verdicts(
        `class Job {\n  async terminate(): Promise<void> { await io(); }\n}\nexport function stop(job: Job): void {\n  job.terminate();\n}\n`,
      ),
    ).toEqual(['floating']);
  });
});
