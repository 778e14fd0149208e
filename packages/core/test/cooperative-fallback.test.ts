import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

// Browsers have no setImmediate: the module picks its fallback when it loads, so load it afresh without one.
describe('yieldToEventLoop fallbacks', () => {
  it('uses a MessageChannel message when setImmediate is missing (a macrotask, after pending microtasks)', async () => {
    const RealChannel = MessageChannel;
    const created = vi.fn();
    vi.stubGlobal('setImmediate', undefined);
    vi.stubGlobal(
      'MessageChannel',
      class extends RealChannel {
        constructor() {
          super();
          created();
        }
      },
    );
    const { yieldToEventLoop } = await import('../src/cooperative.js');
    let microtasks = 0;
    const chain = async (): Promise<void> => {
      for (let i = 0; i < 100; i++) {
        await Promise.resolve();
        microtasks++;
      }
    };
    const running = chain();
    await yieldToEventLoop();
    expect(microtasks).toBe(100); // a macrotask runs only after the microtask queue is empty
    await yieldToEventLoop();
    expect(created).toHaveBeenCalledTimes(1); // one channel, reused
    await running;
  });

  it('falls back to setTimeout(0) when neither exists', async () => {
    vi.stubGlobal('setImmediate', undefined);
    vi.stubGlobal('MessageChannel', undefined);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const { yieldToEventLoop } = await import('../src/cooperative.js');
    await yieldToEventLoop();
    expect(timers).toHaveBeenCalledWith(expect.any(Function), 0);
  });
});
