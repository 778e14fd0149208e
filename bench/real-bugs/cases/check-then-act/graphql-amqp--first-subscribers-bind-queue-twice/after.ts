// Case: Surnet/graphql-amqp-subscriptions, fix commit 1ff24a687e797a6bf48334a2d10db014b0789b40 ("Fix race condition
// on simultaneous first subscribers (#13)"; https://github.com/Surnet/graphql-amqp-subscriptions/pull/13).
// The fixed code, rewritten in our own code: the subscriber records itself in the key's list before anything is
// awaited, so a second subscriber arriving meanwhile finds the list filled and only joins it.
type Dispose = () => Promise<void>;

interface Binder {
  bind(exchange: string, routingKey: string, onMessage: (key: string, body: unknown) => void): Promise<Dispose>;
}

export class BrokerPubSub {
  private nextId = 0;
  private readonly listeners: Record<number, { routingKey: string; listener: (body: unknown) => void }> = {};
  private readonly subscribersByKey: Record<string, number[]> = {};
  private readonly disposers: Record<string, Dispose> = {};

  constructor(
    private readonly binder: Binder,
    private readonly exchange: string,
  ) {}

  async subscribe(routingKey: string, onMessage: (body: unknown) => void): Promise<number> {
    const id = this.nextId++;
    this.listeners[id] = { routingKey, listener: onMessage };
    const subscribers = this.subscribersByKey[routingKey];
    if (subscribers && subscribers.length > 0) {
      this.subscribersByKey[routingKey] = [...subscribers, id];
      return id;
    }
    this.subscribersByKey[routingKey] = [...(this.subscribersByKey[routingKey] ?? []), id];
    const previous = this.disposers[routingKey];
    const [dispose] = await Promise.all([
      this.binder.bind(this.exchange, routingKey, (key, body) => this.deliver(key, body)),
      previous ? previous() : Promise.resolve(),
    ]);
    this.disposers[routingKey] = dispose;
    return id;
  }

  private deliver(routingKey: string, body: unknown): void {
    for (const id of this.subscribersByKey[routingKey] ?? []) this.listeners[id]?.listener(body);
  }
}
