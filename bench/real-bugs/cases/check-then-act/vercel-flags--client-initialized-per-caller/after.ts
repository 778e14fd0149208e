// Case: vercel/flags, fix commit 7d7719a255562cb681d2d2d2297e90001689266b ("[@vercel/flags-core] deduplicate
// concurrent initialize() calls (#274)"; https://github.com/vercel/flags/pull/274).
// The fixed code, rewritten in our own code: a flags client records in a registry entry whether it has been
// initialized, but sets the mark only after awaiting the data source's start-up, so concurrent first evaluations
// each start the data source again.
interface DataSource {
  start(): Promise<void>;
  read(key: string): unknown;
}

interface ClientEntry {
  source: DataSource;
  initialized: boolean;
  starting: Promise<void> | null;
}

const clients = new Map<number, ClientEntry>();
let nextId = 0;

async function startOnce(entry: ClientEntry): Promise<void> {
  try {
    await entry.source.start();
    entry.initialized = true;
  } catch (error) {
    // a failed start may be tried again by the next caller
    entry.starting = null;
    throw error;
  }
}

export function createFlagsClient(source: DataSource) {
  const id = nextId++;
  clients.set(id, { source, initialized: false, starting: null });

  const initialize = async (): Promise<void> => {
    let entry = clients.get(id);
    if (!entry) {
      entry = { source, initialized: false, starting: null };
      clients.set(id, entry);
    }
    if (entry.initialized) return;
    if (!entry.starting) {
      entry.starting = startOnce(entry);
    }
    await entry.starting;
  };

  return {
    initialize,
    async evaluate(key: string): Promise<unknown> {
      await initialize();
      return source.read(key);
    },
  };
}
