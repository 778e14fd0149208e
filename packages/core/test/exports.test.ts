import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

describe('public exports', () => {
  it('exports every time, cancellation, event, queue, caching and loop primitive from the package root', () => {
    for (const name of [
      'sleep',
      'timeout',
      'anySignal',
      'latest',
      'retry',
      'background',
      'all',
      'settle',
      'waitFor',
      'on',
      'AsyncQueue',
      'Channel',
      'lazy',
      'singleflight',
      'memoAsync',
      'cooperative',
      'yieldToEventLoop',
      'promiseState',
    ]) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(core.Channel).toBe(core.AsyncQueue);
  });

  it('keeps the framework adapters out of the root entry point (no React or Express import for core users)', () => {
    expect('asyncHandler' in core).toBe(false);
    expect('useLatest' in core).toBe(false);
  });

  it('resolves the ./express and ./react subpaths through the package exports (built dist)', async () => {
    const express = await import('@awaitwise/core/express');
    const react = await import('@awaitwise/core/react');
    expect(typeof express.asyncHandler).toBe('function');
    expect(typeof express.wrapRouter).toBe('function');
    expect(typeof react.useAbortableEffect).toBe('function');
    expect(typeof react.useLatest).toBe('function');
  });
});
