// Case: knex/knex, fix commit a54857ec3c5fe7a67a7253bd2aa16f735a149abe ("Avoid inserting multiple locks if a lock
// already exists (#4694)"; https://github.com/knex/knex/pull/4694).
// The fixed code, rewritten in our own code: preparing the migration tables reads the lock table and, when it is
// empty, inserts the single lock row in a later step of the promise chain, so two processes migrating at once both
// find it empty and both insert a lock row.
'use strict';

/**
 * @typedef {{ query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>> }} Sql
 */

/**
 * @param {Sql} db
 * @param {string} lockTable
 */
function ensureLockRow(db, lockTable) {
  return db
    .query(`create table if not exists ${lockTable} (id serial primary key, is_locked integer)`)
    .then(() => db.query(`select * from ${lockTable}`))
    .then((rows) => {
      // the insert checks for an existing row itself, so a concurrent run cannot add a second one
      return (
        !rows.length &&
        db.query(
          `insert into ${lockTable} (is_locked) select 0 where not exists (select * from ${lockTable})`,
        )
      );
    });
}

module.exports = { ensureLockRow };
