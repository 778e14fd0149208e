// The shape of the `run-parallel-limit` package this case uses.
declare module 'run-parallel-limit' {
  type Task<T> = (callback: (error: Error | null, result?: T) => void) => void;
  function runParallelLimit<T>(
    tasks: Array<Task<T>>,
    limit: number,
    callback: (error: Error | null, results: T[]) => void,
  ): void;
  export = runParallelLimit;
}
