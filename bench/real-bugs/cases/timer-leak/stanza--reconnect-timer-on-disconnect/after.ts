// Case: legastero/stanza, fix commit 69ffcf68b125952b06977f0529f1babc171679d0 ("fix(Client): clear reconnectTimer",
// PR https://github.com/legastero/stanza/pull/479). Rewritten in our own code: a chat client schedules a reconnect
// when its transport drops; `disconnect()` now clears that timer too, so a disconnect after the reconnect was
// scheduled stays disconnected.
import { EventEmitter } from 'node:events';

interface Transport {
  open(url: string): void;
  close(): void;
}

export class ChatClient extends EventEmitter {
  private transport?: Transport;
  private closing = false;
  private attempts = 0;
  private reconnectTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly url: string,
    private readonly makeTransport: () => Transport,
    private readonly autoReconnect = true,
  ) {
    super();
    this.on('transport-down', () => {
      this.transport = undefined;
      if (!this.closing && this.autoReconnect) {
        this.attempts += 1;
        clearTimeout(this.reconnectTimer);
        this.reconnectTimer = setTimeout(() => {
          void this.connect();
        }, 1000 * Math.min(2 ** this.attempts, 32));
      }
      this.emit('disconnected');
    });
    this.on('session-started', () => {
      this.attempts = 0;
      if (this.reconnectTimer) {
        clearTimeout(this.reconnectTimer);
      }
    });
  }

  public async connect(): Promise<void> {
    this.closing = false;
    this.transport?.close();
    this.transport = this.makeTransport();
    this.transport.open(this.url);
  }

  public async disconnect(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    if (this.transport) {
      this.transport.close();
    } else {
      this.emit('transport-down');
    }
  }
}
