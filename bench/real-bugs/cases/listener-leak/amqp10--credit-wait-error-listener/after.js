// Case: noodlefrenzy/node-amqp10, fix commit 07fdacde57218d635b3fa6eb6b5d5e28784d6c8a ("fix(link-addCredits): remove
// listener on resolve for addCredits"). Rewritten in our own code: the fixed wait takes its 'error' listener off when
// the credit comes.
'use strict';
const { EventEmitter } = require('node:events');
const util = require('node:util');

function Link(session, handle) {
  EventEmitter.call(this);
  this.session = session;
  this.handle = handle;
  this.credit = 0;
}
util.inherits(Link, EventEmitter);

Link.CreditChanged = 'credit-changed';
Link.ErrorReceived = 'error-received';

Link.prototype.addCredits = function (credits) {
  this.credit += credits;
  this.session.sendFlow(this.handle, this.credit);

  var self = this;
  return new Promise(function (resolve, reject) {
    var onError = function (error) {
      reject(error);
    };
    self.once(Link.ErrorReceived, onError);
    self.once(Link.CreditChanged, function () {
      self.removeListener(Link.ErrorReceived, onError);
      resolve();
    });
  });
};

module.exports = Link;
