// Case: oortcloud/node-ddp-client, fix commit d2f1bf17b3b2561abd51e1903395b5f257806e4a ("remove connected and failed
// listeners on close", PR https://github.com/oortcloud/node-ddp-client/pull/48). Rewritten in our own code: connect()
// adds 'connected' and 'failed' listeners to the client itself for the caller's callback; close() closes the socket
// but leaves them, so each connect/close cycle on the same client adds one more pair and the callback runs once per
// earlier connect.
'use strict';
const { EventEmitter } = require('node:events');
const util = require('node:util');
const WebSocket = require('ws');

function DdpClient(options) {
  EventEmitter.call(this);
  this.host = options.host;
  this.port = options.port;
  this.closing = false;
  this.reconnecting = false;
  this.failed = false;
  this.socket = null;
}
util.inherits(DdpClient, EventEmitter);

DdpClient.prototype.handleMessage = function (text) {
  const message = JSON.parse(text);
  if (message.msg === 'failed') {
    this.emit('failed', new Error('the server does not speak this DDP version'));
  } else if (message.msg === 'connected') {
    this.emit('connected');
  }
};

/** Opens the connection; `onConnected` runs each time the server says it is connected. */
DdpClient.prototype.connect = function (onConnected) {
  const self = this;
  self.failed = false;
  self.closing = false;

  if (onConnected) {
    self.addListener('connected', function () {
      onConnected(undefined, self.reconnecting);
      self.reconnecting = false;
    });
    self.addListener('failed', function (error) {
      self.failed = true;
      onConnected(error, self.reconnecting);
    });
  }

  self.socket = new WebSocket('ws://' + self.host + ':' + self.port + '/websocket');
  self.socket.on('message', function (data) {
    self.handleMessage(String(data));
  });
};

DdpClient.prototype.close = function () {
  this.closing = true;
  this.socket.close();
  this.removeAllListeners('connected');
  this.removeAllListeners('failed');
};

module.exports = DdpClient;
