import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClosedError, TimeoutError } from '../src/errors.js';
import { AsyncQueue, Channel } from '../src/queue.js';
import { abortListeners, flush, track } from '../../../test/support/async.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('AsyncQueue', () => {
  it('delivers items in FIFO order and waits for items when empty', async () => {
    const queue = new AsyncQueue<number>();
    await queue.push(1);
    await queue.push(2);
    expect(await queue.pop()).toBe(1);
    const waiting = track(queue.pop());
    const third = track(queue.pop());
    await flush();
    expect(waiting.value).toBe(2);
    expect(third.state).toBe('pending');
    await queue.push(3);
    await flush();
    expect(third.value).toBe(3);
  });

  it('push waits while full and resumes when a consumer makes room (back-pressure)', async () => {
    const queue = new AsyncQueue<string>({ capacity: 1 });
    await queue.push('a');
    const blocked = track(queue.push('b'));
    await flush();
    expect(blocked.state).toBe('pending');
    expect(queue.pendingPushes).toBe(1);
    expect(await queue.pop()).toBe('a');
    await flush();
    expect(blocked.state).toBe('fulfilled');
    expect(queue.size).toBe(1);
    expect(await queue.pop()).toBe('b');
  });

  it('capacity 0 is a rendezvous: push resolves only when a consumer takes the item', async () => {
    const channel = new Channel<number>({ capacity: 0 });
    const sent = track(channel.push(7));
    await flush();
    expect(sent.state).toBe('pending');
    expect(channel.tryPop()).toEqual({ ok: true, value: 7 });
    await flush();
    expect(sent.state).toBe('fulfilled');
    const receiving = track(channel.pop());
    expect(channel.tryPush(8)).toBe(true);
    await flush();
    expect(receiving.value).toBe(8);
  });

  it('close(): consumers drain the buffer, then pop rejects with ClosedError and for-await ends', async () => {
    const queue = new AsyncQueue<number>({ capacity: 2 });
    await queue.push(1);
    await queue.push(2);
    const blockedPush = track(queue.push(3));
    queue.close();
    await flush();
    expect(blockedPush.error).toBeInstanceOf(ClosedError);
    await expect(queue.push(4)).rejects.toBeInstanceOf(ClosedError);
    expect(() => queue.tryPush(5)).toThrow(ClosedError);
    const seen: number[] = [];
    for await (const item of queue) seen.push(item);
    expect(seen).toEqual([1, 2]);
    await expect(queue.pop()).rejects.toThrow('The queue is closed and drained');
    expect(queue.closed).toBe(true);
  });

  it('close() settles every waiting pop', async () => {
    const queue = new AsyncQueue<number>();
    const pops = [track(queue.pop()), track(queue.pop())];
    queue.close();
    await flush();
    for (const pop of pops) expect(pop.error).toBeInstanceOf(ClosedError);
  });

  it('fail(error): every waiting and later push and pop rejects with it, buffer dropped', async () => {
    const queue = new AsyncQueue<number>({ capacity: 1 });
    await queue.push(1);
    const push = track(queue.push(2));
    const failure = new Error('upstream broke');
    queue.fail(failure);
    await flush();
    expect(push.error).toBe(failure);
    await expect(queue.pop()).rejects.toBe(failure);
    await expect(queue.push(3)).rejects.toBe(failure);
    expect(queue.size).toBe(0);
    await expect(
      (async () => {
        for await (const _ of queue) {
          // never reached
        }
      })(),
    ).rejects.toBe(failure);
    const empty = new AsyncQueue<number>();
    const pop = track(empty.pop());
    empty.fail(failure);
    await flush();
    expect(pop.error).toBe(failure);
  });

  it('clear() drops the buffer and lets waiting producers in', async () => {
    const queue = new AsyncQueue<number>({ capacity: 2 });
    await queue.push(1);
    await queue.push(2);
    const third = track(queue.push(3));
    expect(queue.clear()).toBe(2);
    await flush();
    expect(third.state).toBe('fulfilled');
    expect(queue.tryPop()).toEqual({ ok: true, value: 3 });
    expect(queue.tryPop()).toEqual({ ok: false });
  });

  it('an aborted push leaves the queue at once, its item not added, listener removed', async () => {
    const queue = new AsyncQueue<number>({ capacity: 1 });
    await queue.push(1);
    const controller = new AbortController();
    const push = track(queue.push(2, { signal: controller.signal }));
    expect(abortListeners(controller.signal)).toBe(1);
    controller.abort(new Error('gave up'));
    await flush();
    expect((push.error as Error).message).toBe('gave up');
    expect(queue.pendingPushes).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
    expect(await queue.pop()).toBe(1);
    expect(queue.tryPop()).toEqual({ ok: false });
  });

  it('an aborted pop leaves the queue at once and does not swallow the next item', async () => {
    const queue = new AsyncQueue<number>();
    const controller = new AbortController();
    const pop = track(queue.pop({ signal: controller.signal }));
    controller.abort();
    await flush();
    expect((pop.error as Error).name).toBe('AbortError');
    expect(queue.pendingPops).toBe(0);
    await queue.push(1);
    expect(queue.tryPop()).toEqual({ ok: true, value: 1 });
  });

  it('an already-aborted signal rejects at once, even when the operation could complete', async () => {
    const queue = new AsyncQueue<number>();
    await queue.push(1);
    const signal = AbortSignal.abort(new Error('early'));
    await expect(queue.pop({ signal })).rejects.toThrow('early');
    await expect(queue.push(2, { signal })).rejects.toThrow('early');
    expect(queue.size).toBe(1);
  });

  it('push and pop time out with a TimeoutError and leave the queue', async () => {
    vi.useFakeTimers();
    const queue = new AsyncQueue<number>({ capacity: 0 });
    const pop = track(queue.pop({ timeout: 50 }));
    await vi.advanceTimersByTimeAsync(50);
    expect(pop.error).toBeInstanceOf(TimeoutError);
    expect(queue.pendingPops).toBe(0);
    const push = track(queue.push(1, { timeout: 50 }));
    await vi.advanceTimersByTimeAsync(50);
    expect(push.error).toBeInstanceOf(TimeoutError);
    expect(queue.pendingPushes).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("clears a waiter's timer and listener when it is served", async () => {
    vi.useFakeTimers();
    const queue = new AsyncQueue<number>();
    const controller = new AbortController();
    const pop = queue.pop({ signal: controller.signal, timeout: 1_000 });
    await queue.push(1);
    await expect(pop).resolves.toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('break in for-await stops consuming; the rest stays for other consumers', async () => {
    const queue = new AsyncQueue<number>();
    for (let i = 0; i < 3; i++) await queue.push(i);
    for await (const item of queue) {
      expect(item).toBe(0);
      break;
    }
    expect(queue.size).toBe(2);
  });

  it('return() during a pending next() withdraws the waiting pop', async () => {
    const queue = new AsyncQueue<number>();
    const iterator = queue[Symbol.asyncIterator]();
    const next = track(iterator.next());
    await flush();
    expect(queue.pendingPops).toBe(1);
    await iterator.return?.();
    await flush();
    expect(next.value).toEqual({ done: true, value: undefined });
    expect(queue.pendingPops).toBe(0);
    await queue.push(9);
    expect(queue.tryPop()).toEqual({ ok: true, value: 9 });
  });

  it('leaves no listener on a long-lived signal after 100 000 pushes and pops', async () => {
    const queue = new AsyncQueue<number>({ capacity: 1 });
    const lifetime = new AbortController();
    const options = { signal: lifetime.signal };
    const consumer = (async () => {
      let sum = 0;
      for (let i = 0; i < 100_000; i++) sum += await queue.pop(options);
      return sum;
    })();
    for (let i = 0; i < 100_000; i++) await queue.push(1, options);
    expect(await consumer).toBe(100_000);
    expect(abortListeners(lifetime.signal)).toBe(0);
  });

  it('validates capacity', () => {
    expect(() => new AsyncQueue({ capacity: -1 })).toThrow(
      'Expected `capacity` to be an integer >= 0 or Infinity, got `-1` (number)',
    );
    expect(new AsyncQueue().capacity).toBe(Infinity);
  });
});
