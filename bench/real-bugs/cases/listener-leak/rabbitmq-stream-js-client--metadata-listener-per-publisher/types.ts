// Shared by before.ts and after.ts: the pooled broker connection and the publisher/consumer handles, reduced to what
// the case needs (the original's src/connection.ts, src/publisher.ts, src/consumer.ts).
import { EventEmitter } from 'node:events';

export interface MetadataUpdate {
  readonly stream: string;
  readonly code: number;
}

export class BrokerConnection extends EventEmitter {
  private nextProducer = 0;
  private nextReader = 0;
  constructor(readonly host: string) {
    super();
  }
  producerId(): number {
    return this.nextProducer++;
  }
  readerId(): number {
    return this.nextReader++;
  }
  async request(command: string, args: object): Promise<{ ok: boolean }> {
    this.emit('sent', command, args);
    return { ok: true };
  }
}

export class StreamWriter {
  constructor(readonly connection: BrokerConnection, readonly stream: string, readonly id: number) {}
  get key(): string {
    return `${this.connection.host}@${this.id}`;
  }
  async close(notifyBroker: boolean): Promise<void> {
    if (notifyBroker) await this.connection.request('delete-publisher', { id: this.id });
  }
}

export class StreamReader {
  constructor(readonly connection: BrokerConnection, readonly stream: string, readonly id: number) {}
  get key(): string {
    return `${this.connection.host}@${this.id}`;
  }
}
