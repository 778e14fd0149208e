// Case: jensstigaard/node-vmix, fix commit 4dd5485a2ec7b48655c3bbe1a39e37862a52df03 ("(hopefully) fixed issue#17",
// https://github.com/jensstigaard/node-vmix/issues/17), file src/modules/connection-tcp.ts. The fixed code: each retry
// calls `connect` without a callback; the one 'connect' listener added in the constructor reports the connection.
import { Socket } from 'node:net';

export class MixerConnection {
  private readonly socket = new Socket();
  private retryTimer: NodeJS.Timeout | undefined;
  private connected = false;

  constructor(
    private readonly host: string,
    private readonly port = 8099,
  ) {
    this.socket.on('connect', () => {
      this.connected = true;
      console.info(`connected to ${this.host}:${this.port}`);
      if (this.retryTimer) {
        clearInterval(this.retryTimer);
        this.retryTimer = undefined;
      }
    });
    this.socket.on('close', () => {
      this.connected = false;
      if (this.retryTimer) return;
      this.retryTimer = setInterval(() => {
        this.connect();
      }, 5_000);
    });
    this.socket.on('error', (error) => console.warn('mixer connection:', error.message));
    setTimeout(() => this.connect(), 0);
  }

  connect(): void {
    if (this.connected || this.socket.connecting) return;
    this.socket.connect(this.port, this.host);
  }

  shutdown(): void {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.socket.destroy();
  }
}
