// Case: vercel/flags, fix commit 7d7719a255562cb681d2d2d2297e90001689266b ("[@vercel/flags-core] deduplicate
// concurrent initialize() calls (#274)"; https://github.com/vercel/flags/pull/274).
// The code just before the fix, rewritten in our own code: a flags client records in a registry entry whether it has
// been initialized, but sets the mark only after awaiting the data source's start-up, so concurrent first
// evaluations each start the data source again.
interface DataSource {
  start(): Promise<void>;
  read(key: string): unknown;
}

interface ClientEntry {
  source: DataSource;
  initialized: boolean;
}

const clients = new Map<number, ClientEntry>();
let nextId = 0;

export function createFlagsClient(source: DataSource) {
  const id = nextId++;
  clients.set(id, { source, initialized: false });

  const initialize = async (): Promise<void> => {
    let entry = clients.get(id);
    if (!entry) {
      entry = { source, initialized: false };
      clients.set(id, entry);
    }
    if (entry.initialized) return;
    await entry.source.start();
    entry.initialized = true;
  };

  return {
    initialize,
    async evaluate(key: string): Promise<unknown> {
      await initialize();
      return source.read(key);
    },
  };
}
