// Case: bourquep/mysa2mqtt, fix commit 7affd92614ee6f8ac160afacae7c7ea1c3a2a9e9 ("guard async MQTT callbacks against
// unhandled rejections", issue https://github.com/bourquep/mysa2mqtt/issues/150). Fixed: both callbacks catch what
// they await and log it, so a failed subscribe or command no longer escapes as an unhandled rejection.
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
      try {
        await this.subscribeAll();
      } catch (error) {
        console.error('could not subscribe to the command topics', error);
      }
    });
    this.topics = new Map(commands.map((name) => [`${prefix}/${name}/set`, name]));
    this.broker.on('message', async (topic, payload) => {
      try {
        await this.onMessage(topic, payload);
      } catch (error) {
        console.error(`command on ${topic} failed`, error);
      }
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
