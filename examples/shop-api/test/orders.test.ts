import { afterEach, describe, expect, it, vi } from 'vitest';
import { chargeWithFallback, refund } from '../src/routes/payments.js';
import { sendWithRetry } from '../src/services/notifier.js';

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

  it('sends a receipt after retrying', async () => {
    vi.useFakeTimers();
    const pending = sendWithRetry({ to: 'a@example.com', subject: 'Receipt', body: 'Thanks' });
    // Synchronous advance: the pause after a failed attempt is set once promise callbacks run, too late.
    vi.advanceTimersByTime(3000);
    await expect(pending).resolves.toBeUndefined();
  });

  it('sends a receipt after retrying, with async timers (the near miss)', async () => {
    vi.useFakeTimers();
    // Advanced while the send is awaited: a failed attempt's rejection is never left unobserved.
    await Promise.all([
      sendWithRetry({ to: 'b@example.com', subject: 'Receipt', body: 'Thanks' }),
      vi.advanceTimersByTimeAsync(3000),
    ]);
  });
});
