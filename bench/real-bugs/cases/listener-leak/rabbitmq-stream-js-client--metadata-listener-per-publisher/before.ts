// Case: coders51/rabbitmq-stream-js-client, fix commit 33d79174668f459ad055214c34dc315ea73f4388 ("200 fix
// maxlistenersexceededwarning warning functional (#202)"), source
// https://github.com/coders51/rabbitmq-stream-js-client/issues/200. Rewritten in our own code: each publisher and each
// consumer declared on a pooled connection adds its own 'metadata_update' listener to that shared connection. Closing
// the publisher or consumer never removes it, so a connection that serves many publishers and consumers over its life
// collects one listener per declaration (MaxListenersExceededWarning after ten).
import { BrokerConnection, StreamReader, StreamWriter, type MetadataUpdate } from './types.js';

export interface WriterOptions {
  readonly stream: string;
  readonly reference?: string;
}

export interface ReaderOptions {
  readonly stream: string;
  readonly onClosed?: (hadError: boolean) => void;
}

export class StreamClient {
  private readonly writers = new Map<string, StreamWriter>();
  private readonly readers = new Map<string, StreamReader>();
  private readonly pool = new Map<string, BrokerConnection>();

  private async connectionFor(stream: string): Promise<BrokerConnection> {
    const existing = this.pool.get(stream);
    if (existing) return existing;
    const created = new BrokerConnection(`leader-of-${stream}`);
    this.pool.set(stream, created);
    return created;
  }

  async declareWriter(options: WriterOptions): Promise<StreamWriter> {
    const connection = await this.connectionFor(options.stream);
    const id = connection.producerId();
    await connection.request('declare-publisher', { id, stream: options.stream, reference: options.reference });
    const writer = new StreamWriter(connection, options.stream, id);
    connection.on('metadata_update', async (update: MetadataUpdate) => {
      if (update.stream === writer.stream) {
        await writer.close(false);
        this.writers.delete(writer.key);
      }
    });
    this.writers.set(writer.key, writer);
    return writer;
  }

  async declareReader(options: ReaderOptions): Promise<StreamReader> {
    const connection = await this.connectionFor(options.stream);
    const id = connection.readerId();
    const reader = new StreamReader(connection, options.stream, id);
    connection.on('metadata_update', async (update: MetadataUpdate) => {
      if (update.stream === reader.stream) {
        if (options.onClosed) {
          options.onClosed(false);
        }
        await this.closeReader(reader.key);
      }
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
