// Case: ipfs-inactive/interface-js-ipfs-core, fix commit d074e13eafb74b34b4f10521025039441ae2084a ("fix(pubsub):
// clear interval on error", PR https://github.com/ipfs-inactive/interface-js-ipfs-core/pull/274). Rewritten in our
// own code: a helper polls a node for the subscribers of a channel every half second and calls back once all the
// expected ones are there; it stops the interval on that path, but when a poll fails it calls back with the error and
// the interval goes on, calling the callback again every half second.
'use strict';

/**
 * @param {{ subscribers(channel: string, cb: (err: Error | null, ids: string[]) => void): void }} node
 * @param {string} channel
 * @param {string[]} expected
 * @param {(err?: Error) => void} callback
 */
function waitForSubscribers(node, channel, expected, callback) {
  const poll = setInterval(() => {
    node.subscribers(channel, (err, ids) => {
      if (err) {
        return callback(err);
      }

      const missing = expected.filter((id) => !ids.includes(id));
      if (missing.length === 0) {
        clearInterval(poll);
        callback();
      }
    });
  }, 500);
}

module.exports = { waitForSubscribers };
