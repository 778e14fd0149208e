// Case: modelcontextprotocol/typescript-sdk, fix commit 89fb0947b487b37f9bfcc2a2486dcd33d3922f8e
// ("consolidate per-request cleanup in _requestWithSchema", PR
// https://github.com/modelcontextprotocol/typescript-sdk/pull/1790; reported in PR #1672). Fixed: the listener is
// named, added with `once`, and removed in a `finally` that runs on every way the request settles.
export interface Wire {
  send(message: { id: number; method: string; params: unknown }): Promise<void>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export class RpcPeer {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown, error?: Error) => void>();
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(private readonly wire: Wire) {}

  call(method: string, params: unknown, options?: CallOptions): Promise<unknown> {
    let onAbort: (() => void) | undefined;
    return new Promise((resolve, reject) => {
      options?.signal?.throwIfAborted();
      const id = this.nextId++;

      const cancel = (reason: unknown): void => {
        this.waiting.delete(id);
        this.stopTimer(id);
        reject(reason instanceof Error ? reason : new Error(String(reason)));
      };

      this.waiting.set(id, (result, error) => {
        this.stopTimer(id);
        if (error) reject(error);
        else resolve(result);
      });

      onAbort = () => cancel(options?.signal?.reason);
      options?.signal?.addEventListener('abort', onAbort, { once: true });

      this.timers.set(
        id,
        setTimeout(() => cancel(new Error(`${method} timed out`)), options?.timeoutMs ?? 60_000),
      );

      this.wire.send({ id, method, params }).catch((error: unknown) => {
        this.waiting.delete(id);
        this.stopTimer(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    }).finally(() => {
      if (onAbort) options?.signal?.removeEventListener('abort', onAbort);
    });
  }

  receive(id: number, result: unknown, error?: Error): void {
    const settle = this.waiting.get(id);
    this.waiting.delete(id);
    settle?.(result, error);
  }

  private stopTimer(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }
}
