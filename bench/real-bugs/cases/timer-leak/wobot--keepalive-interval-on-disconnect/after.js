// Case: cjoudrey/wobot, fix commit dec9dc927a9c0fda13896657cfea099ce533ba34 ("Remove keepalive on disconnect - closes
// #7", issue https://github.com/cjoudrey/wobot/issues/7). Rewritten in our own code: a constructor-function bot starts
// a keepalive interval when its connection comes online and drops the handle; `disconnect()` ends the connection, but
// the interval keeps writing to it (and keeps the process alive) forever.
var util = require('util');
var events = require('events');
var net = require('net');

function ChatBot(options) {
  events.EventEmitter.call(this);
  options = options || {};
  this.host = options.host;
  this.port = options.port || 5222;
  this.connection = null;
  this.keepalive = null;
}

util.inherits(ChatBot, events.EventEmitter);

ChatBot.prototype.connect = function () {
  var self = this;
  this.connection = net.connect(this.port, this.host);

  this.connection.on('error', function (err) {
    self.emit('error', err);
  });

  this.connection.on('connect', function () {
    self.connection.write('<presence/>');

    // The server drops idle clients after a couple of minutes.
    self.keepalive = setInterval(function () {
      self.connection.write(' ');
      self.emit('ping');
    }, 30000);

    self.emit('connect');
  });

  this.connection.on('data', function (chunk) {
    self.emit('data', chunk.toString());
  });
};

ChatBot.prototype.say = function (text) {
  this.connection.write('<message><body>' + text + '</body></message>');
};

ChatBot.prototype.disconnect = function () {
  if (this.keepalive) {
    clearInterval(this.keepalive);
    this.keepalive = null;
  }
  this.connection.end();
  this.emit('disconnect');
};

module.exports = { ChatBot: ChatBot };
