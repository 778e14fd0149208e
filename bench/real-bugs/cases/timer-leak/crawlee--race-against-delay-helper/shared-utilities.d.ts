// The part of the shared utilities package this case uses (as the package declares it): a promise that resolves
// after the given number of milliseconds.
declare module 'crawler-shared/utilities' {
  export function delayPromise(millis: number): Promise<void>;
}
