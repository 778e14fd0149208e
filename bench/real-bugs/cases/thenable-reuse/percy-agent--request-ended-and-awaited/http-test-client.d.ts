// The shape of a superagent-style request builder (as chai-http returns): a lazy thenable; `end()` sends the request,
// and so does every `then()`.
declare module 'http-test-client' {
  interface TestResponse {
    status: number;
    headers: Record<string, string | undefined>;
    text: string;
  }
  interface TestRequest {
    get(path: string): TestRequest;
    set(header: string, value: string): TestRequest;
    end(callback: (error: Error | null, response: TestResponse) => void): TestRequest;
    then<R1 = TestResponse, R2 = never>(
      onFulfilled?: ((response: TestResponse) => R1 | PromiseLike<R1>) | null,
      onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
    ): Promise<R1 | R2>;
  }
  export function request(baseUrl: string): TestRequest;
}
