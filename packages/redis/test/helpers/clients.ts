/** Client factories for the tests: ioredis and node-redis against a test server, closed after each file. */
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { NodeRedisLike } from '../../src/index.js';

export type ClientKind = 'ioredis' | 'node-redis';

const open: (() => Promise<unknown>)[] = [];

/** A connected ioredis client (errors while the server is down are swallowed; commands queue and retry). */
export function ioredis(port: number): Redis {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: false, maxRetriesPerRequest: null });
  client.on('error', () => undefined);
  open.push(() => {
    client.disconnect();
    return Promise.resolve();
  });
  return client;
}

/** A connected node-redis client. */
export async function nodeRedis(port: number): Promise<NodeRedisLike> {
  const client = createClient({ url: `redis://127.0.0.1:${port}` });
  client.on('error', () => undefined);
  await client.connect();
  open.push(() => {
    client.destroy();
    return Promise.resolve();
  });
  return client;
}

/** Either kind of client. */
export async function connect(kind: ClientKind, port: number): Promise<Redis | NodeRedisLike> {
  return kind === 'ioredis' ? ioredis(port) : nodeRedis(port);
}

/** Closes every client opened by this file. */
export async function closeClients(): Promise<void> {
  const closers = open.splice(0);
  await Promise.all(closers.map((close) => close()));
}
