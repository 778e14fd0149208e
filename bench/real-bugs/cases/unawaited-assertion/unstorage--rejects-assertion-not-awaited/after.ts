// Case: unjs/unstorage, fix commit 77309233adcc1812299899a3c8abf1fb8cb2999d ("test: add missing await";
// https://github.com/unjs/unstorage/commit/77309233adcc1812299899a3c8abf1fb8cb2999d).
// The fixed code, rewritten in our own code: the shared driver test checks that storing a class instance is refused
// with expect(...).rejects.toThrow but does not await the assertion, so the test ends first and can never fail.
import { describe, expect, it } from 'vitest';

interface Storage {
  setItem(key: string, value: unknown): Promise<void>;
  getItem(key: string): Promise<unknown>;
}

export function describeDriver(name: string, makeStorage: () => Storage) {
  describe(name, () => {
    const storage = makeStorage();

    it('stores a serializable object', async () => {
      await storage.setItem('/data/object.json', { ok: true });
      expect(await storage.getItem('/data/object.json')).toEqual({ ok: true });
    });

    it('refuses a value it cannot serialize', async () => {
      class Opaque {}
      await expect(storage.setItem('/data/opaque.json', new Opaque())).rejects.toThrow('Cannot stringify value');
    });
  });
}
