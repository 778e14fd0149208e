// Case: ipfs-inactive/interface-js-ipfs-core, fix commit d074e13eafb74b34b4f10521025039441ae2084a ("fix(pubsub):
// clear interval on error", PR https://github.com/ipfs-inactive/interface-js-ipfs-core/pull/274). Rewritten in our
// own code: the helper stops the interval on the failure path too, before it calls back with the error.
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
        clearInterval(poll);
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
