declare module 'http-client' {
  export interface BinaryResponse {
    readonly status: number;
    readonly data: ArrayBuffer;
  }
  export interface HttpClient {
    get(url: string, options: { responseType: 'arraybuffer' }): Promise<BinaryResponse>;
  }
}
