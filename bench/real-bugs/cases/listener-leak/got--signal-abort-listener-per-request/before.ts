// Case: sindresorhus/got, fix commit 3cc40b549c4af3617e8f6793d07533f7d4123f90 ("Fix abort event listeners not always
// being cleaned up", https://github.com/sindresorhus/got/pull/2162, issue #2160), file source/core/index.ts. Rewritten
// in our own code: each request stream adds an 'abort' listener to the signal its caller passes in the options, and
// nothing removes it when the request ends; a signal shared by many requests keeps every finished request reachable.
import { Duplex } from 'node:stream';

export interface FetchOptions {
  url: string;
  signal?: AbortSignal;
}

class AbortedError extends Error {
  constructor(readonly request: RequestStream) {
    super('The request was aborted');
  }
}

export class RequestStream extends Duplex {
  private stopTimers: () => void = () => {};

  constructor(readonly options: FetchOptions) {
    super();
    if (this.options.signal?.aborted) {
      this.destroy(new AbortedError(this));
    }
    this.options.signal?.addEventListener('abort', () => {
      this.destroy(new AbortedError(this));
    });
    const timer = setTimeout(() => this.destroy(new Error('timed out')), 30_000);
    this.stopTimers = () => clearTimeout(timer);
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.push(chunk);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stopTimers();
    callback(error);
  }
}
