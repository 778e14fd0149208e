import { AsyncLocalStorage } from 'node:async_hooks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limit } from '../src/index.js';

const storage = new AsyncLocalStorage<string>();

async function seenBy(preserveContext: boolean): Promise<(string | undefined)[]> {
  const limiter = limit(1, { preserveContext });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const seen: Promise<string | undefined>[] = [];
  storage.run('request-1', () => {
    seen.push(limiter(() => gate.then(() => storage.getStore())));
  });
  storage.run('request-2', () => {
    seen.push(limiter(() => storage.getStore()));
  });
  storage.run('request-3', () => {
    seen.push(limiter(async () => storage.getStore()));
  });
  release();
  return Promise.all(seen);
}

/** A promise with its resolve exposed. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('limit({ preserveContext })', () => {
  it('runs each queued task in the AsyncLocalStorage context of the code that queued it', async () => {
    expect(await seenBy(true)).toEqual(['request-1', 'request-2', 'request-3']);
  });

  it('without it, a queued task runs in the context of the task that freed its slot (why the option exists)', async () => {
    const seen = await seenBy(false);
    expect(seen[0]).toBe('request-1');
    expect(seen.slice(1)).not.toEqual(['request-2', 'request-3']);
  });

  it('keeps the context for run() tasks too', async () => {
    const limiter = limit(1, { preserveContext: true });
    let release: () => void = () => undefined;
    void limiter(() => new Promise<void>((resolve) => (release = resolve)));
    const seen = storage.run('queued-run', () => limiter.run(() => storage.getStore()));
    release();
    expect(await seen).toBe('queued-run');
  });

  it('every task sees its own caller context, at its start and after its awaits, whichever task freed its slot', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 24 }),
        async (s, concurrency, callers) => {
          const limiter = limit(concurrency, { preserveContext: true });
          const wrong: string[] = [];
          let queued = 0;
          const results = Array.from({ length: callers }, (_, id) =>
            storage.run(`caller-${id}`, () => {
              if (limiter.active === concurrency) queued++;
              const task = async (label: string): Promise<string | undefined> => {
                if (storage.getStore() !== label) wrong.push(`${label} started in ${storage.getStore()}`);
                // Each task finishes at a moment the scheduler picks, which starts some other caller's task.
                await s.schedule(Promise.resolve(`work ${label}`));
                if (storage.getStore() !== label) wrong.push(`${label} resumed in ${storage.getStore()}`);
                return storage.getStore();
              };
              return id % 3 === 2 ? limiter.run(() => task(`caller-${id}`)) : limiter(task, `caller-${id}`);
            }),
          );
          await s.waitFor(Promise.all(results));
          expect(wrong).toEqual([]);
          expect(await Promise.all(results)).toEqual(results.map((_, id) => `caller-${id}`));
          expect(queued).toBe(Math.max(0, callers - concurrency));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the stores of every AsyncLocalStorage, with arguments, sync results and sync throws', async () => {
    const tenant = new AsyncLocalStorage<{ tenant: string }>();
    const limiter = limit(1, { preserveContext: true });
    const blocker = gate();
    const first = limiter(() => blocker.promise);
    const read = (suffix: string): string => `${storage.getStore()}/${tenant.getStore()?.tenant}${suffix}`;
    const withArgs = tenant.run({ tenant: 't1' }, () =>
      storage.run('r1', () => limiter((a: string, b: string) => read(a + b), '-a', '-b')),
    );
    const throwing = tenant.run({ tenant: 't2' }, () =>
      storage.run('r2', () =>
        limiter(() => {
          throw new Error(read(''));
        }),
      ),
    );
    const none = limiter(() => read(''));
    blocker.open();
    await first;
    expect(await withArgs).toBe('r1/t1-a-b');
    await expect(throwing).rejects.toThrow('r2/t2');
    expect(await none).toBe('undefined/undefined');
  });

  it('captures the context when the task is queued, not later changes made in the same async resource', async () => {
    const limiter = limit(1, { preserveContext: true });
    const blocker = gate();
    void limiter(() => blocker.promise);
    // run() and enterWith() change the current resource in place on Node 20: the capture must be a copy.
    const seen = storage.run('at-queue-time', () => {
      const result = limiter(() => storage.getStore());
      storage.enterWith('changed-after');
      return result;
    });
    blocker.open();
    expect(await seen).toBe('at-queue-time');
  });

  it('a task that starts at once runs in its caller context (nothing to capture)', async () => {
    const limiter = limit(2, { preserveContext: true });
    const seen = await Promise.all([
      storage.run('a', () => limiter(() => storage.getStore())),
      storage.run('b', () => limiter(async () => storage.getStore())),
    ]);
    expect(seen).toEqual(['a', 'b']);
  });
});
