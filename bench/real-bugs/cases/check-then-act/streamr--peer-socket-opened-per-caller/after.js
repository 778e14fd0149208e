// Case: streamr-dev/network-old, fix commit 6e52f888040e0fd0acdfd6fe4c9bfcd045ea065a ("WsEndpoint: keep track of
// pending connections (#212)"; https://github.com/streamr-dev/network-old/pull/212).
// The fixed code, rewritten in our own code: a call that finds a socket to the peer already opening joins its waiters
// instead of opening another; the opener settles every waiter when its socket opens or fails.
const { EventEmitter } = require('node:events');
const WebSocket = require('ws');

class PeerEndpoint extends EventEmitter {
  constructor(ownAddress) {
    super();
    this.ownAddress = ownAddress;
    this.sockets = new Map();
    this.opening = new Map();
  }

  isConnected(address) {
    return this.sockets.has(address);
  }

  connect(peerAddress) {
    return new Promise((resolve, reject) => {
      if (this.isConnected(peerAddress)) {
        resolve();
        return;
      }
      const waiting = this.opening.get(peerAddress);
      if (waiting) {
        waiting.push({ resolve, reject });
        return;
      }
      this.opening.set(peerAddress, [{ resolve, reject }]);
      const settle = (error) => {
        const waiters = this.opening.get(peerAddress) || [];
        this.opening.delete(peerAddress);
        for (const waiter of waiters) {
          if (error) waiter.reject(error);
          else waiter.resolve();
        }
      };
      try {
        const ws = new WebSocket(`${peerAddress}?address=${this.ownAddress}`);
        ws.on('open', () => {
          this.register(ws, peerAddress);
          settle();
        });
        ws.on('error', (err) => settle(err));
      } catch (err) {
        settle(err);
      }
    });
  }

  register(ws, address) {
    if (this.isConnected(address) && this.ownAddress.localeCompare(address) === 1) {
      ws.close(1000, 'duplicate socket');
      return;
    }
    ws.on('close', () => this.sockets.delete(address));
    this.sockets.set(address, ws);
    this.emit('peer-connected', address);
  }
}

module.exports = { PeerEndpoint };
