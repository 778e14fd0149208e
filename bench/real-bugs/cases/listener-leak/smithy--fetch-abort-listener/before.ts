// Case: smithy-lang/smithy-typescript, fix commit f31cc5f9201eb78c0fd890f1cbccadd932efca3d ("fix(http): remove
// AbortSignal event listeners when requests complete", PR https://github.com/smithy-lang/smithy-typescript/pull/1332).
// Rewritten in our own code: the fetch handler races the request against the caller's abort signal; the 'abort'
// listener stays on the signal after the response, one per request made with a long-lived signal.
export interface HandleOptions {
  abortSignal?: AbortSignal;
}

export class FetchHandler {
  constructor(private readonly timeoutMs: number) {}

  async handle(url: string, { abortSignal }: HandleOptions = {}): Promise<Response> {
    if (abortSignal?.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    const racers: Promise<Response>[] = [
      fetch(url, { signal: abortSignal ?? null }),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`No response in ${this.timeoutMs} ms`)), this.timeoutMs),
      ),
    ];
    if (abortSignal) {
      racers.push(
        new Promise<never>((_, reject) => {
          const onAbort = () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
          abortSignal.addEventListener('abort', onAbort);
        }),
      );
    }
    return Promise.race(racers);
  }
}
