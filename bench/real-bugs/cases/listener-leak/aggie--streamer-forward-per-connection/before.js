// Case: TID-Lab/aggie, fix commit 32469c1dd78c29f141df56128b37ba9f99fe6a79 ("Removed Listeners before Adding them to
// Prevent Repeated Added Listeners on Refresh", PR https://github.com/TID-Lab/aggie/pull/399). Rewritten in our own
// code: every client connection forwards streamer events with a new listener on the process-wide streamer that holds
// the client's socket; clients come and go (each page refresh), the listeners stay.
'use strict';
const { Server } = require('socket.io');
const streamer = require('./streamer');

function LiveUpdates(httpServer) {
  this.io = new Server(httpServer);
  this.io.on('connection', this.onConnection.bind(this));
}

LiveUpdates.prototype.forward = function (event, socket) {
  streamer.on(event, function (data) {
    socket.emit(event, data);
  });
};

LiveUpdates.prototype.onConnection = function (socket) {
  this.forward('trend', socket);
  this.forward('errorCount', socket);
  socket.on('join', function (room) {
    socket.join(room);
  });
};

module.exports = LiveUpdates;
