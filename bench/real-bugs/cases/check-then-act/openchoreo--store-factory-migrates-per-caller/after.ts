// Case: openchoreo/backstage-plugins, fix commit 925f33d71c07f9260f3633c34d1f3397240a1157 ("fix: resolve
// AnnotationStore startup race condition causing duplicate migrations"; https://github.com/openchoreo/backstage-plugins/pull/233).
// The fixed code, rewritten in our own code: the module keeps the promise of the store, stored before anything is
// awaited, so every plugin that asks during start-up awaits the same migration.
import type { Client } from './database-manager.js';

export interface NoteStore {
  read(entityRef: string): Promise<Record<string, string>>;
}

class DatabaseNoteStore implements NoteStore {
  constructor(private readonly client: Client) {}

  async read(entityRef: string): Promise<Record<string, string>> {
    await this.client.run(`select notes of ${entityRef}`);
    return {};
  }
}

async function migrate(client: Client): Promise<void> {
  await client.run('create table entity_notes');
}

let storePromise: Promise<NoteStore> | undefined;

export const noteStoreFactory = {
  id: 'note-store',
  async factory({ config }: { config: Record<string, unknown> }): Promise<NoteStore> {
    if (!storePromise) {
      storePromise = (async () => {
        const { DatabaseManager } = await import('./database-manager.js');
        const client = await DatabaseManager.fromConfig(config).forPlugin('catalog').getClient();
        await migrate(client);
        return new DatabaseNoteStore(client);
      })();
    }
    return storePromise;
  },
};
