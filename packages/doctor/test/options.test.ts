import { describe, expect, it } from 'vitest';
import { defaultOptions, resolveOptions } from '../src/options.js';

describe('resolveOptions', () => {
  it('applies the defaults', () => {
    expect(resolveOptions(undefined)).toEqual(defaultOptions);
    expect(resolveOptions({ mode: 'full', blockedMs: 0 })).toEqual({
      ...defaultOptions,
      mode: 'full',
      blockedMs: 0,
    });
    expect(defaultOptions.fidelity).toBe('adaptive');
    expect(resolveOptions({ mode: 'full', fidelity: 'full' }).fidelity).toBe('full');
  });

  it('throws a TypeError naming the option, the expectation and the value received', () => {
    expect(() => resolveOptions({ blockedMs: -1 })).toThrow(
      new TypeError('Expected `blockedMs` to be an integer >= 0, got `-1` (number)'),
    );
    expect(() => resolveOptions({ listenerThreshold: '10' })).toThrow(
      new TypeError('Expected `listenerThreshold` to be an integer >= 2, got `"10"` (string)'),
    );
    expect(() => resolveOptions({ mode: 'fast' })).toThrow(
      new TypeError("Expected `mode` to be 'default' or 'full', got `\"fast\"` (string)"),
    );
    expect(() => resolveOptions({ sampleEvery: 100 })).toThrow(
      new TypeError('Expected `sampleEvery` to be a power of 2, got `100` (number)'),
    );
    expect(() => resolveOptions({ inFlightThreshold: 1 })).toThrow(
      new TypeError('Expected `inFlightThreshold` to be an integer >= 2, got `1` (number)'),
    );
    expect(() => resolveOptions({ sequentialMin: 2.5 })).toThrow(
      new TypeError('Expected `sequentialMin` to be an integer >= 2, got `2.5` (number)'),
    );
    expect(() => resolveOptions({ includeDependencies: 'yes' })).toThrow(
      new TypeError('Expected `includeDependencies` to be a boolean, got `"yes"` (string)'),
    );
    expect(() => resolveOptions({ fidelity: 'high' })).toThrow(
      new TypeError("Expected `fidelity` to be 'adaptive' or 'full', got `\"high\"` (string)"),
    );
    expect(() => resolveOptions({ blockMs: 5 })).toThrow(TypeError);
    expect(() => resolveOptions({ blockMs: 5 })).toThrow(/Unknown doctor option `blockMs`/);
    expect(() => resolveOptions(null)).toThrow('Expected doctor options to be an object, got `null` (null)');
  });
});
