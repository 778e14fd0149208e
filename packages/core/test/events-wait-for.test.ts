import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError } from '../src/errors.js';
import { waitFor } from '../src/events.js';
import { abortListeners, flush, track } from '../../../test/support/async.js';

function listenerTotal(emitter: EventEmitter): number {
  return emitter.eventNames().reduce((sum, name) => sum + emitter.listenerCount(name), 0);
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('waitFor on an EventEmitter', () => {
  it('resolves with the first argument and removes every listener', async () => {
    const emitter = new EventEmitter();
    const ready = track(waitFor<number>(emitter, 'ready'));
    expect(listenerTotal(emitter)).toBe(2); // 'ready' and the default rejectOn 'error'
    emitter.emit('ready', 42, 'ignored');
    await flush();
    expect(ready.value).toBe(42);
    expect(listenerTotal(emitter)).toBe(0);
  });

  it('rejects on "error" by default and removes every listener', async () => {
    const emitter = new EventEmitter();
    const ready = track(waitFor(emitter, 'ready'));
    const failure = new Error('port in use');
    emitter.emit('error', failure);
    await flush();
    expect(ready.error).toBe(failure);
    expect(listenerTotal(emitter)).toBe(0);
  });

  it('rejects on the chosen rejectOn events, wrapping a non-Error value', async () => {
    const emitter = new EventEmitter();
    const ready = track(waitFor(emitter, 'ready', { rejectOn: ['close'] }));
    emitter.emit('close', 1006);
    await flush();
    expect((ready.error as Error).message).toMatch(/The "close" event was emitted while waiting/);
    expect((ready.error as Error).cause).toBe(1006);
    expect(listenerTotal(emitter)).toBe(0);
  });

  it('rejects with a TimeoutError, clearing its timer and listeners', async () => {
    const emitter = new EventEmitter();
    const ready = track(waitFor(emitter, 'ready', { timeout: 1_000 }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ready.error).toBeInstanceOf(TimeoutError);
    expect((ready.error as Error).message).toMatch(/^Waiting for the "ready" event timed out after 1000 ms/);
    expect(listenerTotal(emitter)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears its timer when the event comes first', async () => {
    const emitter = new EventEmitter();
    const ready = waitFor(emitter, 'ready', { timeout: 1_000 });
    emitter.emit('ready');
    await ready;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once on abort and removes listeners on the emitter and on the signal', async () => {
    const emitter = new EventEmitter();
    const controller = new AbortController();
    const ready = track(waitFor(emitter, 'ready', { signal: controller.signal, timeout: 5_000 }));
    controller.abort(new Error('shutdown'));
    await flush();
    expect((ready.error as Error).message).toBe('shutdown');
    expect(listenerTotal(emitter)).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('removes its signal listener when the event resolves it', async () => {
    const emitter = new EventEmitter();
    const controller = new AbortController();
    const ready = waitFor(emitter, 'ready', { signal: controller.signal });
    emitter.emit('ready');
    await ready;
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('rejects an already-aborted signal without adding a listener', async () => {
    const emitter = new EventEmitter();
    await expect(waitFor(emitter, 'ready', { signal: AbortSignal.abort(new Error('no')) })).rejects.toThrow(
      'no',
    );
    expect(listenerTotal(emitter)).toBe(0);
  });

  it('ignores events that fail the filter', async () => {
    const emitter = new EventEmitter();
    const job = track(waitFor<{ id: number }>(emitter, 'done', { filter: (value) => value.id === 2 }));
    emitter.emit('done', { id: 1 });
    await flush();
    expect(job.state).toBe('pending');
    emitter.emit('done', { id: 2 });
    await flush();
    expect(job.value).toEqual({ id: 2 });
    expect(listenerTotal(emitter)).toBe(0);
  });

  it('supports symbol event names', async () => {
    const emitter = new EventEmitter();
    const name = Symbol('tick');
    const tick = waitFor(emitter, name);
    emitter.emit(name, 'x');
    await expect(tick).resolves.toBe('x');
  });

  it('validates its arguments', () => {
    expect(() => waitFor(Object.create(null) as EventEmitter, 'x')).toThrow(
      /Expected `target` to be an EventEmitter/,
    );
    expect(() => waitFor(new EventEmitter(), 'x', { timeout: -1 })).toThrow(/Expected `timeout`/);
    expect(() => waitFor(new EventEmitter(), 'x', { rejectOn: 'error' as unknown as string[] })).toThrow(
      'Expected `rejectOn` to be an array of event names, got `"error"` (string)',
    );
  });
});

describe('waitFor on an EventTarget', () => {
  it('resolves with the Event and removes its listener', async () => {
    const target = new EventTarget();
    const added = vi.spyOn(target, 'addEventListener');
    const removed = vi.spyOn(target, 'removeEventListener');
    const loaded = track(waitFor(target, 'load'));
    const event = new Event('load');
    target.dispatchEvent(event);
    await flush();
    expect(loaded.value).toBe(event);
    expect(added).toHaveBeenCalledTimes(1); // no default rejectOn for EventTargets
    expect(removed).toHaveBeenCalledTimes(1);
  });

  it('rejects with an ErrorEvent-like error and removes both listeners', async () => {
    const target = new EventTarget();
    const removed = vi.spyOn(target, 'removeEventListener');
    const loaded = track(waitFor(target, 'load', { rejectOn: ['error'] }));
    const failure = new Error('network');
    target.dispatchEvent(Object.assign(new Event('error'), { error: failure }));
    await flush();
    expect(loaded.error).toBe(failure);
    expect(removed).toHaveBeenCalledTimes(2);
  });

  it('removes its listener on timeout and on abort', async () => {
    const target = new EventTarget();
    const removed = vi.spyOn(target, 'removeEventListener');
    const timed = track(waitFor(target, 'load', { timeout: 10 }));
    await vi.advanceTimersByTimeAsync(10);
    expect(timed.error).toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const aborted = track(waitFor(target, 'load', { signal: controller.signal }));
    controller.abort();
    await flush();
    expect((aborted.error as Error).name).toBe('AbortError');
    expect(removed).toHaveBeenCalledTimes(2);
  });

  it('leaves no listener behind on a long-lived signal and emitter after 100 000 waits', async () => {
    vi.useRealTimers();
    const emitter = new EventEmitter();
    const lifetime = new AbortController();
    for (let i = 0; i < 100_000; i++) {
      const next = waitFor(emitter, 'tick', { signal: lifetime.signal });
      emitter.emit('tick', i);
      await next;
    }
    expect(listenerTotal(emitter)).toBe(0);
    expect(abortListeners(lifetime.signal)).toBe(0);
  });
});
