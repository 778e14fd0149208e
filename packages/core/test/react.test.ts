// @vitest-environment happy-dom
import { act, render, renderHook } from '@testing-library/react';
import { Component, createElement, StrictMode, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../src/errors.js';
import { useAbortableEffect, useLatest } from '../src/react.js';
import { deferred, flush, track } from '../../../test/support/async.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('useAbortableEffect', () => {
  it('aborts the signal when the dependencies change and when the component unmounts', () => {
    const signals: AbortSignal[] = [];
    const { rerender, unmount } = renderHook(
      ({ query }: { query: string }) => {
        useAbortableEffect(
          (signal) => {
            signals.push(signal);
            return undefined;
          },
          [query],
        );
      },
      { initialProps: { query: 'a' } },
    );
    expect(signals).toHaveLength(1);
    rerender({ query: 'a' });
    expect(signals).toHaveLength(1); // same deps: no re-run
    rerender({ query: 'ab' });
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    unmount();
    expect(signals[1]?.aborted).toBe(true);
  });

  it('keeps a stale response from overwriting a newer one (stale-response)', async () => {
    const responses = new Map<string, ReturnType<typeof deferred<string>>>();
    const { result, rerender } = renderHook(
      ({ query }: { query: string }) => {
        const [shown, setShown] = useState('');
        useAbortableEffect(
          async (signal) => {
            const response = deferred<string>();
            responses.set(query, response);
            const text = await response.promise;
            if (!signal.aborted) setShown(text);
          },
          [query],
        );
        return shown;
      },
      { initialProps: { query: 'ab' } },
    );
    rerender({ query: 'abc' });
    await act(async () => {
      responses.get('abc')?.resolve('results for abc');
      await flush();
      responses.get('ab')?.resolve('results for ab');
      await flush();
    });
    expect(result.current).toBe('results for abc');
  });

  it('runs a returned clean-up function after aborting', () => {
    const order: string[] = [];
    const { unmount } = renderHook(() => {
      useAbortableEffect((signal) => {
        signal.addEventListener('abort', () => order.push('abort'));
        return () => order.push('cleanup');
      }, []);
    });
    unmount();
    expect(order).toEqual(['abort', 'cleanup']);
  });

  it('ignores an abort rejection after clean-up, and sends any other failure to the error boundary', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const caught: unknown[] = [];
    class Boundary extends Component<{ children: ReactNode }, { failed: boolean }> {
      override state = { failed: false };
      static getDerivedStateFromError(): { failed: boolean } {
        return { failed: true };
      }
      override componentDidCatch(error: unknown): void {
        caught.push(error);
      }
      override render(): ReactNode {
        return this.state.failed ? 'failed' : this.props.children;
      }
    }
    const failing = deferred();
    function Widget(): null {
      useAbortableEffect(() => failing.promise, []);
      return null;
    }
    const view = render(createElement(Boundary, null, createElement(Widget)));
    await act(async () => {
      failing.reject(new Error('load failed'));
      await flush();
    });
    expect((caught[0] as Error).message).toBe('load failed');
    expect(view.queryByText('failed')).not.toBeNull();

    const aborted = renderHook(() => {
      useAbortableEffect(
        (signal) =>
          new Promise<void>((_, reject) => {
            signal.addEventListener('abort', () => {
              reject(signal.reason as Error);
            });
          }),
        [],
      );
    });
    aborted.unmount();
    await flush();
    expect(caught).toHaveLength(1);
  });

  it('works under StrictMode (effects run twice in development)', () => {
    const signals: AbortSignal[] = [];
    renderHook(
      () => {
        useAbortableEffect((signal) => {
          signals.push(signal);
          return undefined;
        }, []);
      },
      { wrapper: ({ children }) => createElement(StrictMode, null, children) },
    );
    expect(signals.filter((signal) => !signal.aborted)).toHaveLength(1);
  });
});

describe('useLatest', () => {
  it('returns a stable function whose superseded calls reject with an AbortError', async () => {
    const pending = new Map<string, ReturnType<typeof deferred<string>>>();
    const { result, rerender } = renderHook(() =>
      useLatest((_signal: AbortSignal, query: string) => {
        const response = deferred<string>();
        pending.set(query, response);
        return response.promise;
      }),
    );
    const search = result.current;
    rerender();
    expect(result.current).toBe(search);
    const older = track(search('ab'));
    const newer = track(search('abc'));
    pending.get('abc')?.resolve('abc!');
    pending.get('ab')?.resolve('ab!');
    await flush();
    expect(newer.value).toBe('abc!');
    expect(isAbortError(older.error)).toBe(true);
  });

  it('always calls the fn of the latest render', async () => {
    const { result, rerender } = renderHook(
      ({ suffix }: { suffix: string }) => useLatest(async (_signal: AbortSignal, x: string) => x + suffix),
      {
        initialProps: { suffix: '1' },
      },
    );
    rerender({ suffix: '2' });
    await expect(result.current('a')).resolves.toBe('a2');
  });

  it('aborts the call in flight when the component unmounts', async () => {
    let seen: AbortSignal | undefined;
    const { result, unmount } = renderHook(() =>
      useLatest((signal: AbortSignal) => {
        seen = signal;
        return new Promise<never>(() => undefined);
      }),
    );
    const call = track(result.current());
    unmount();
    await flush();
    expect(seen?.aborted).toBe(true);
    expect(isAbortError(call.error)).toBe(true);
  });
});
