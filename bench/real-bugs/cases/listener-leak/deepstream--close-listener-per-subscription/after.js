// Case: deepstreamIO/deepstream.io, fix commit 4e4a90f2d247c8c594ab73d9212042d32169334b ("Kept reference to
// unsubscribeAll function and removed it on unsubscribe", fixes https://github.com/deepstreamIO/deepstream.io/issues/99),
// file src/utils/subscription-registry.js. The fixed code: the bound listener is kept per client and unsubscribing
// takes it off the socket.
'use strict';

/**
 * @typedef {{ user: string, socket: import('node:events').EventEmitter, send(topic: string, ...args: string[]): void }} Client
 */

/** @param {string} topic */
function TopicRegistry(topic) {
  this.topic = topic;
  /** @type {Record<string, Client[]>} */
  this.subscribers = {};
  /** @type {Array<{ client: Client, listener: () => void }>} */
  this.closeListeners = [];
}

/** @param {Client} client */
TopicRegistry.prototype.hasClient = function (client) {
  for (const name in this.subscribers) {
    if (this.subscribers[name].indexOf(client) !== -1) return true;
  }
  return false;
};

/**
 * @param {string} name
 * @param {Client} client
 */
TopicRegistry.prototype.subscribe = function (name, client) {
  const list = this.subscribers[name] || (this.subscribers[name] = []);
  if (list.indexOf(client) !== -1) {
    client.send(this.topic, 'ERROR', 'already subscribed', name);
    return;
  }
  if (!this.hasClient(client)) {
    const listener = this.removeClient.bind(this, client);
    this.closeListeners.push({ client, listener });
    client.socket.once('close', listener);
  }
  list.push(client);
  client.send(this.topic, 'ACK', 'subscribe', name);
};

/**
 * @param {string} name
 * @param {Client} client
 */
TopicRegistry.prototype.unsubscribe = function (name, client) {
  for (let i = 0; i < this.closeListeners.length; i++) {
    if (this.closeListeners[i].client === client) {
      client.socket.removeListener('close', this.closeListeners[i].listener);
      this.closeListeners.splice(i, 1);
      break;
    }
  }
  const list = this.subscribers[name];
  if (list === undefined || list.indexOf(client) === -1) {
    client.send(this.topic, 'ERROR', 'not subscribed', name);
    return;
  }
  if (list.length === 1) delete this.subscribers[name];
  else list.splice(list.indexOf(client), 1);
  client.send(this.topic, 'ACK', 'unsubscribe', name);
};

/** @param {Client} client */
TopicRegistry.prototype.removeClient = function (client) {
  for (const name in this.subscribers) {
    if (this.subscribers[name].indexOf(client) !== -1) this.unsubscribe(name, client);
  }
};

module.exports = TopicRegistry;
