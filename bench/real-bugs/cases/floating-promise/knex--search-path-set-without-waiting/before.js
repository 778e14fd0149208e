// Case: knex/knex, fix commit 3435b4602c8f40745ac39941daa7ee693e708392 ("Wait for search path to be set before
// continuing (#5107)"; https://github.com/knex/knex/pull/5107).
// The code just before the fix, rewritten in our own code: when the pool opens a Postgres connection it starts
// setting the schema search path and hands the connection out without waiting, so the first query can run against
// the wrong schema and a failure of the SET is unhandled.
'use strict';

/** @typedef {{ query(sql: string): Promise<unknown> }} Connection */

class PostgresClient {
  /** @param {{ searchPath?: string[] }} config */
  constructor(config) {
    this.config = config;
  }

  /** @param {Connection} connection */
  async setSearchPath(connection) {
    const path = this.config.searchPath;
    if (!path || path.length === 0) return;
    await connection.query(`set search_path to ${path.map((name) => `"${name}"`).join(',')}`);
  }

  /** @param {() => Promise<Connection>} open */
  acquireRawConnection(open) {
    const client = this;
    return open().then(function withSearchPath(connection) {
      client.setSearchPath(connection);
      return connection;
    });
  }
}

module.exports = { PostgresClient };
