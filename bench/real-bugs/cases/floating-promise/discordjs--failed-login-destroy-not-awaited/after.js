// Case: discordjs/discord.js, fix commit 75308f266933454301b10ee8e1d940d782fdb637 ("fix(WebSocketManager): await
// WebSocket destroy (#9519)"; https://github.com/discordjs/discord.js/pull/9519).
// The fixed code, rewritten in our own code: when logging in fails the client tears down its gateway connection with
// an async destroy it never awaits, so the error is rethrown while the sockets are still closing and a failure of
// the teardown is lost.
'use strict';

class GatewayManager {
  constructor() {
    /** @type {Set<{ close(code: number): Promise<void> }>} */
    this.shards = new Set();
    this.destroyed = false;
  }

  async connect() {
    throw new Error('gateway unavailable');
  }

  async destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    await Promise.all([...this.shards].map((shard) => shard.close(1000)));
    this.shards.clear();
  }
}

class BotClient {
  constructor() {
    this.gateway = new GatewayManager();
    /** @type {string | null} */
    this.token = null;
  }

  /** @param {string} token */
  async login(token) {
    this.token = token;
    try {
      await this.gateway.connect();
      return this.token;
    } catch (error) {
      await this.destroy();
      throw error;
    }
  }

  async destroy() {
    await this.gateway.destroy();
    this.token = null;
  }
}

module.exports = { BotClient };
