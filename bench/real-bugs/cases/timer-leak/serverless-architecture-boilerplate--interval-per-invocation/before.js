// Case: msfidelis/serverless-architecture-boilerplate, fix commit 0b6e6d1ae47f79a3a67826a3691472c5e3ff2dcc ("Clear
// last setInterval call", PR https://github.com/msfidelis/serverless-architecture-boilerplate/pull/10).
// Rewritten in our own code: a scheduled function handler starts a polling interval each time it is invoked. The
// platform reuses the warm process between invocations, so every invocation adds one more interval that never stops
// (until the container dies). The fix keeps the handle at module level and clears the previous one first.
'use strict';
const queue = require('./queue');

const TABLE = process.env.TABLE_BOOKS || 'books';
const QUEUE_URL = process.env.QUEUE_URL || 'books-queue';

/**
 * Drains the queue: each message names a record to mark as processed.
 * @param {unknown} event
 * @param {unknown} context
 * @param {(err?: Error) => void} done
 */
module.exports.worker = (event, context, done) => {
  setInterval(() => {
    queue
      .receive(1, QUEUE_URL)
      .then((batch) => {
        if (!batch.Messages) return;
        for (const message of batch.Messages) {
          const record = JSON.parse(message.Body);
          markRecord(record.id)
            .then(() => queue.remove(message))
            .catch((err) => console.log(err));
        }
      })
      .catch((err) => console.log(err));
  }, 100);
};

/** @param {string} id */
const markRecord = (id) => queue.markProcessed(TABLE, { id });
