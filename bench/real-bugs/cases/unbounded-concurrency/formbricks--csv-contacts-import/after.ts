// Case: formbricks/formbricks, fix commit f73f13f16c068ab51a762c0b2dc63c7b26a7cc53 ("fix Prisma connection pool
// saturation from unbounded Promise.all fan-outs", PR https://github.com/formbricks/formbricks/pull/7404). Fixed: rows
// are imported in chunks of fifty, one chunk after another.
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

const CHUNK_SIZE = 50;

export async function importContacts(
  store: ContactStore,
  environmentId: string,
  rows: readonly CsvRow[],
): Promise<{ contacts: Contact[] }> {
  const results: (Contact | null)[] = [];
  for (let start = 0; start < rows.length; start += CHUNK_SIZE) {
    const chunk = rows.slice(start, start + CHUNK_SIZE);
    results.push(...(await Promise.all(chunk.map((row) => importRow(store, environmentId, row)))));
  }
  return { contacts: results.filter((contact): contact is Contact => contact !== null) };
}
