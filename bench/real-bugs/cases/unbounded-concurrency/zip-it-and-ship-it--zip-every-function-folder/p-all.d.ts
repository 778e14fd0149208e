declare module 'p-all' {
  function pAll<T>(tasks: Iterable<() => T | PromiseLike<T>>, options?: { concurrency?: number }): Promise<T[]>;
  export = pAll;
}
