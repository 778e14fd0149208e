// Case: inwaar/gree-hvac-client, fix commit 7ff93bf01ca8ea4b7f41008b619a84dd9ff3841f ("Clear intervals for socket
// timeout and status timeout on disconnect", PR https://github.com/inwaar/gree-hvac-client/pull/7). Rewritten in our
// own code: the client arms a connect timeout and a per-poll status timeout, each cleared only by the response that
// answers it; `disconnect()` clears the polling interval but not those two, so after a disconnect they still fire and
// write to a closed socket.
const { EventEmitter } = require('node:events');
const dgram = require('node:dgram');

class UnitClient extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = { host: '192.168.1.255', port: 7000, connectTimeout: 3000, pollEvery: 3000, ...options };
    this.socket = dgram.createSocket('udp4');
    this.connectTimer = null;
    this.pollTimer = null;
    this.statusTimer = null;
    this.socket.on('message', (buffer) => this.onMessage(buffer));
  }

  connect() {
    this.socket.bind(() => {
      this.send({ t: 'scan' });
      this.connectTimer = setTimeout(() => {
        this.emit('error', new Error('no answer from the unit'));
        this.disconnect();
      }, this.options.connectTimeout);
    });
  }

  disconnect() {
    if (this.pollTimer) {
      clearInterval(this.pollTimer);
    }
    if (this.connectTimer) {
      clearTimeout(this.connectTimer);
    }
    if (this.statusTimer) {
      clearTimeout(this.statusTimer);
    }
    this.socket.close();
    this.emit('disconnect');
  }

  send(message) {
    const data = Buffer.from(JSON.stringify(message));
    this.socket.send(data, 0, data.length, this.options.port, this.options.host);
  }

  requestStatus() {
    this.send({ t: 'status' });
    this.statusTimer = setTimeout(() => {
      this.emit('no_response');
    }, this.options.pollEvery);
  }

  onMessage(buffer) {
    const message = JSON.parse(buffer.toString());
    if (message.t === 'bound') {
      clearTimeout(this.connectTimer);
      this.emit('connect');
      this.pollTimer = setInterval(() => this.requestStatus(), this.options.pollEvery);
    } else if (message.t === 'status') {
      clearTimeout(this.statusTimer);
      this.emit('update', message.values);
    }
  }
}

module.exports = { UnitClient };
