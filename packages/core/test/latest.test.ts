import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAbortError } from '../src/errors.js';
import { latest } from '../src/latest.js';
import { deferred, flush, track } from '../../../test/support/async.js';

describe('latest', () => {
  it('aborts the previous call when a new one starts', async () => {
    const signals: AbortSignal[] = [];
    const search = latest((signal: AbortSignal, query: string) => {
      signals.push(signal);
      return new Promise<string>(() => undefined).then(() => query);
    });
    const first = track(search('a'));
    track(search('ab'));
    await flush();
    expect(signals[0]?.aborted).toBe(true);
    expect(signals[1]?.aborted).toBe(false);
    expect(isAbortError(first.error)).toBe(true);
    expect((first.error as Error).message).toMatch(/Superseded by a newer call/);
  });

  it('never delivers a superseded result, even when fn ignores the signal (stale-response)', async () => {
    const responses = new Map<string, ReturnType<typeof deferred<string>>>();
    const search = latest(async (_signal: AbortSignal, query: string) => {
      const response = deferred<string>();
      responses.set(query, response);
      return response.promise;
    });
    const older = track(search('ab'));
    const newer = track(search('abc'));
    await flush();
    responses.get('abc')?.resolve('results for abc');
    responses.get('ab')?.resolve('results for ab'); // the slow, stale answer lands last
    await flush();
    expect(newer).toMatchObject({ state: 'fulfilled', value: 'results for abc' });
    expect(older.state).toBe('rejected');
    expect(isAbortError(older.error)).toBe(true);
  });

  it('passes the arguments through and resolves the only call', async () => {
    const add = latest(async (_signal: AbortSignal, a: number, b: number) => a + b);
    await expect(add(2, 3)).resolves.toBe(5);
  });

  it("passes the latest call's own failure through", async () => {
    const fail = latest(async () => {
      throw new Error('boom');
    });
    await expect(fail()).rejects.toThrow('boom');
  });

  it('reports a synchronous throw as a rejection', async () => {
    const fail = latest(() => {
      throw new Error('sync');
    });
    await expect(fail()).rejects.toThrow('sync');
  });

  it('abort() rejects the call in flight and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const run = latest((signal: AbortSignal) => {
      seen = signal;
      return new Promise<void>(() => undefined);
    });
    const call = track(run());
    run.abort(new Error('unmounted'));
    await flush();
    expect(seen?.aborted).toBe(true);
    expect((call.error as Error).message).toBe('unmounted');
  });

  it('property: whatever order calls start and settle in, only the last call can resolve', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        async (calls, order, failures) => {
          const pending: { resolve: (v: number) => void; reject: (e: unknown) => void }[] = [];
          const run = latest(
            (_signal: AbortSignal, n: number) =>
              new Promise<number>((resolve, reject) => {
                pending[n] = { resolve, reject };
              }),
          );
          const outcomes = Array.from({ length: calls }, (_, n) => track(run(n)));
          const left = Array.from({ length: calls }, (_, n) => n);
          for (const pick of order) {
            if (left.length === 0) break;
            const [n] = left.splice(pick % left.length, 1);
            if (failures[n!] === true) pending[n!]!.reject(new Error(`fail ${n}`));
            else pending[n!]!.resolve(n!);
            await flush(3);
          }
          for (const n of left) {
            if (failures[n] === true) pending[n]!.reject(new Error(`fail ${n}`));
            else pending[n]!.resolve(n);
          }
          await flush();
          outcomes.forEach((outcome, n) => {
            if (n < calls - 1) {
              expect(outcome.state).toBe('rejected');
              expect(isAbortError(outcome.error)).toBe(true);
            } else if (failures[n] === true) {
              expect(outcome.error).toEqual(new Error(`fail ${n}`));
            } else {
              expect(outcome).toMatchObject({ state: 'fulfilled', value: n });
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
