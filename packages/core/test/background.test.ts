import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { background } from '../src/background.js';
import { deferred, flush } from '../../../test/support/async.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('background', () => {
  it('sends a rejection to onError', async () => {
    const onError = vi.fn();
    const failure = new Error('mail server down');
    background(() => Promise.reject(failure), { onError });
    await flush();
    expect(onError).toHaveBeenCalledWith(failure);
  });

  it('sends a synchronous throw to onError', async () => {
    const onError = vi.fn();
    background(
      () => {
        throw new Error('sync');
      },
      { onError },
    );
    await flush();
    expect(onError.mock.calls[0]?.[0]).toEqual(new Error('sync'));
  });

  it('accepts a promise that is already running', async () => {
    const onError = vi.fn();
    const work = deferred();
    background(work.promise, { onError });
    work.reject(new Error('later'));
    await flush();
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('does not call onError on success', async () => {
    const onError = vi.fn();
    background(async () => 'fine', { onError });
    await flush();
    expect(onError).not.toHaveBeenCalled();
  });

  it('reports with console.error by default, never as an unhandled rejection', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failure = new Error('nobody listens');
    background(() => Promise.reject(failure), { label: 'warm cache' });
    await flush();
    expect(log).toHaveBeenCalledWith('[awaitwise] background task "warm cache" failed:', failure);
  });

  it('reports an onError that throws or rejects instead of letting it escape', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    background(() => Promise.reject(new Error('a')), {
      onError: () => {
        throw new Error('handler threw');
      },
    });
    background(() => Promise.reject(new Error('b')), {
      onError: async () => {
        throw new Error('handler rejected');
      },
    });
    await flush();
    const reported = log.mock.calls.map((call) => (call[1] as Error).message);
    expect(reported).toEqual(expect.arrayContaining(['handler threw', 'handler rejected']));
  });

  it('returns nothing, so there is no promise left to float', () => {
    expectTypeOf(background).returns.toBeVoid();
  });

  it('validates its arguments', () => {
    expect(() => {
      background(42 as unknown as Promise<void>);
    }).toThrow('Expected `task` to be a function or a promise, got `42` (number)');
    expect(() => {
      background(async () => 1, { onError: 'log' as unknown as () => void });
    }).toThrow('Expected `onError` to be a function, got `"log"` (string)');
  });
});
