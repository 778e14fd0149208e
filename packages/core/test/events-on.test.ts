import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { on } from '../src/events.js';
import { abortListeners, flush, track } from '../../../test/support/async.js';

function listenerTotal(emitter: EventEmitter): number {
  return emitter.eventNames().reduce((sum, name) => sum + emitter.listenerCount(name), 0);
}

describe('on', () => {
  it('yields every event in order, including those emitted before the first next()', async () => {
    const emitter = new EventEmitter();
    const lines = on<string>(emitter, 'line', { endOn: ['close'] });
    emitter.emit('line', 'a');
    emitter.emit('line', 'b');
    queueMicrotask(() => {
      emitter.emit('line', 'c');
      emitter.emit('close');
    });
    const seen: string[] = [];
    for await (const line of lines) seen.push(line);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(listenerTotal(emitter)).toBe(0);
  });

  it('removes every listener on break', async () => {
    const emitter = new EventEmitter();
    const controller = new AbortController();
    const ticks = on<number>(emitter, 'tick', { signal: controller.signal, endOn: ['end'] });
    expect(listenerTotal(emitter)).toBe(3); // tick, error, end
    emitter.emit('tick', 1);
    for await (const tick of ticks) {
      expect(tick).toBe(1);
      break;
    }
    expect(listenerTotal(emitter)).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('return() while a next() is pending resolves it done and removes the listeners', async () => {
    const emitter = new EventEmitter();
    const ticks = on(emitter, 'tick');
    const pending = track(ticks.next());
    await ticks.return();
    await flush();
    expect(pending.value).toEqual({ done: true, value: undefined });
    expect(listenerTotal(emitter)).toBe(0);
    await expect(ticks.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('throws the error event after the buffered events, then removes listeners', async () => {
    const emitter = new EventEmitter();
    const ticks = on<number>(emitter, 'tick');
    emitter.emit('tick', 1);
    emitter.emit('error', new Error('broken pipe'));
    emitter.emit('tick', 2); // after the error: not delivered
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const tick of ticks) seen.push(tick);
      })(),
    ).rejects.toThrow('broken pipe');
    expect(seen).toEqual([1]);
    expect(listenerTotal(emitter)).toBe(0);
  });

  it('rejects a pending next() with the error event', async () => {
    const emitter = new EventEmitter();
    const ticks = on(emitter, 'tick');
    const pending = track(ticks.next());
    emitter.emit('error', new Error('x'));
    await flush();
    expect((pending.error as Error).message).toBe('x');
    await expect(ticks.next()).resolves.toMatchObject({ done: true });
  });

  it('rejects at once on abort, discarding the buffer, and removes every listener', async () => {
    const emitter = new EventEmitter();
    const controller = new AbortController();
    const ticks = on(emitter, 'tick', { signal: controller.signal });
    const pending = track(ticks.next());
    controller.abort(new Error('stop'));
    await flush();
    expect((pending.error as Error).message).toBe('stop');
    expect(listenerTotal(emitter)).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);

    const other = new AbortController();
    const buffered = on(emitter, 'tick', { signal: other.signal });
    emitter.emit('tick', 1);
    other.abort(new Error('stop now'));
    await expect(buffered.next()).rejects.toThrow('stop now');
    await expect(buffered.next()).resolves.toMatchObject({ done: true });
  });

  it('ends with a RangeError when the bounded buffer overflows (default)', async () => {
    const emitter = new EventEmitter();
    const ticks = on<number>(emitter, 'tick', { maxBuffer: 2 });
    for (let i = 0; i < 3; i++) emitter.emit('tick', i);
    expect(ticks.buffered).toBe(2);
    await expect(ticks.next()).resolves.toEqual({ done: false, value: 0 });
    await expect(ticks.next()).resolves.toEqual({ done: false, value: 1 });
    await expect(ticks.next()).rejects.toThrow(RangeError);
    expect(listenerTotal(emitter)).toBe(0);
  });

  it('drops the oldest or the newest event when asked to', async () => {
    const emitter = new EventEmitter();
    const oldest = on<number>(emitter, 'tick', { maxBuffer: 2, overflow: 'drop-oldest' });
    const newest = on<number>(emitter, 'tick', { maxBuffer: 2, overflow: 'drop-newest' });
    for (let i = 0; i < 4; i++) emitter.emit('tick', i);
    const take = async (it: AsyncIterator<number>): Promise<number[]> => [
      ((await it.next()) as IteratorYieldResult<number>).value,
      ((await it.next()) as IteratorYieldResult<number>).value,
    ];
    expect(await take(oldest)).toEqual([2, 3]);
    expect(await take(newest)).toEqual([0, 1]);
    await oldest.return();
    await newest.return();
    expect(listenerTotal(emitter)).toBe(0);
  });

  it('works with an EventTarget and `await using`', async () => {
    const target = new EventTarget();
    const removed = vi.spyOn(target, 'removeEventListener');
    {
      await using messages = on(target, 'message');
      const event = new Event('message');
      target.dispatchEvent(event);
      await expect(messages.next()).resolves.toEqual({ done: false, value: event });
    }
    expect(removed).toHaveBeenCalledTimes(1);
  });

  it('validates its options', () => {
    const emitter = new EventEmitter();
    expect(() => on(emitter, 'x', { maxBuffer: 0 })).toThrow(
      'Expected `maxBuffer` to be an integer >= 1 or Infinity, got `0` (number)',
    );
    expect(() => on(emitter, 'x', { overflow: 'drop' as 'error' })).toThrow(
      /Expected `overflow` to be 'error'/,
    );
  });
});
