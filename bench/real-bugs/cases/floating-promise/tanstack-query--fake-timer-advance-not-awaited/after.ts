// Case: TanStack/query, fix commit e4bbb89b80254e8c2e7a9f3e816860c33736b7b4 ("test(query-core/queryClient): add
// missing 'await' for 'advanceTimersByTimeAsync' (#9320)"; https://github.com/TanStack/query/pull/9320).
// The fixed code, rewritten in our own code: a cache test advances vitest's fake clock with the async variant and
// drops its promise, so the assertions that follow race the timers they depend on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class ResultCache {
  private readonly entries = new Map<string, number>();

  async fetch(key: string, load: () => Promise<number>, keepMs: number): Promise<number> {
    const value = await load();
    this.entries.set(key, value);
    setTimeout(() => this.entries.delete(key), keepMs);
    return value;
  }

  get(key: string): number | undefined {
    return this.entries.get(key);
  }
}

describe('result cache', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('drops an entry kept for no time once it is read', async () => {
    const cache = new ResultCache();
    const pending = cache.fetch('answer', () => sleep(10).then(() => 1), 0);
    await vi.advanceTimersByTimeAsync(10);
    await expect(pending).resolves.toEqual(1);
    await vi.waitFor(() => expect(cache.get('answer')).toBeUndefined());
  });
});
