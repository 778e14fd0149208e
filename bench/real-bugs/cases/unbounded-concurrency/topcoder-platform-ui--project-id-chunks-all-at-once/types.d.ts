// The parts of the libraries the case uses: swr's hook and lodash's chunk (the original imports both).
declare module 'swr' {
  export interface SWRResponse<Data, Error = unknown> {
    readonly data?: Data;
    readonly error?: Error;
    readonly isLoading: boolean;
  }
  export default function useSWR<Data>(
    key: string | null,
    fetcher: () => Promise<Data>,
    options?: { isPaused?: () => boolean; refreshInterval?: number; revalidateOnFocus?: boolean },
  ): SWRResponse<Data, Data>;
}

declare module 'lodash' {
  export function chunk<T>(items: readonly T[], size: number): T[][];
}
