declare module 'stream-client' {
  export interface Subscription extends AsyncIterable<{ data: string }> {
    unsubscribe(): void;
  }
  export interface StreamClient {
    subscribe(subject: string, options: { deliverAll: boolean }): Promise<Subscription>;
  }
}
declare module 'reactive-ref' {
  export interface Ref<T> {
    value: T;
  }
  export function ref<T>(value: T): Ref<T>;
}
