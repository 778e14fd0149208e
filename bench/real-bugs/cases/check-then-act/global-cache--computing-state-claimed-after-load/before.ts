// Case: vitalets/global-cache, fix commit 6c9a10d09157ee68f1a610f03ea025788541e6d9 ("fix race condition when
// computing values (#6)"; https://github.com/vitalets/global-cache/issues/6).
// The code just before the fix, rewritten in our own code: a cache server answers a worker's get by loading the
// key's entry from a store behind an interface; when there is none it saves a 'computing' entry and tells the worker
// to compute. Load and save are both awaited, so workers asking together all find no entry, all get a miss and all
// compute; the later ones then fail when they try to publish the value.
export interface Entry {
  key: string;
  state: 'computing' | 'computed' | 'failed';
  value?: unknown;
}

export interface EntryStore {
  load(key: string): Promise<Entry | undefined>;
  save(entry: Entry): Promise<void>;
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

  waitFor(key: string) {
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
    await this.store.save({ key, state: 'computing' });
    return { kind: 'miss' };
  }
}
