// Case: diversario/node-ssdp, fix commit edcb348e8817829734cdc6e156d565c40ae90769 ("Removed process.on('exit')
// listeners"; reported in https://github.com/diversario/node-ssdp/pull/10). Rewritten in our own code: the fixed
// client adds nothing to `process`; the program stops its clients itself.
'use strict';
const dgram = require('node:dgram');
const { EventEmitter } = require('node:events');
const util = require('node:util');

/** @param {{ port?: number }} [options] */
function Discovery(options) {
  EventEmitter.call(this);
  this.options = options || {};
  this.socket = null;
  this.open();
}

util.inherits(Discovery, EventEmitter);

Discovery.prototype.open = function () {
  this.socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  this.socket.on('message', (message, remote) => this.emit('response', String(message), remote));
  this.socket.bind(this.options.port || 0);
};

Discovery.prototype.search = function (target) {
  const message = Buffer.from(`M-SEARCH * HTTP/1.1\r\nST: ${target}\r\n\r\n`);
  this.socket.send(message, 0, message.length, 1900, '239.255.255.250');
};

Discovery.prototype.stop = function () {
  if (!this.socket) return;
  this.socket.close();
  this.socket = null;
};

module.exports = Discovery;
