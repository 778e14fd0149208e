// Case: smithy-lang/smithy-typescript, fix commit f31cc5f9201eb78c0fd890f1cbccadd932efca3d ("fix(http): remove
// AbortSignal event listeners when requests complete", PR https://github.com/smithy-lang/smithy-typescript/pull/1332).
// Rewritten in our own code: the fixed handler keeps a way to take the 'abort' listener off and runs it when the race
// settles.
export interface HandleOptions {
  abortSignal?: AbortSignal;
}

export class FetchHandler {
  constructor(private readonly timeoutMs: number) {}

  async handle(url: string, { abortSignal }: HandleOptions = {}): Promise<Response> {
    if (abortSignal?.aborted) throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    let removeAbortListener = () => {};
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
          abortSignal.addEventListener('abort', onAbort, { once: true });
          removeAbortListener = () => abortSignal.removeEventListener('abort', onAbort);
        }),
      );
    }
    return Promise.race(racers).finally(removeAbortListener);
  }
}
