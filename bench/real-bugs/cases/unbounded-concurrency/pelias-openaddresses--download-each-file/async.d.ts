// The part of the `async` package (caolan/async) this case uses.
declare module 'async' {
  type Callback = (error?: Error | null) => void;
  type Task = (callback: Callback) => void;
  export function each<T>(items: readonly T[], iteratee: (item: T, callback: Callback) => void, done: Callback): void;
  export function eachLimit<T>(
    items: readonly T[],
    limit: number,
    iteratee: (item: T, callback: Callback) => void,
    done: Callback,
  ): void;
  export function series(tasks: readonly Task[], done: Callback): void;
}
