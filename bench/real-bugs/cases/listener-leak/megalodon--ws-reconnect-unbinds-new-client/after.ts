// Case: h3poteto/megalodon, fix commit 0f3810ea64e176b4c9fae3af1b4c9de19ac22af3 ("Clear all listeners and close the
// connection before reconnect", PR https://github.com/h3poteto/megalodon/pull/87). Rewritten in our own code: a
// streaming client over `ws` reconnects after an abnormal close by opening a new socket, assigning it to the field
// and only then "clearing the bindings" of the field, which is now the new socket. The old socket keeps its
// listeners (and keeps emitting into this object), so every reconnect adds one more copy of each event.
import WS from 'ws';
import { EventEmitter } from 'node:events';

export default class StreamingSocket extends EventEmitter {
  private client: WS | null = null;
  private attempts = 0;
  private stoppedByUser = false;
  private readonly retryDelayMs = 1000;
  private readonly maxAttempts = Infinity;

  constructor(
    readonly url: string,
    private readonly token: string,
  ) {
    super();
  }

  start(): void {
    this.stoppedByUser = false;
    this.attempts = 0;
    this.reset();
    this.client = this.open();
    this.bind(this.client);
  }

  stop(): void {
    this.stoppedByUser = true;
    this.reset();
  }

  private reset(): void {
    if (this.client) {
      this.client.close(1000);
      this.client.removeAllListeners();
      this.client = null;
    }
  }

  private reconnect(): void {
    if (!this.client) return;
    setTimeout(() => {
      if (this.attempts < this.maxAttempts) {
        this.attempts++;
        this.unbind();
        // The old socket is broken: close it now, then open the next one.
        if (this.client) this.client.terminate();
        this.client = this.open();
        this.bind(this.client);
      }
    }, this.retryDelayMs);
  }

  private open(): WS {
    return new WS(`${this.url}/?access_token=${this.token}`);
  }

  private unbind(): void {
    if (this.client) {
      this.client.removeAllListeners('close');
      this.client.removeAllListeners('message');
      this.client.removeAllListeners('error');
    }
  }

  private bind(client: WS): void {
    client.on('close', (code: number) => {
      if (code === 1000) this.emit('close');
      else if (!this.stoppedByUser) this.reconnect();
    });
    client.on('message', (data: WS.RawData) => {
      this.emit('message', data.toString());
    });
    client.on('error', (err: Error) => {
      this.emit('error', err);
    });
  }
}
