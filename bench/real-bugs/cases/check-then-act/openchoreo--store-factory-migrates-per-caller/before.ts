// Case: openchoreo/backstage-plugins, fix commit 925f33d71c07f9260f3633c34d1f3397240a1157 ("fix: resolve
// AnnotationStore startup race condition causing duplicate migrations"; https://github.com/openchoreo/backstage-plugins/pull/233).
// The code just before the fix, rewritten in our own code: the service factory keeps the store in a module variable
// and sets it only after importing the database layer, opening a client and running the migrations, so every plugin
// that asks for the store during start-up runs its own migration.
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

let store: NoteStore | undefined;

export const noteStoreFactory = {
  id: 'note-store',
  async factory({ config }: { config: Record<string, unknown> }): Promise<NoteStore> {
    if (store) {
      return store;
    }
    const { DatabaseManager } = await import('./database-manager.js');
    const client = await DatabaseManager.fromConfig(config).forPlugin('catalog').getClient();
    await migrate(client);
    store = new DatabaseNoteStore(client);
    return store;
  },
};
