// Case: gravity-ui/nodekit, fix commit 895194fc28d1a66880cfac635f1077f8f454c7d4 ("fix(context): memory leak for abort
// signals", PR #97). Fixed: the context keeps its listener and removes it from the parent's signal when it ends or
// fails.
export interface ContextOptions {
  readonly parent?: RequestContext;
}

export class RequestContext {
  private readonly controller = new AbortController();
  private readonly parent: RequestContext | undefined;
  private onParentAbort: (() => void) | undefined;
  private ended = false;

  constructor(
    readonly name: string,
    options: ContextOptions = {},
  ) {
    this.parent = options.parent;
    if (options.parent) {
      this.onParentAbort = () => {
        if (!this.signal.aborted) this.end();
      };
      options.parent.signal.addEventListener('abort', this.onParentAbort);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  child(name: string): RequestContext {
    return new RequestContext(name, { parent: this });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.detachFromParent();
    this.controller.abort();
  }

  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.detachFromParent();
    this.controller.abort(error);
  }

  private detachFromParent(): void {
    if (this.parent && this.onParentAbort) {
      this.parent.signal.removeEventListener('abort', this.onParentAbort);
      this.onParentAbort = undefined;
    }
  }
}
