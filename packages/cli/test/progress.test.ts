import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressReporter } from '../src/commands/check.js';
import type { CliIo } from '../src/index.js';

afterEach(() => {
  vi.useRealTimers();
});

function io(): { io: CliIo; text: () => string } {
  let stderr = '';
  return {
    io: {
      cwd: '/',
      env: {},
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text), isTTY: true },
    },
    text: () => stderr,
  };
}

describe('progress indicator', () => {
  it('stays silent for short runs, then redraws one line at most ten times a second and clears it', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const out = io();
    const progress = progressReporter(out.io);
    progress.onProgress({ phase: 'check', done: 1, total: 100 });
    vi.advanceTimersByTime(399);
    progress.onProgress({ phase: 'check', done: 2, total: 100 });
    expect(out.text()).toBe('');
    vi.advanceTimersByTime(1);
    progress.onProgress({ phase: 'check', done: 3, total: 100 });
    expect(out.text()).toBe('\r\u001b[2Kawaitwise: checking 3/100 files');
    vi.advanceTimersByTime(50);
    progress.onProgress({ phase: 'check', done: 4, total: 100 });
    expect(out.text()).not.toContain('4/100');
    vi.advanceTimersByTime(50);
    progress.onProgress({ phase: 'check', done: 5, total: 100 });
    expect(out.text()).toContain('5/100');
    progress.done();
    expect(out.text().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('writes nothing at all when the run ends before it shows', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const out = io();
    const progress = progressReporter(out.io);
    progress.onProgress({ phase: 'check', done: 1, total: 2 });
    progress.done();
    expect(out.text()).toBe('');
  });
});
