declare module 'fastq' {
  export interface PromiseQueue<T> {
    push(task: T): Promise<void>;
    drained(): Promise<void>;
  }
  const fastq: {
    promise<T>(worker: (task: T) => Promise<void>, concurrency: number): PromiseQueue<T>;
  };
  export default fastq;
}
