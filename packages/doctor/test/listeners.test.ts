import { describe, expect, it } from 'vitest';
import { ofKind, runDoctor, where } from './helpers.js';

describe('listener-leak', () => {
  it('reports an emitter and an AbortSignal whose listener counts only grow, with the adding line', async () => {
    const result = await runDoctor('listener-leak.mjs');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('listeners 30\n');
    const leaks = ofKind(result.findings, 'listener-leak');
    expect(leaks.map((leak) => [leak.data['target'], leak.data['event'], leak.data['listeners']])).toEqual([
      ['EventEmitter', 'response', 30],
      ['AbortSignal', 'abort', 30],
    ]);
    expect(leaks.map(where)).toEqual(['listener-leak.mjs:9', 'listener-leak.mjs:12']);
    expect(leaks[0]?.frames.some((frame) => frame.functionName === 'request')).toBe(true);
  });

  it('does not report listeners that are removed again (once, off, signal)', async () => {
    const result = await runDoctor('listener-clean.mjs');
    expect(result.stdout).toBe('listeners 0 0\n');
    expect(result.findings).toEqual([]);
  });

  it('honours --listener-threshold', async () => {
    const result = await runDoctor('listener-leak.mjs', ['--listener-threshold', '40']);
    expect(ofKind(result.findings, 'listener-leak')).toEqual([]);
  });
});
