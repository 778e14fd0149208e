import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const header = `import { expect, it, vi } from 'vitest';
declare function retry(): Promise<number>;
declare function start(): Promise<void>;
declare function schedule(cb: () => void): void;
declare const jest: { advanceTimersByTime(ms: number): void; runAllTimers(): void };
declare const clock: { tick(ms: number): number; tickAsync(ms: number): Promise<number>; runAll(): number };
`;
const headerLines = header.split('\n').length - 1;

/** `{ strict: true }`: `retry` and `start` are declared only, so their code cannot be read. */
const strict = ruleTester('fake-timer-async', {
  prelude: header,
  suffix: '\n',
  fileName: 'a.test.ts',
  options: { strict: true },
});

describe('fake-timer-async (strict): flagged', () => {
  it.each([
    [
      'pending promise awaited after advance',
      `it('a', async () => {\n  const p = retry();\n  vi.advanceTimersByTime(1000);\n  await p;\n});`,
      [3, 3],
    ],
    [
      'jest runAllTimers',
      `it('a', async () => {\n  const p = retry();\n  jest.runAllTimers();\n  expect(await p).toBe(1);\n});`,
      [3, 3],
    ],
    [
      'sinon clock.tick',
      `it('a', async () => {\n  const p = retry();\n  clock.tick(500);\n  await p;\n});`,
      [3, 3],
    ],
    ['floating call before advance', `it('a', async () => {\n  start();\n  vi.runAllTimers();\n});`, [3, 3]],
    [
      'void-ed call before advance',
      `it('a', () => {\n  void start();\n  vi.runOnlyPendingTimers();\n});`,
      [3, 3],
    ],
    [
      'assigned later then awaited',
      `it('a', async () => {\n  let p: Promise<number>;\n  p = retry();\n  vi.advanceTimersToNextTimer();\n  await p;\n});`,
      [4, 3],
    ],
    [
      'pending rejects assertion',
      `it('a', async () => {\n  const check = expect(retry()).rejects.toThrow();\n  vi.advanceTimersByTime(100);\n  await check;\n});`,
      [3, 3],
    ],
    [
      'inside an async helper',
      `async function drive() {\n  const p = retry();\n  vi.advanceTimersByTime(10);\n  return p;\n}`,
      [3, 3],
    ],
    [
      'then chain before advance',
      `it('a', () => {\n  retry().then((n) => console.log(n));\n  vi.advanceTimersByTime(10);\n});`,
      [3, 3],
    ],
    [
      'sinon runAll on this.clock-like name',
      `it('a', async () => {\n  const p = retry();\n  clock.runAll();\n  await p;\n});`,
      [3, 3],
    ],
    [
      'two advances both flagged',
      `it('a', async () => {\n  const p = retry();\n  vi.advanceTimersByTime(10);\n  vi.advanceTimersByTime(10);\n  await p;\n});`,
      [3, 3],
      [4, 3],
    ],
  ] as const)('%s', (_name, code, ...expected: (readonly [number, number])[]) => {
    strict.expectInvalid({ code, errors: expected.map(([line, column]) => ({ line, column })) });
  });

  it('explains which promise is pending', () => {
    const found = strict.findings(
      `it('a', async () => {\n  const p = retry();\n  vi.advanceTimersByTime(1000);\n  await p;\n});`,
    );
    expect(found[0]?.message).toBe(
      `\`vi.advanceTimersByTime\` fires timers synchronously while \`p\` (started on line ${headerLines + 2}) is still ` +
        'pending: its code cannot run between timers, so a timer it sets after an `await` never fires. Use ' +
        '`await vi.advanceTimersByTimeAsync(…)`.',
    );
  });

  it('suggests the awaited async variant', () => {
    strict.expectInvalid({
      code: `it('a', async () => {\n  const p = retry();\n  /*!*/clock.tick(500);\n  await p;\n});`,
      errors: [
        {
          messageId: 'syncAdvance',
          suggestions: [
            `it('a', async () => {\n  const p = retry();\n  await clock.tickAsync(500);\n  await p;\n});`,
          ],
        },
      ],
    });
  });

  it('offers no suggestion in a sync test', () => {
    strict.expectInvalid({
      code: `it('a', () => {\n  void start();\n  /*!*/vi.runAllTimers();\n});`,
      errors: [{ suggestions: [] }],
    });
  });
});

describe('fake-timer-async (strict): clean', () => {
  it.each([
    [
      'async variant',
      `it('a', async () => {\n  const p = retry();\n  await vi.advanceTimersByTimeAsync(1000);\n  await p;\n});`,
    ],
    [
      'only sync timers',
      `it('a', () => {\n  const cb = vi.fn();\n  schedule(cb);\n  vi.advanceTimersByTime(100);\n  expect(cb).toHaveBeenCalled();\n});`,
    ],
    [
      'promise awaited before the advance',
      `it('a', async () => {\n  const n = await retry();\n  vi.advanceTimersByTime(10);\n  expect(n).toBe(1);\n});`,
    ],
    [
      'promise started after the advance',
      `it('a', async () => {\n  vi.advanceTimersByTime(10);\n  await retry();\n});`,
    ],
    [
      'promise not used after the advance',
      `it('a', async () => {\n  const p = retry();\n  await p;\n  vi.advanceTimersByTime(10);\n});`,
    ],
    [
      'promise started in a nested callback',
      `it('a', () => {\n  schedule(() => { void start(); });\n  vi.runAllTimers();\n});`,
    ],
    [
      'sinon tickAsync',
      `it('a', async () => {\n  const p = retry();\n  await clock.tickAsync(5);\n  await p;\n});`,
    ],
    [
      'look-alike tick on another object',
      `declare const counter: { tick(): void };\nit('a', async () => {\n  const p = retry();\n  counter.tick();\n  await p;\n});`,
    ],
    [
      'vi.useFakeTimers is not an advance',
      `it('a', async () => {\n  const p = retry();\n  vi.useFakeTimers();\n  await p;\n});`,
    ],
    ['advance at module level', `vi.advanceTimersByTime(10);`],
    [
      'awaited expression statement before',
      `it('a', async () => {\n  await start();\n  vi.runAllTimers();\n});`,
    ],
  ] as const)('%s', (_name, code) => {
    strict.expectValid(code);
  });
});

const project = `export async function attempt(): Promise<number> {
  return 1;
}
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
export async function retry(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    try {
      return await attempt();
    } catch {
      await sleep(100 * 2 ** i);
    }
  }
  throw new Error('gave up');
}
export async function poll(): Promise<void> {
  await attempt();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
export async function quick(): Promise<number> {
  setTimeout(() => undefined, 10);
  return attempt();
}
export async function noTimer(): Promise<number> {
  const n = await attempt();
  return n + 1;
}
function startTimer(): void {
  setTimeout(() => undefined, 5);
}
export async function viaHelper(): Promise<void> {
  await attempt();
  startTimer();
}
export class Service {
  async start(): Promise<void> {
    await attempt();
    await sleep(50);
  }
}
`;

const testHeader = `import { expect, it, vi } from 'vitest';
import { attempt, noTimer, poll, quick, retry, sleep, viaHelper, Service } from './lib.js';
declare function libraryRetry(): Promise<number>;
`;

/** Default options, with the code under test in `lib.ts`. */
const tester = ruleTester('fake-timer-async', {
  prelude: testHeader,
  suffix: '\n',
  fileName: 'a.test.ts',
  files: { 'lib.ts': project },
});

describe('fake-timer-async (default): the pending code sets a timer after an await', () => {
  it.each([
    [
      'a retry loop that sleeps between attempts',
      `it('a', async () => {\n  const p = retry();\n  vi.advanceTimersByTime(1000);\n  await p;\n});`,
    ],
    [
      'a setTimeout after an await',
      `it('a', async () => {\n  const p = poll();\n  vi.runAllTimers();\n  await p;\n});`,
    ],
    [
      'a project helper called after an await sets the timer',
      `it('a', async () => {\n  const p = viaHelper();\n  vi.runAllTimers();\n  await p;\n});`,
    ],
    ['a method, floating', `it('a', () => {\n  void new Service().start();\n  vi.runAllTimers();\n});`],
    ['a then chain', `it('a', () => {\n  retry().then(() => undefined);\n  vi.runAllTimers();\n});`],
    [
      'an expect(…).rejects chain',
      `it('a', async () => {\n  const check = expect(poll()).rejects.toThrow();\n  vi.runAllTimers();\n  await check;\n});`,
    ],
    [
      'an async IIFE',
      `it('a', async () => {\n  const p = (async () => {\n    await attempt();\n    await sleep(5);\n  })();\n  vi.runAllTimers();\n  await p;\n});`,
    ],
  ])('%s', (_name, code) => {
    const lines = code.split('\n');
    const line = lines.findIndex((l) => l.includes('vi.a') || l.includes('vi.r')) + 1;
    tester.expectInvalid({ code, errors: [{ line, column: (lines[line - 1] ?? '').indexOf('vi.') + 1 }] });
  });
});

describe('fake-timer-async (default): left to strict', () => {
  it.each([
    [
      'a library call (its code cannot be read)',
      `it('a', async () => {\n  const p = libraryRetry();\n  vi.advanceTimersByTime(1000);\n  await p;\n});`,
    ],
    [
      'timers set before the first await only',
      `it('a', async () => {\n  const p = quick();\n  vi.advanceTimersByTime(10);\n  await p;\n});`,
    ],
    [
      'no timer at all',
      `it('a', async () => {\n  const p = noTimer();\n  vi.advanceTimersByTime(10);\n  await p;\n});`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
    expect(tester.findings(code, { options: { strict: true } })).toHaveLength(1);
  });

  it('rejects a non-boolean strict', () => {
    expect(() => tester.run('', { options: { strict: 1 } })).toThrow(
      new TypeError('Expected `strict` of rule `fake-timer-async` to be a boolean, got `1` (number)'),
    );
  });
});
