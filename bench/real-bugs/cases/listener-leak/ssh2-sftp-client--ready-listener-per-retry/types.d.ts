// The shapes of the two libraries the original used (ssh2's Client and retry's operation), declared for the case.
declare module 'ssh2' {
  import { EventEmitter } from 'node:events';
  export class Client extends EventEmitter {
    connect(config: object): this;
    sftp(callback: (err: Error | undefined, sftp: object) => void): void;
    end(): void;
  }
}
declare module 'retry' {
  export interface RetryOperation {
    attempt(fn: (attempt: number) => void): void;
    retry(err?: Error): boolean;
  }
  export function operation(options: { retries: number; factor: number; minTimeout: number }): RetryOperation;
}
