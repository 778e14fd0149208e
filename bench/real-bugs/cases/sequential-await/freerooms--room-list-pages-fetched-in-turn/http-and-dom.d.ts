declare module 'page-client' {
  export interface PageResponse {
    readonly status: number;
    readonly body: string;
  }
  export function getPage(url: string): Promise<PageResponse>;
}
