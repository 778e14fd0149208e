import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// The same key on the same store, whatever runs the statement: SQL text through a helper, query builders, the file
// system. Shapes from public fixes (duplicate sign-ups, find-or-create, stat-then-mkdir), rewritten in our own code.
const tester = ruleTester('check-then-act', {
  prelude: `declare function query(text: string, params?: unknown[]): Promise<{ rows: { id: string }[] }>;
declare const pool: { query(text: string, params?: unknown[]): Promise<{ rowCount: number; rows: unknown[] }> };
declare function sql(strings: TemplateStringsArray, ...values: unknown[]): Promise<{ id: string }[]>;
declare const knex: (table: string) => {
  where(filter: object): { first(): Promise<{ id: string } | undefined> };
  insert(row: object): Promise<number[]>;
};
declare const users: { email: string };
declare function eq(column: unknown, value: unknown): unknown;
declare const db: {
  select(): { from(table: unknown): { where(condition: unknown): Promise<{ id: string }[]> } };
  insert(table: unknown): { values(row: object): Promise<void> };
};
declare const fsp: { stat(path: string): Promise<{ isDirectory(): boolean }>; mkdir(path: string, options?: { recursive?: boolean }): Promise<void> };
declare function statOrNull(path: string): Promise<{ isDirectory(): boolean } | null>;
`,
});

describe('check-then-act: SQL, query builders and paths', () => {
  it.each([
    [
      'SELECT then INSERT with the same parameter through a plain query() helper',
      `export async function register(email: string) {
  const found = await query('SELECT id FROM users WHERE email = $1', [email]);
  if (found.rows.length > 0) return found.rows[0];
  await /*!*/query('INSERT INTO users (email) VALUES ($1)', [email]);
  return undefined;
}`,
    ],
    [
      'a pool.query count then an insert into the same table',
      `export async function subscribe(listId: string, email: string) {
  const existing = await pool.query('SELECT 1 FROM "subscribers" WHERE list_id = $1 AND email = $2', [listId, email]);
  if (existing.rowCount === 0) {
    await /*!*/pool.query('INSERT INTO "subscribers" (list_id, email) VALUES ($1, $2)', [listId, email]);
  }
}`,
    ],
    [
      'tagged sql templates',
      `export async function claim(code: string) {
  const [row] = await sql\`SELECT id FROM coupons WHERE code = \${code}\`;
  if (row) throw new Error('already claimed');
  await /*!*/sql\`INSERT INTO coupons (code) VALUES (\${code})\`;
}`,
    ],
    [
      'a knex lookup then an insert into the same table',
      `export async function ensureLock(name: string) {
  const row = await knex('migrations_lock').where({ name }).first();
  if (!row) await /*!*/knex('migrations_lock').insert({ name, locked: 0 });
}`,
    ],
    [
      'a drizzle select then insert on the same table and column value',
      `export async function signUp(email: string) {
  const rows = await db.select().from(users).where(eq(users.email, email));
  if (rows.length > 0) return;
  await /*!*/db.insert(users).values({ email });
}`,
    ],
    [
      'stat through a helper, an early return, then mkdir of the same path',
      `export async function ensureFolder(folder: string) {
  const info = await statOrNull(folder);
  if (info && info.isDirectory()) return;
  await /*!*/fsp.mkdir(folder);
}`,
    ],
    [
      'mkdir in the catch of a failed stat',
      `export async function ensureFolder(folder: string) {
  try {
    await fsp.stat(folder);
  } catch {
    await /*!*/fsp.mkdir(folder);
  }
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectInvalid({ code, messageId: 'keyRace' });
  });

  it.each([
    [
      'INSERT … ON CONFLICT DO NOTHING (the fix)',
      `export async function register(email: string) {
  const found = await query('SELECT id FROM users WHERE email = $1', [email]);
  if (found.rows.length > 0) return found.rows[0];
  await query('INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING', [email]);
  return undefined;
}`,
    ],
    [
      'an insert into another table',
      `export async function audit(email: string) {
  const found = await query('SELECT id FROM users WHERE email = $1', [email]);
  if (found.rows.length === 0) await query('INSERT INTO audit_log (email) VALUES ($1)', [email]);
}`,
    ],
    [
      'an insert with other parameters',
      `export async function invite(email: string, inviter: string) {
  const found = await query('SELECT id FROM users WHERE email = $1', [email]);
  if (found.rows.length === 0) await query('INSERT INTO users (invited_by) VALUES ($1)', [inviter]);
}`,
    ],
    [
      'a SELECT … FOR UPDATE (a row lock)',
      `export async function reserve(seat: string) {
  const found = await query('SELECT id FROM seats WHERE code = $1 FOR UPDATE', [seat]);
  if (found.rows.length === 0) await query('INSERT INTO seats (code) VALUES ($1)', [seat]);
}`,
    ],
    [
      'mkdir with recursive: true',
      `export async function ensureFolder(folder: string) {
  const info = await statOrNull(folder);
  if (info) return;
  await fsp.mkdir(folder, { recursive: true });
}`,
    ],
    [
      'mkdir whose EEXIST is handled',
      `function ignoreExisting(error: unknown) {
  if ((error as { code?: string }).code !== 'E' + 'EXIST') throw error;
}
export async function ensureFolder(folder: string) {
  const info = await statOrNull(folder);
  if (info) return;
  await fsp.mkdir(folder).catch(ignoreExisting);
}`,
    ],
    [
      'mkdir of another path',
      `export async function ensureParent(folder: string, parent: string) {
  const info = await statOrNull(folder);
  if (info) return;
  await fsp.mkdir(parent);
}`,
    ],
  ])('%s', (_name, code) => {
    tester.expectValid(code);
  });
});
