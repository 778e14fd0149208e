// Case: formbricks/formbricks, fix commit f73f13f16c068ab51a762c0b2dc63c7b26a7cc53 ("fix Prisma connection pool
// saturation from unbounded Promise.all fan-outs", PR https://github.com/formbricks/formbricks/pull/7404). Rewritten
// in our own code: importing contacts from an uploaded CSV starts a create-or-update for every row at once; a file of
// ten thousand rows exhausts the database connection pool for the whole application.
export interface CsvRow {
  readonly email: string;
  readonly [column: string]: string;
}

export interface Contact {
  readonly id: string;
  readonly email: string;
}

export interface ContactStore {
  findByEmail(environmentId: string, email: string): Promise<Contact | null>;
  create(environmentId: string, row: CsvRow): Promise<Contact>;
  update(contactId: string, row: CsvRow): Promise<Contact>;
}

async function importRow(store: ContactStore, environmentId: string, row: CsvRow): Promise<Contact | null> {
  if (!row.email) return null;
  const existing = await store.findByEmail(environmentId, row.email);
  return existing ? store.update(existing.id, row) : store.create(environmentId, row);
}

export async function importContacts(
  store: ContactStore,
  environmentId: string,
  rows: readonly CsvRow[],
): Promise<{ contacts: Contact[] }> {
  const pending = rows.map((row) => importRow(store, environmentId, row));
  const results = await Promise.all(pending);
  return { contacts: results.filter((contact): contact is Contact => contact !== null) };
}
