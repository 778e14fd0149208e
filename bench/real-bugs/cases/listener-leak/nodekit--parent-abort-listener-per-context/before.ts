// Case: gravity-ui/nodekit, fix commit 895194fc28d1a66880cfac635f1077f8f454c7d4 ("fix(context): memory leak for abort
// signals", PR #97). Rewritten in our own code: every child context listens for 'abort' on its parent's signal so that
// aborting a parent ends its children; the listener is never removed when the child ends, so a long-lived parent (the
// app context) keeps one listener, and the whole child, per request.
export interface ContextOptions {
  readonly parent?: RequestContext;
}

export class RequestContext {
  private readonly controller = new AbortController();
  private readonly parent: RequestContext | undefined;
  private ended = false;

  constructor(
    readonly name: string,
    options: ContextOptions = {},
  ) {
    this.parent = options.parent;
    if (options.parent) {
      options.parent.signal.addEventListener('abort', () => {
        if (!this.signal.aborted) this.end();
      });
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
    this.controller.abort();
  }

  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.controller.abort(error);
  }
}
