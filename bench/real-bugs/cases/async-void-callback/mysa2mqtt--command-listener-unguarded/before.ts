// Case: bourquep/mysa2mqtt, fix commit 7affd92614ee6f8ac160afacae7c7ea1c3a2a9e9 ("guard async MQTT callbacks against
// unhandled rejections", issue https://github.com/bourquep/mysa2mqtt/issues/150). Rewritten in our own code: a
// device entity that listens for commands passes its base class an async hook for "connected" (the base calls it and
// ignores what it returns) and adds an async listener for incoming messages; a broker that drops the connection
// mid-subscribe, or a command handler that throws, rejects those promises and nothing handles them.
import { EventEmitter } from 'node:events';

export interface Broker extends EventEmitter {
  subscribeAsync(topic: string): Promise<void>;
  on(event: 'message', listener: (topic: string, payload: Buffer) => void): this;
}

export type CommandHandler = (name: string, value: unknown) => Promise<void>;

export class Entity {
  constructor(
    protected readonly broker: Broker,
    onConnect?: () => void,
  ) {
    broker.on('connect', () => onConnect?.());
  }
}

export class CommandEntity extends Entity {
  private readonly topics: Map<string, string>;

  constructor(
    broker: Broker,
    commands: readonly string[],
    private readonly handler: CommandHandler,
    prefix = 'devices',
  ) {
    if (commands.length === 0) throw new Error('An entity that takes commands needs at least one command.');
    super(broker, async () => {
      await this.subscribeAll();
    });
    this.topics = new Map(commands.map((name) => [`${prefix}/${name}/set`, name]));
    this.broker.on('message', async (topic, payload) => {
      await this.onMessage(topic, payload);
    });
  }

  private async subscribeAll(): Promise<void> {
    for (const topic of this.topics.keys()) await this.broker.subscribeAsync(topic);
  }

  private async onMessage(topic: string, payload: Buffer): Promise<void> {
    const name = this.topics.get(topic);
    if (name === undefined) return;
    const text = payload.toString();
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // plain text command
    }
    await this.handler(name, value);
  }
}
