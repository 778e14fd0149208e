// Case: piglovesyou/pipeline-pipe, fix commit ce54f0a578c21bcc6fca4595e221568de030e99f ("The last fix (mine) created a
// leak by attaching listeners indiscriminately", PR https://github.com/piglovesyou/pipeline-pipe/pull/37). Rewritten in
// our own code: a transform stream that runs work in parallel pushes finished results in order; whenever push() says
// the reader is full it registers a new pair of one-shot listeners on itself, once per flush, and flushes run on every
// finished task, so the pairs stack up until the stream resumes.
import { Transform, type TransformCallback, type TransformOptions } from 'node:stream';

export type Work<I, O> = (input: I, done: (error?: Error | null, output?: O) => void) => void;

export interface ParallelOptions extends TransformOptions {
  limit?: number;
}

export class ParallelMap<I, O> extends Transform {
  private readonly limit: number;
  private readonly results = new Map<number, O | null>();
  private next = 0;
  private flushed = 0;
  private ending = false;
  private waiting: TransformCallback | null = null;
  private stopped = false;

  constructor(
    private readonly work: Work<I, O>,
    options: ParallelOptions = {},
  ) {
    const limit = options.limit ?? 8;
    super({ objectMode: true, highWaterMark: Math.max(limit, 16), ...options });
    this.limit = limit;
  }

  override _transform(chunk: I, _encoding: BufferEncoding, callback: TransformCallback): void {
    const position = this.next++;
    this.work(chunk, (error, output) => {
      if (this.stopped) return;
      if (error) {
        this.stopped = true;
        this.destroy(error);
        return;
      }
      this.results.set(position, output ?? null);
      this.flush();
    });
    if (this.next - this.flushed < this.limit) {
      callback();
      return;
    }
    this.waiting = callback;
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.ending = true;
    this.waiting = callback;
    this.flush();
  }

  private flush(): void {
    while (this.results.has(this.flushed)) {
      const value = this.results.get(this.flushed);
      this.results.delete(this.flushed++);
      if (value === null || value === undefined) continue;
      if (!this.push(value)) {
        this.once('resume', () => {
          this.flush();
        });
        this.once('readable', () => this.resume());
        break;
      }
    }
    const pending = this.next - this.flushed;
    const free = this.ending ? pending === 0 : pending < this.limit;
    if (!free || !this.waiting) return;
    const resume = this.waiting;
    this.waiting = null;
    resume();
  }
}
