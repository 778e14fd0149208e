import { AsyncLocalStorage } from 'node:async_hooks';
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
});
