import { describe, expect, it } from 'vitest';
import { criticalPath, operationKind, type DrawnSpan } from '../src/report/waterfall.js';

const span = (site: number, startMs: number, endMs: number): DrawnSpan => ({ site, startMs, endMs });

describe('criticalPath', () => {
  it('follows a chain of waits back from the one that ended last, with the calls that hold them', () => {
    const loop = span(1, 0, 100);
    const calls = [span(2, 0, 30), span(2, 30, 60), span(2, 60, 100)];
    const timers = [span(3, 1, 29), span(3, 31, 59), span(3, 61, 99)];
    const path = criticalPath([loop, ...calls, ...timers]);
    expect([...path].sort((a, b) => a.site - b.site || a.startMs - b.startMs)).toEqual([
      loop,
      ...calls,
      ...timers,
    ]);
  });

  it('marks only the wait that ended last when the others ran beside it', () => {
    const fanOut = [span(1, 0, 20), span(1, 0, 35), span(1, 0, 25)];
    expect([...criticalPath(fanOut)]).toEqual([fanOut[1]]);
  });

  it('is empty without spans and handles 10^4 of them', () => {
    expect(criticalPath([]).size).toBe(0);
    const many = Array.from({ length: 10_000 }, (_, index) => span(1, index, index + 1));
    expect(criticalPath(many).size).toBe(10_000);
  });
});

describe('operationKind', () => {
  it('groups requests that differ only by ids', () => {
    expect(operationKind('GET /users/42')).toBe('GET /users/:id');
    expect(operationKind('GET /users/42/orders/7')).toBe('GET /users/:id/orders/:id');
    expect(operationKind('POST /files/3f2a9c1d0b')).toBe('POST /files/:id');
    expect(operationKind('GET /health')).toBe('GET /health');
    expect(operationKind('import orders')).toBe('import orders');
  });
});
