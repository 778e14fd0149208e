// Case: openchoreo/backstage-plugins, fix commit 60f2c5f2360fba71b71090ba3391de6a091dd396 ("fix: prevent SQLite table
// creation race condition in AnnotationStore"; https://github.com/openchoreo/backstage-plugins/pull/224).
// The code just before the fix, rewritten in our own code: the store's migration asks whether its table exists and,
// when it does not, creates it. Several plugins build the store at once during start-up; each finds the table missing,
// and the second createTable fails with "table already exists", which crashed the container on its first start.
import type { Database } from 'sql-builder';

const NOTES_TABLE = 'entity_notes';

export async function migrateNotes(db: Database): Promise<void> {
  const present = await db.schema.hasTable(NOTES_TABLE);
  if (!present) {
    await db.schema.createTable(NOTES_TABLE, (table) => {
      table.string('entity_ref', 255).notNullable();
      table.string('note_key', 255).notNullable();
      table.text('note_value').notNullable();
      table.timestamp('updated_at').defaultTo(db.fn.now());
      table.primary(['entity_ref', 'note_key']);
    });
  }
}
