import { afterEach, describe, expect, it, vi } from 'vitest';
import { chargeWithFallback, refund } from '../src/routes/payments.js';
import { countView } from '../src/services/cache.js';

describe('payments', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects a refund of an unknown charge', () => {
    vi.stubGlobal('fetch', () => Promise.reject(new Error('404')));
    // Not awaited: the test ends before the assertion runs, so it passes whatever happens.
    expect(refund('nope')).rejects.toThrow('404');
  });

  it('falls back to manual review', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new Error('down')));
    await expect(chargeWithFallback('o1', 10)).resolves.toEqual({ id: 'manual-review', amount: 10 });
  });

  it('counts views after the cache answers', async () => {
    vi.useFakeTimers();
    const pending = countView('p1');
    // Synchronous advance: promise callbacks do not run between timers.
    vi.advanceTimersByTime(1000);
    expect(await pending).toBe(1);
  });

  it('counts views with async timers (the near miss)', async () => {
    vi.useFakeTimers();
    const pending = countView('p2');
    await vi.advanceTimersByTimeAsync(1000);
    expect(await pending).toBe(1);
  });
});
