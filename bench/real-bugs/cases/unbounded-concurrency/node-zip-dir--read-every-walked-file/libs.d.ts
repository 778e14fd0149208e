// Shapes of the two libraries the case requires, as far as it uses them.
declare module 'jszip' {
  class Archive {
    folder(name: string): Archive;
    file(name: string, contents: unknown): Archive;
    generate(options: { type: string; compression: string }): Buffer;
  }
  export = Archive;
}
declare module 'async' {
  interface Queue<T> {
    push(job: T, finished: (error?: Error | null) => void): void;
  }
  export function queue<T>(
    worker: (job: T, finished: (error?: Error | null) => void) => void,
    concurrency: number,
  ): Queue<T>;
}
