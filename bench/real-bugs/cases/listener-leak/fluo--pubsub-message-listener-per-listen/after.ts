// Case: fluojs/fluo, fix commit 99c2ec6f7c81b5a4c2d37814f17e9d70a4f69789 ("fix(microservices): remove redis pubsub
// listener on close", https://github.com/fluojs/fluo/issues/431), file packages/microservices/src/redis-transport.ts.
// The fixed code: one listener kept in a field, taken off when subscribing fails and in `close()`.
export interface PubSubClient {
  off?(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  subscribe(...channels: string[]): Promise<unknown>;
  unsubscribe(...channels: string[]): Promise<unknown>;
}

export interface PubSubTransportOptions {
  subscriber: PubSubClient;
  prefix?: string;
}

export type PacketHandler = (channel: string, body: unknown) => Promise<void>;

export class PubSubTransport {
  private handler: PacketHandler | undefined;
  private listening = false;
  private starting: Promise<void> | undefined;
  private readonly onMessage = (channel: string, message: string) => {
    void this.dispatch(channel, message);
  };

  constructor(private readonly options: PubSubTransportOptions) {}

  private get channels(): string[] {
    const prefix = this.options.prefix ?? 'bus';
    return [`${prefix}:requests`, `${prefix}:events`];
  }

  async listen(handler: PacketHandler): Promise<void> {
    this.handler = handler;
    if (this.listening) return;
    if (this.starting) return this.starting;
    this.starting = (async () => {
      this.options.subscriber.on('message', this.onMessage);
      try {
        await this.options.subscriber.subscribe(...this.channels);
        this.listening = true;
      } catch (error) {
        this.options.subscriber.off?.('message', this.onMessage);
        throw error;
      }
    })();
    try {
      await this.starting;
    } finally {
      this.starting = undefined;
    }
  }

  async close(): Promise<void> {
    if (this.starting) await this.starting;
    if (this.listening) await this.options.subscriber.unsubscribe(...this.channels);
    this.options.subscriber.off?.('message', this.onMessage);
    this.listening = false;
    this.handler = undefined;
  }

  private async dispatch(channel: string, message: string): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(message);
    } catch {
      return;
    }
    await this.handler?.(channel, body);
  }
}
