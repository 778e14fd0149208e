import { describe, expect, it } from 'vitest';
import { ofKind, runDoctor, where } from './helpers.js';

describe('event-loop-starvation', () => {
  it('reports a blocked event loop with the stack that blocked it', async () => {
    const result = await runDoctor('blocked.mjs');
    expect(result.stdout).toBe('done\n');
    const [block, ...others] = ofKind(result.findings, 'blocked-loop');
    expect(others).toEqual([]);
    expect(block?.pitfall).toBe('event-loop-starvation');
    expect(where(block)).toBe('blocked.mjs:9');
    expect(block?.frames[0]?.functionName).toBe('hashPasswordsSync');
    // The loop was blocked for 800 ms; the watchdog measures at least the threshold.
    expect(block?.data['blockedMs']).toBeGreaterThanOrEqual(100);
  });

  it('names the traced operation the loop was blocked in', async () => {
    const result = await runDoctor('blocked-traced.mjs');
    expect(result.stdout).toBe('done\n');
    const [block] = ofKind(result.findings, 'blocked-loop');
    expect(where(block)).toBe('blocked-traced.mjs:9');
    expect(block?.operation?.name).toBe('import users');
  });

  it('tells a long run of microtasks apart from a synchronous block', async () => {
    const result = await runDoctor('microtasks.mjs');
    expect(ofKind(result.findings, 'blocked-loop')).toEqual([]);
    const [run] = ofKind(result.findings, 'microtask-run');
    expect(run?.message).toContain('microtasks');
    expect(run?.frames.some((frame) => ['drain', 'spinOnPromises'].includes(frame.functionName))).toBe(true);
  });

  it('takes at most one stack per second and sums up the other blocks in a note', async () => {
    const result = await runDoctor('blocked-often.mjs');
    expect(result.stdout).toBe('done\n');
    const blocks = ofKind(result.findings, 'blocked-loop');
    const located = blocks.filter((block) => block.frames.length > 0);
    expect(located).toHaveLength(1);
    expect(located[0]?.frames[0]?.functionName).toBe('crunch');
    const note = blocks.find((block) => block.severity === 'info');
    expect(note?.message).toMatch(/^[12] more blocks? \(\d+ ms in all\)/);
  });

  it('--blocked-ms 0 turns the watchdog off', async () => {
    const result = await runDoctor('blocked.mjs', ['--blocked-ms', '0']);
    expect(result.findings).toEqual([]);
  });

  it('a block shorter than --blocked-ms is not reported', async () => {
    const result = await runDoctor('blocked.mjs', ['--blocked-ms', '5000']);
    expect(result.findings).toEqual([]);
  });
});
