// Case: totaljs/node-sqlagent, fix commit ac9b293e71252bf1e2dfcb4f5900b38ba217941c (":bug: PG pool error listeners
// causing MaxListenersExceededWarning", https://github.com/totaljs/node-sqlagent/pull/41). Rewritten in our own code:
// the fixed form adds the pool's 'error' listener once, where the cached pool is created.
'use strict';
const pg = require('pg');

const pools = {};

function poolFor(options) {
  const key = options.host + '/' + options.database + ':' + (options.port || 5432);
  const pool = pools[key] ? pools[key] : (pools[key] = new pg.Pool(options));
  if (!pool.listeners('error').length) pool.on('error', logPoolError);
  return pool;
}

function logPoolError(err) {
  console.log('database error:', String(err));
}

function Session(options) {
  this.options = options;
}

Session.prototype.run = function (sql, params, callback) {
  const pool = poolFor(this.options);
  pool.connect(function (err, client, release) {
    if (err) return callback(err);
    client.query(sql, params, function (queryError, result) {
      release();
      callback(queryError, result && result.rows);
    });
  });
};

Session.prototype.stream = function (sql, params, onRow, callback) {
  const pool = poolFor(this.options);
  pool.connect(function (err, client, release) {
    if (err) return callback(err);
    const query = client.query(sql, params);
    query.on('row', onRow);
    query.on('end', function () {
      release();
      callback(null);
    });
  });
};

module.exports = { Session };
