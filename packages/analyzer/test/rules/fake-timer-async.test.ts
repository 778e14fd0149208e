import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/fake-timer-async.js';
import { analyzeFiles, applyEdits } from '../../src/testing.js';

const header = `import { expect, it, vi } from 'vitest';
declare function retry(): Promise<number>;
declare function start(): Promise<void>;
declare function schedule(cb: () => void): void;
declare const jest: { advanceTimersByTime(ms: number): void; runAllTimers(): void };
declare const clock: { tick(ms: number): number; tickAsync(ms: number): Promise<number>; runAll(): number };
`;
const headerLines = header.split('\n').length - 1;

function run(code: string) {
  const text = header + code + '\n';
  const found = analyzeFiles(rule, { 'a.test.ts': text });
  return { text, found, summary: found.map((f) => [f.line - headerLines, f.column] as const) };
}

describe('fake-timer-async: flagged', () => {
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
  ] as const)('%s', (_name, code, ...expected) => {
    expect(run(code).summary).toEqual(expected);
  });

  it('explains which promise is pending', () => {
    const { found } = run(
      `it('a', async () => {\n  const p = retry();\n  vi.advanceTimersByTime(1000);\n  await p;\n});`,
    );
    expect(found[0]?.message).toBe(
      `\`vi.advanceTimersByTime\` fires timers synchronously while \`p\` (started on line ${headerLines + 2}) is still ` +
        'pending: its code cannot run between timers, so a timer it sets after an `await` never fires. Use ' +
        '`await vi.advanceTimersByTimeAsync(…)`.',
    );
  });

  it('suggests the awaited async variant', () => {
    const { text, found } = run(
      `it('a', async () => {\n  const p = retry();\n  clock.tick(500);\n  await p;\n});`,
    );
    expect(found[0]?.suggestions.map((s) => applyEdits(text, s.edits).slice(header.length))).toEqual([
      `it('a', async () => {\n  const p = retry();\n  await clock.tickAsync(500);\n  await p;\n});\n`,
    ]);
  });

  it('offers no suggestion in a sync test', () => {
    expect(run(`it('a', () => {\n  void start();\n  vi.runAllTimers();\n});`).found[0]?.suggestions).toEqual(
      [],
    );
  });
});

describe('fake-timer-async: clean', () => {
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
    expect(run(code).summary).toEqual([]);
  });
});
