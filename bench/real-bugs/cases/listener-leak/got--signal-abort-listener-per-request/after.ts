// Case: sindresorhus/got, fix commit 3cc40b549c4af3617e8f6793d07533f7d4123f90 ("Fix abort event listeners not always
// being cleaned up", https://github.com/sindresorhus/got/pull/2162, issue #2160), file source/core/index.ts. The fixed
// code: the listener is kept and `_destroy` removes it, so a finished request lets go of the caller's signal.
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
  private removeListeners: () => void = () => {};

  constructor(readonly options: FetchOptions) {
    super();
    const { signal } = this.options;
    if (signal) {
      const abort = () => {
        this.destroy(new AbortedError(this));
      };
      if (signal.aborted) {
        abort();
      } else {
        signal.addEventListener('abort', abort);
        this.removeListeners = () => {
          signal.removeEventListener('abort', abort);
        };
      }
    }
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
    this.removeListeners();
    callback(error);
  }
}
