declare module 'klaw' {
  import type { Readable } from 'node:stream';
  import type { Stats } from 'node:fs';
  export interface Item {
    readonly path: string;
    readonly stats: Stats;
  }
  export default function klaw(root: string): Readable;
}
declare module 'async/queue' {
  export interface Queue<T> {
    push(task: T, done?: (error?: Error | null) => void): void;
    drain(): Promise<void>;
  }
  export default function queue<T>(worker: (task: T, done: (error?: Error | null) => void) => void, concurrency: number): Queue<T>;
}
