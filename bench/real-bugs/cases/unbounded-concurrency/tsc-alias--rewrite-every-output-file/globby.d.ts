declare module 'globby' {
  export function sync(patterns: string | readonly string[], options?: { dot?: boolean; onlyFiles?: boolean }): string[];
}
declare module 'plimit-lit' {
  export function pLimit(concurrency: number): <T>(task: () => Promise<T>) => Promise<T>;
}
