declare module 'event-stream' {
  import type { Transform } from 'node:stream';
  export function mapSync<T, R>(fn: (item: T) => R): Transform;
  export function map<T, R>(fn: (item: T, done: (error: Error | null, result?: R) => void) => void): Transform;
}
declare module 'knox' {
  import type { IncomingMessage } from 'node:http';
  export interface Client {
    putBuffer(
      buffer: Buffer,
      path: string,
      headers: Record<string, string | number>,
      callback: (error: Error | null, response: IncomingMessage) => void,
    ): void;
  }
  export function createClient(options: { key: string; secret: string; bucket: string }): Client;
}
