declare module '~/lib/xhr' {
  export function xhrGetAsync<T>(url: string): Promise<T>;
}
declare module '~/lib/url' {
  export function buildUrl(base: string, params: Record<string, unknown>): string;
  export function chunk<T>(items: readonly T[], size: number): T[][];
}
declare module 'swr' {
  export interface SWRResponse<T> {
    data?: T;
    error?: unknown;
  }
  export default function useSWR<T>(key: string, fetcher: () => Promise<T>, options?: object): SWRResponse<T>;
}
