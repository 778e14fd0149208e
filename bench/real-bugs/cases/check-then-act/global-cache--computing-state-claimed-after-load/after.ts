// Case: vitalets/global-cache, fix commit 6c9a10d09157ee68f1a610f03ea025788541e6d9 ("fix race condition when
// computing values (#6)"; https://github.com/vitalets/global-cache/issues/6).
// The fixed code, rewritten in our own code: the store claims the key for computing in one synchronous step (a
// has-then-set with no await between), and a worker that loses the claim waits for the winner's value.
export interface Entry {
  key: string;
  state: 'computing' | 'computed' | 'failed';
  value?: unknown;
}

export interface EntryStore {
  load(key: string): Promise<Entry | undefined>;
  save(entry: Entry): Promise<void>;
  claim(entry: Entry): boolean;
  waitFor(key: string): Promise<Entry>;
}

export type Answer = { kind: 'hit'; entry: Entry } | { kind: 'miss' } | { kind: 'error'; message: string };

export class MemoryEntryStore implements EntryStore {
  private entries = new Map<string, Entry>();
  private waiting = new Map<string, Array<(entry: Entry) => void>>();

  async load(key: string) {
    return this.entries.get(key);
  }

  async save(entry: Entry) {
    this.entries.set(entry.key, entry);
    if (entry.state !== 'computing') {
      for (const wake of this.waiting.get(entry.key) ?? []) wake(entry);
      this.waiting.delete(entry.key);
    }
  }

  claim(entry: Entry): boolean {
    if (this.entries.has(entry.key)) return false;
    this.entries.set(entry.key, entry);
    return true;
  }

  waitFor(key: string) {
    const existing = this.entries.get(key);
    if (existing && existing.state !== 'computing') return Promise.resolve(existing);
    return new Promise<Entry>((resolve) => {
      const list = this.waiting.get(key) ?? [];
      list.push(resolve);
      this.waiting.set(key, list);
    });
  }
}

export class Lookup {
  constructor(private store: EntryStore) {}

  async get(key: string): Promise<Answer> {
    const entry = await this.store.load(key);
    if (entry?.state === 'computing') {
      const settled = await this.store.waitFor(key);
      return settled.state === 'computed' ? { kind: 'hit', entry: settled } : { kind: 'error', message: 'failed' };
    }
    if (entry?.state === 'computed') {
      return { kind: 'hit', entry };
    }
    return this.startComputing(key);
  }

  private async startComputing(key: string): Promise<Answer> {
    if (!this.store.claim({ key, state: 'computing' })) {
      const settled = await this.store.waitFor(key);
      return settled.state === 'computed' ? { kind: 'hit', entry: settled } : { kind: 'error', message: 'failed' };
    }
    return { kind: 'miss' };
  }
}
