// Case: kuzzleio/kuzzle, fix commit c299096e482a6fa33fc2b220c8b68628c81be9f4 ("Fix - broker client - clear ping timer
// even if socket is down", PR https://github.com/kuzzleio/kuzzle/pull/701). Rewritten in our own code: a prototype-
// style broker client keeps a ping loop of timeouts on the instance; `close()` returns early when the socket is
// already gone, before it resets the ping timers, so a client closed after its socket dropped keeps pinging forever.
'use strict';

const { EventEmitter } = require('events');

function BrokerClient(openSocket, options) {
  EventEmitter.call(this);
  this.openSocket = openSocket;
  this.pingEvery = (options && options.pingEvery) || 30000;
  this.pingTimeout = (options && options.pingTimeout) || 5000;
  this.socket = null;
  this.state = 'idle';
  this.nextPingTimer = null;
  this.pingDeadline = null;
}

Object.setPrototypeOf(BrokerClient.prototype, EventEmitter.prototype);

BrokerClient.prototype.connect = function connect() {
  this.socket = this.openSocket();
  this.socket.on('open', () => {
    this.state = 'connected';
    resetPing(this);
    sendPing(this);
  });
  this.socket.on('close', () => {
    if (this.state !== 'disconnected') this.close();
  });
};

BrokerClient.prototype.close = function close() {
  if (!this.socket) {
    this.emit('warning', 'no socket to close');
    return false;
  }

  resetPing(this);

  if (this.state === 'connected') {
    this.state = 'disconnected';
    this.socket.close();
    this.socket = null;
  }
  return true;
};

function resetPing(client) {
  if (client.socket) client.socket.removeAllListeners('pong');
  if (client.nextPingTimer) {
    clearTimeout(client.nextPingTimer);
    client.nextPingTimer = null;
  }
  if (client.pingDeadline) {
    clearTimeout(client.pingDeadline);
    client.pingDeadline = null;
  }
}

function sendPing(client) {
  client.socket.once('pong', () => onPong(client));
  client.socket.ping();
  client.pingDeadline = setTimeout(() => {
    if (client.socket) client.socket.emit('error', new Error('broker did not answer the ping'));
  }, client.pingTimeout);
}

function onPong(client) {
  if (client.pingDeadline) {
    clearTimeout(client.pingDeadline);
    client.pingDeadline = null;
  }
  client.nextPingTimer = setTimeout(() => sendPing(client), client.pingEvery);
}

module.exports = { BrokerClient };
