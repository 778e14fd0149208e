// Case: TID-Lab/aggie, fix commit 32469c1dd78c29f141df56128b37ba9f99fe6a79 ("Removed Listeners before Adding them to
// Prevent Repeated Added Listeners on Refresh", PR https://github.com/TID-Lab/aggie/pull/399). Rewritten in our own
// code: the socket handler, one for the whole server, adds a listener to itself for every client that connects; the
// listener holds the client's socket, and the handler outlives every client.
'use strict';
const { EventEmitter } = require('node:events');
const util = require('node:util');
const { Server } = require('socket.io');

function SocketHandler(httpServer, counts) {
  EventEmitter.call(this);
  this.counts = counts;
  this.io = new Server(httpServer);
  this.io.on('connect', this.connect.bind(this));
}
util.inherits(SocketHandler, EventEmitter);

SocketHandler.prototype.sendErrorCount = function (socket) {
  this.counts.errors().then((count) => socket.emit('errorCount', { count }));
};

SocketHandler.prototype.connect = function (socket) {
  var self = this;
  this.sendErrorCount(socket);

  self.on('errorCountChanged', function () {
    self.sendErrorCount(socket);
  });

  socket.on('join', function (room) {
    socket.join(room);
  });
};

module.exports = SocketHandler;
