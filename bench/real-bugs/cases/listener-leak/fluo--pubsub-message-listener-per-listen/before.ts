// Case: fluojs/fluo, fix commit 99c2ec6f7c81b5a4c2d37814f17e9d70a4f69789 ("fix(microservices): remove redis pubsub
// listener on close", https://github.com/fluojs/fluo/issues/431), file packages/microservices/src/redis-transport.ts.
// Rewritten in our own code: the transport adds a 'message' listener to the subscriber client its caller hands in each
// time it starts listening, and `close()` only unsubscribes the channels; a listen/close/listen cycle (the documented
// way to reconnect) leaves one more listener, and each message is handled once per cycle.
export interface PubSubClient {
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
      this.options.subscriber.on('message', (channel, message) => {
        void this.dispatch(channel, message);
      });
      await this.options.subscriber.subscribe(...this.channels);
      this.listening = true;
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
