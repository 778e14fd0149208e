// Case: anthropics/anthropic-sdk-typescript, fix commit eb272af39becf87549859f7257ec272facf590b2 ("fix(stream):
// avoid event listener leak"). Fixed: the forwarding listener is removed in `finally`, whatever way the stream ends.
export interface ChatChunk {
  readonly delta: string;
}

export interface ChatTransport {
  open(prompt: string, signal: AbortSignal): Promise<AsyncIterable<ChatChunk>>;
}

export class ReplyStream {
  private readonly controller = new AbortController();
  private text = '';

  get received(): string {
    return this.text;
  }

  async run(transport: ChatTransport, prompt: string, options?: { signal?: AbortSignal }): Promise<void> {
    const signal = options?.signal;
    let forward: (() => void) | undefined;
    if (signal) {
      if (signal.aborted) this.controller.abort();
      forward = this.controller.abort.bind(this.controller);
      signal.addEventListener('abort', forward);
    }
    try {
      const chunks = await transport.open(prompt, this.controller.signal);
      for await (const chunk of chunks) {
        this.text += chunk.delta;
      }
      if (this.controller.signal.aborted) {
        throw new Error('reply stream aborted by the caller');
      }
    } finally {
      if (signal && forward) signal.removeEventListener('abort', forward);
    }
  }
}
