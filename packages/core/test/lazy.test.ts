import { describe, expect, it, vi } from 'vitest';
import { lazy } from '../src/lazy.js';
import { abortListeners, deferred, flush, track } from '../../../test/support/async.js';

describe('lazy', () => {
  it('runs the factory once for concurrent callers and stores the value', async () => {
    const connection = deferred<{ id: number }>();
    const factory = vi.fn(() => connection.promise);
    const db = lazy(factory);
    expect(factory).not.toHaveBeenCalled();
    const a = track(db.get());
    const b = track(db.get());
    expect(factory).toHaveBeenCalledTimes(1);
    connection.resolve({ id: 1 });
    await flush();
    expect(a.value).toBe(b.value);
    expect(db.initialized).toBe(true);
    expect(db.peek()).toEqual({ id: 1 });
    await db.get();
    expect(factory).toHaveBeenCalledTimes(1);
  });

  it('does not cache a rejection: the next get() tries again', async () => {
    let attempt = 0;
    const db = lazy(async () => {
      attempt++;
      if (attempt === 1) throw new Error('connection refused');
      return 'connected';
    });
    const [a, b] = [track(db.get()), track(db.get())];
    await flush();
    expect((a.error as Error).message).toBe('connection refused');
    expect(b.error).toBe(a.error);
    expect(db.initialized).toBe(false);
    await expect(db.get()).resolves.toBe('connected');
    expect(attempt).toBe(2);
  });

  it('reports a synchronous throw as a rejection and retries later', async () => {
    let calls = 0;
    const value = lazy(() => {
      calls++;
      if (calls === 1) throw new Error('sync');
      return 5;
    });
    await expect(value.get()).rejects.toThrow('sync');
    await expect(value.get()).resolves.toBe(5);
  });

  it('reset() makes the next get() run the factory again; waiting callers keep their run', async () => {
    let n = 0;
    const first = deferred<number>();
    const value = lazy(() => (++n === 1 ? first.promise : Promise.resolve(n)));
    const waiting = track(value.get());
    value.reset();
    await expect(value.get()).resolves.toBe(2);
    first.resolve(1);
    await flush();
    expect(waiting.value).toBe(1);
    expect(value.peek()).toBe(2); // the old run landing late does not overwrite the new value
  });

  it("a signal stops one caller's wait without cancelling the shared initialization", async () => {
    const init = deferred<string>();
    const value = lazy(() => init.promise);
    const controller = new AbortController();
    const impatient = track(value.get({ signal: controller.signal }));
    const patient = track(value.get());
    controller.abort(new Error('gave up'));
    await flush();
    expect((impatient.error as Error).message).toBe('gave up');
    expect(abortListeners(controller.signal)).toBe(0);
    init.resolve('ready');
    await flush();
    expect(patient.value).toBe('ready');
  });

  it('removes its signal listener once the value arrives', async () => {
    const value = lazy(async () => 1);
    const controller = new AbortController();
    await value.get({ signal: controller.signal });
    expect(abortListeners(controller.signal)).toBe(0);
    await expect(value.get({ signal: AbortSignal.abort(new Error('no')) })).rejects.toThrow('no');
  });

  it('validates the factory', () => {
    expect(() => lazy(null as unknown as () => number)).toThrow(
      'Expected `factory` to be a function, got `null` (null)',
    );
  });
});
