import { describe, expect, it } from 'vitest';
import { describeValue } from '../src/internal/validate.js';

// The one format every awaitwise package uses in its TypeErrors (core, redis, doctor and analyzer import it from
// `@awaitwise/core/internal/validate`): the value, then its type.
describe('describeValue', () => {
  it.each<[unknown, string]>([
    [0, '`0` (number)'],
    [Number.NaN, '`NaN` (number)'],
    [10n, '`10` (bigint)'],
    [true, '`true` (boolean)'],
    ['yes', '`"yes"` (string)'],
    ['', '`""` (string)'],
    [undefined, '`undefined` (undefined)'],
    [null, '`null` (null)'],
    [Symbol('s'), '`Symbol(s)` (symbol)'],
    [[1, 'a'], '`[1,"a"]` (array)'],
    [{ concurrency: 0 }, '`{"concurrency":0}` (object)'],
    [Object.create(null) as object, '`{}` (object)'],
    [() => 1, '`[function]` (function)'],
    [new Map(), '`[object Map]` (object)'],
    [
      new (class Pool {
        size = 1;
      })(),
      '`[object Pool]` (object)',
    ],
    [Promise.resolve(1), '`[object Promise]` (object)'],
  ])('%o → %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });

  it('shows an object it cannot serialize by its class', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(describeValue(cyclic)).toBe('`[object Object]` (object)');
    expect(describeValue({ n: 1n })).toBe('`[object Object]` (object)');
  });

  it('cuts a long value at 60 characters', () => {
    const shown = describeValue('x'.repeat(100));
    expect(shown).toBe(`\`"${'x'.repeat(58)}…\` (string)`);
  });
});
