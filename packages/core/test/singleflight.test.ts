import { describe, expect, it, vi } from 'vitest';
import { singleflight } from '../src/singleflight.js';
import { deferred, flush, track } from '../../../test/support/async.js';

describe('singleflight', () => {
  it('shares one run between concurrent calls with the same key', async () => {
    const row = deferred<string>();
    const load = vi.fn((_id: string) => row.promise);
    const loadOnce = singleflight(load);
    const a = track(loadOnce('42'));
    const b = track(loadOnce('42'));
    expect(load).toHaveBeenCalledTimes(1);
    expect(loadOnce.inFlight).toBe(1);
    row.resolve('product 42');
    await flush();
    expect(a.value).toBe('product 42');
    expect(b.value).toBe('product 42');
    expect(loadOnce.inFlight).toBe(0);
  });

  it('runs different keys separately and starts afresh after a run settles (no caching)', async () => {
    const load = vi.fn(async (id: string) => id);
    const loadOnce = singleflight(load);
    await Promise.all([loadOnce('a'), loadOnce('b')]);
    await loadOnce('a');
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('shares a rejection with every joined caller, then lets the next call retry', async () => {
    let calls = 0;
    const flaky = singleflight(async () => {
      calls++;
      if (calls === 1) throw new Error('timeout');
      return 'ok';
    });
    const [a, b] = [track(flaky()), track(flaky())];
    await flush();
    expect(a.error).toBe(b.error);
    await expect(flaky()).resolves.toBe('ok');
  });

  it('uses the key option', async () => {
    const load = vi.fn(async (user: { id: number }) => user.id);
    const byId = singleflight(load, { key: (user) => user.id });
    await Promise.all([byId({ id: 1 }), byId({ id: 1 })]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('forget(key) lets the next call start a new run while the old one is in flight', async () => {
    const first = deferred<number>();
    let n = 0;
    const run = singleflight(() => (++n === 1 ? first.promise : Promise.resolve(n)));
    const old = track(run());
    run.forget(undefined);
    await expect(run()).resolves.toBe(2);
    first.resolve(1);
    await flush();
    expect(old.value).toBe(1);
  });

  it('reports a synchronous throw as a rejection without registering a flight', async () => {
    const run = singleflight(() => {
      throw new Error('sync');
    });
    await expect(run()).rejects.toThrow('sync');
    expect(run.inFlight).toBe(0);
  });

  it('validates its arguments', () => {
    expect(() => singleflight(async () => 1, { key: 'id' as unknown as () => string })).toThrow(
      'Expected `key` to be a function, got `"id"` (string)',
    );
  });
});
