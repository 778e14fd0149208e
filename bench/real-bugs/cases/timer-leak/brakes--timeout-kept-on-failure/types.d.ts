// The part of bluebird's shape this case uses: a Promise constructor of its own, with promisify.
declare module 'bluebird' {
  const Bluebird: PromiseConstructor & { promisify(fn: (...args: any[]) => void): (...args: any[]) => Promise<unknown> };
  export = Bluebird;
}
