// Case: coders51/rabbitmq-stream-js-client, fix commit 33d79174668f459ad055214c34dc315ea73f4388 ("200 fix
// maxlistenersexceededwarning warning functional (#202)"), source
// https://github.com/coders51/rabbitmq-stream-js-client/issues/200. Rewritten in our own code: the fixed version. Each
// connection gets one 'metadata_update' listener when it is created; publishers and consumers register a one-shot close
// callback under their own key on a private emitter, and the single listener fires the callbacks of the streams the
// update names and forgets them.
import { EventEmitter } from 'node:events';
import { BrokerConnection, StreamReader, StreamWriter, type MetadataUpdate } from './types.js';

export interface WriterOptions {
  readonly stream: string;
  readonly reference?: string;
}

export interface ReaderOptions {
  readonly stream: string;
  readonly onClosed?: (hadError: boolean) => void;
}

interface Watch {
  readonly key: string;
  readonly stream: string;
}

export class StreamClient {
  private readonly writers = new Map<string, StreamWriter>();
  private readonly readers = new Map<string, StreamReader>();
  private readonly pool = new Map<string, BrokerConnection>();
  private readonly closeEvents = new EventEmitter();
  private watches: Watch[] = [];

  private async connectionFor(stream: string): Promise<BrokerConnection> {
    const existing = this.pool.get(stream);
    if (existing) return existing;
    const created = new BrokerConnection(`leader-of-${stream}`);
    created.on('metadata_update', (update: MetadataUpdate) => {
      const [due, kept] = partition(this.watches, (watch) => watch.stream === update.stream);
      this.watches = kept;
      due.forEach((watch) => this.closeEvents.emit(`close_${watch.key}`));
    });
    this.pool.set(stream, created);
    return created;
  }

  private onStreamClosed(key: string, stream: string, callback: () => void | Promise<void>): void {
    this.watches.push({ key, stream });
    this.closeEvents.once(`close_${key}`, callback);
  }

  async declareWriter(options: WriterOptions): Promise<StreamWriter> {
    const connection = await this.connectionFor(options.stream);
    const id = connection.producerId();
    await connection.request('declare-publisher', { id, stream: options.stream, reference: options.reference });
    const writer = new StreamWriter(connection, options.stream, id);
    this.onStreamClosed(`writer:${writer.key}`, options.stream, async () => {
      await writer.close(false);
      this.writers.delete(writer.key);
    });
    this.writers.set(writer.key, writer);
    return writer;
  }

  async declareReader(options: ReaderOptions): Promise<StreamReader> {
    const connection = await this.connectionFor(options.stream);
    const id = connection.readerId();
    const reader = new StreamReader(connection, options.stream, id);
    this.onStreamClosed(`reader:${reader.key}`, options.stream, async () => {
      if (options.onClosed) {
        options.onClosed(false);
      }
      await this.closeReader(reader.key);
    });
    this.readers.set(reader.key, reader);
    await connection.request('subscribe', { id, stream: options.stream });
    return reader;
  }

  async closeReader(key: string): Promise<void> {
    const reader = this.readers.get(key);
    if (!reader) return;
    await reader.connection.request('unsubscribe', { id: reader.id });
    this.readers.delete(key);
  }
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const hit: T[] = [];
  const miss: T[] = [];
  for (const item of items) (test(item) ? hit : miss).push(item);
  return [hit, miss];
}
