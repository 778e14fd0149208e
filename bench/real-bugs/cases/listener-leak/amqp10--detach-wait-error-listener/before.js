// Case: noodlefrenzy/node-amqp10, fix commit 05f1413ea7c595700c9123b2dfcbdbed60fc1517 ("fix(link-deatch):
// removeListener upon detach"). Rewritten in our own code: detaching waits for the 'detached' event or an error with
// two one-shot listeners; a clean detach leaves the 'error' listener on the link.
'use strict';
const { EventEmitter } = require('node:events');

class Link extends EventEmitter {
  constructor(machine) {
    super();
    this.machine = machine;
  }

  detach() {
    const self = this;
    const detached = new Promise(function (resolve, reject) {
      self.once('detached', function (info) {
        if (info.error) return reject(info.error);
        if (!info.closed) return reject(new Error('the link did not close'));
        resolve();
      });

      self.once('link-error', function (err) {
        reject(err);
      });
    });

    this.machine.sendDetach();
    return detached;
  }
}

module.exports = Link;
