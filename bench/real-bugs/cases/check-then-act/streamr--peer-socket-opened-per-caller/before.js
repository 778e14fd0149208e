// Case: streamr-dev/network-old, fix commit 6e52f888040e0fd0acdfd6fe4c9bfcd045ea065a ("WsEndpoint: keep track of
// pending connections (#212)"; https://github.com/streamr-dev/network-old/pull/212).
// The code just before the fix, rewritten in our own code: connecting to a peer checks the map of open sockets and,
// when the peer is not in it, opens a socket that is added to the map only once it is open. Calls for the same peer
// made meanwhile each open their own socket, and the duplicate-socket logic then drops the only good one.
const { EventEmitter } = require('node:events');
const WebSocket = require('ws');

class PeerEndpoint extends EventEmitter {
  constructor(ownAddress) {
    super();
    this.ownAddress = ownAddress;
    this.sockets = new Map();
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
      try {
        const ws = new WebSocket(`${peerAddress}?address=${this.ownAddress}`);
        ws.on('open', () => {
          this.register(ws, peerAddress);
          resolve();
        });
        ws.on('error', (err) => reject(err));
      } catch (err) {
        reject(err);
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
