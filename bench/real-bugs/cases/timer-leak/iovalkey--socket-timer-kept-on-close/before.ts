// Case: valkey-io/iovalkey, fix commit deec948b05b402618e0a86dcd70bbba84d7f4a0c ("fix: clear socketTimeout timer on
// close so it can't destroy the reconnected socket", PR https://github.com/valkey-io/iovalkey/pull/62). Rewritten in
// our own code: the client arms a socket timer when a command is sent and clears it only when data arrives; when the
// socket closes first, the timer survives the close (the teardown clears the reconnect timer, not this one) and later
// destroys whatever socket the client holds by then.
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';

export class LineClient extends EventEmitter {
  private stream: Socket;
  private pending: string[] = [];
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private socketTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly connect: () => Socket, private readonly socketTimeoutMs?: number) {
    super();
    this.stream = this.open();
  }

  send(line: string): void {
    this.pending.push(line);
    this.stream.write(`${line}\r\n`);
    if (this.socketTimeoutMs !== undefined && this.socketTimer === undefined) this.armSocketTimer();
  }

  disconnect(): void {
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    this.stream.end();
  }

  private open(): Socket {
    const stream = this.connect();
    stream.on('data', () => this.pending.shift());
    stream.once('close', () => {
      this.emit('close');
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.stream = this.open();
      }, 500);
    });
    return stream;
  }

  private armSocketTimer(): void {
    this.socketTimer = setTimeout(() => {
      this.stream.destroy(new Error(`No data within ${this.socketTimeoutMs}ms`));
      this.socketTimer = undefined;
    }, this.socketTimeoutMs);

    this.stream.once('data', () => {
      clearTimeout(this.socketTimer);
      this.socketTimer = undefined;
      if (this.pending.length > 0) this.armSocketTimer();
    });
  }
}
