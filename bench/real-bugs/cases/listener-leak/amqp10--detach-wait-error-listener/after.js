// Case: noodlefrenzy/node-amqp10, fix commit 05f1413ea7c595700c9123b2dfcbdbed60fc1517 ("fix(link-deatch):
// removeListener upon detach"). Rewritten in our own code: the fixed detach removes its 'error' listener when the link
// reports it is detached.
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
      const onError = function (err) {
        reject(err);
      };
      self.once('link-error', onError);
      self.once('detached', function (info) {
        self.removeListener('link-error', onError);
        if (info.error) return reject(info.error);
        if (!info.closed) return reject(new Error('the link did not close'));
        resolve();
      });
    });

    this.machine.sendDetach();
    return detached;
  }
}

module.exports = Link;
