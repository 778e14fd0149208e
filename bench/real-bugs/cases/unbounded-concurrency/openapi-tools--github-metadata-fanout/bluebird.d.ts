// The part of the `bluebird` package this case uses.
declare module 'bluebird' {
  interface MapOptions {
    concurrency?: number;
  }
  const Bluebird: {
    map<T, R>(items: Iterable<T>, mapper: (item: T, index: number) => R | PromiseLike<R>, options?: MapOptions): Promise<R[]>;
    all<T>(values: Iterable<T | PromiseLike<T>> | PromiseLike<Iterable<T>>): Promise<T[]>;
  };
  export = Bluebird;
}
