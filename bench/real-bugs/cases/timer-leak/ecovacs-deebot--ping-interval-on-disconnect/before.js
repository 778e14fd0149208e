// Case: mrbungle64/ecovacs-deebot.js, fix commit 1b961511a884506e7549365927c91fdd3664f2f5 ("Clear interval on
// disconnect (non 950 type)"; the same fix for the other model family came in PR
// https://github.com/mrbungle64/ecovacs-deebot.js/pull/43: "otherwise node runs forever"). Rewritten in our own code:
// connecting a robot starts a 30 s keep-alive ping interval; disconnecting closes the link but never clears the
// interval, so the process never exits and the ping keeps firing at a closed connection.
'use strict';

class RobotSession {
  /**
   * @param {{ connect(): void, disconnect(): void, ping(address: string): void,
   *   on(event: string, handler: (...args: unknown[]) => void): void }} link
   * @param {string} address
   */
  constructor(link, address) {
    this.link = link;
    this.address = address;
    this.ready = false;
    /** @type {NodeJS.Timeout | null} */
    this.keepAlive = null;
    this.link.on('ready', () => {
      this.ready = true;
    });
  }

  connect() {
    this.link.connect();
    this.keepAlive = setInterval(() => {
      this.link.ping(this.address);
    }, 30000);
  }

  disconnect() {
    this.link.disconnect();
    this.ready = false;
  }
}

module.exports = { RobotSession };
