// Case: versatica/JsSIP, fix commit bb935c4e3b2217f178f3bd8c07285d59c9de1cf3 ("Fix #163. Stop reconnection logic on
// UA.stop()", issue https://github.com/versatica/JsSIP/issues/163). Rewritten in our own code: the fixed transport
// clears its pending reconnect timer in disconnect().
var LOG = 'sip transport | ';

function SipTransport(agent, server) {
  this.agent = agent;
  this.server = server;
  this.socket = null;
  this.attempts = 0;
  this.closedByUser = false;
  this.connected = false;
  this.reconnectTimer = null;
  this.connect();
}

SipTransport.prototype = {
  send: function (message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(String(message));
      return true;
    }
    console.warn(LOG + 'cannot send, socket not open');
    return false;
  },

  disconnect: function () {
    if (this.socket) {
      window.clearTimeout(this.reconnectTimer);
      this.closedByUser = true;
      console.log(LOG + 'closing ' + this.server.uri);
      this.socket.close();
    }
  },

  connect: function () {
    var transport = this;
    if (this.socket && (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING)) {
      return false;
    }
    if (this.socket) this.socket.close();
    this.socket = new WebSocket(this.server.uri, 'sip');
    this.socket.onopen = function () {
      transport.onOpen();
    };
    this.socket.onclose = function (event) {
      transport.onClose(event);
    };
    return true;
  },

  onOpen: function () {
    this.connected = true;
    window.clearTimeout(this.reconnectTimer);
    this.closedByUser = false;
    this.agent.onTransportConnected(this);
  },

  onClose: function (event) {
    var wasConnected = this.connected;
    this.connected = false;
    if (!wasConnected) {
      this.agent.onTransportError(this);
      return;
    }
    this.agent.onTransportClosed(this);
    if (!this.closedByUser) {
      this.attempts = 0;
      this.reconnect();
    } else {
      this.agent.emit('disconnected', { transport: this, code: event.code });
    }
  },

  reconnect: function () {
    var transport = this;
    this.attempts += 1;
    if (this.attempts > this.agent.config.maxReconnects) {
      this.agent.onTransportError(this);
      return;
    }
    this.reconnectTimer = window.setTimeout(function () {
      transport.connect();
    }, this.agent.config.reconnectDelaySeconds * 1000);
  },
};

module.exports = SipTransport;
