// Helper module of the case (see before.js): the account table behind a synchronous SQLite driver.
import Database from 'better-sqlite3';

export const db = new Database(':memory:');

export const accountStore = {
  anyAccount: () => {
    const row = db.prepare('SELECT COUNT(*) AS total FROM accounts').get();
    return row.total > 0;
  },

  insertAccount: (login, secretHash) => {
    const statement = db.prepare('INSERT INTO accounts (login, secret_hash) VALUES (?, ?)');
    const outcome = statement.run(login, secretHash);
    return { id: outcome.lastInsertRowid, login };
  },

  touchSignIn: (id) => {
    db.prepare('UPDATE accounts SET signed_in_at = CURRENT_TIMESTAMP WHERE id = ?').run(id);
  },
};
