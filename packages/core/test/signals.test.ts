import { describe, expect, it } from 'vitest';
import { anySignal } from '../src/signals.js';
import { abortListeners } from '../../../test/support/async.js';

describe('anySignal', () => {
  it('aborts with the reason of the first parent that aborts', () => {
    const a = new AbortController();
    const b = new AbortController();
    const combined = anySignal([a.signal, b.signal]);
    expect(combined.signal.aborted).toBe(false);
    const reason = new Error('b first');
    b.abort(reason);
    a.abort(new Error('a second'));
    expect(combined.signal.aborted).toBe(true);
    expect(combined.signal.reason).toBe(reason);
  });

  it('is aborted at once, with no listener added, when a parent already is', () => {
    const live = new AbortController();
    const combined = anySignal([live.signal, AbortSignal.abort('early')]);
    expect(combined.signal.reason).toBe('early');
    expect(abortListeners(live.signal)).toBe(0);
  });

  it('skips undefined entries', () => {
    const a = new AbortController();
    const combined = anySignal([undefined, a.signal, undefined]);
    a.abort('x');
    expect(combined.signal.reason).toBe('x');
  });

  it('never aborts when given no signal', () => {
    expect(anySignal([]).signal.aborted).toBe(false);
  });

  it('removes its listeners from every parent on dispose, and stops following them', () => {
    const a = new AbortController();
    const b = new AbortController();
    const combined = anySignal([a.signal, b.signal]);
    expect(abortListeners(a.signal)).toBe(1);
    combined.dispose();
    combined.dispose();
    expect(abortListeners(a.signal)).toBe(0);
    expect(abortListeners(b.signal)).toBe(0);
    a.abort();
    expect(combined.signal.aborted).toBe(false);
  });

  it("removes the other parents' listeners once one parent aborts", () => {
    const a = new AbortController();
    const b = new AbortController();
    anySignal([a.signal, b.signal]);
    a.abort();
    expect(abortListeners(b.signal)).toBe(0);
  });

  it('supports `using`', () => {
    const parent = new AbortController();
    {
      using combined = anySignal([parent.signal]);
      expect(combined.signal.aborted).toBe(false);
      expect(abortListeners(parent.signal)).toBe(1);
    }
    expect(abortListeners(parent.signal)).toBe(0);
  });

  it('leaves zero listeners on a long-lived parent after 100 000 per-request combinations', () => {
    const shutdown = new AbortController();
    for (let i = 0; i < 100_000; i++) {
      const request = new AbortController();
      const combined = anySignal([shutdown.signal, request.signal]);
      if (i % 2 === 0) request.abort();
      combined.dispose();
    }
    expect(abortListeners(shutdown.signal)).toBe(0);
  });

  it('rejects entries that are not signals', () => {
    expect(() => anySignal([new AbortController().signal, 'nope' as unknown as AbortSignal])).toThrow(
      'Expected `signals[1]` to be an AbortSignal or undefined, got `"nope"` (string)',
    );
  });
});
