// Case: anthropics/anthropic-sdk-typescript, fix commit eb272af39becf87549859f7257ec272facf590b2 ("fix(stream):
// avoid event listener leak"). Rewritten in our own code: a streaming reply forwards the caller's AbortSignal to
// its own controller with an 'abort' listener that is never removed, so a signal shared by many streams collects one
// listener (and the whole stream object) per call.
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
    if (signal) {
      if (signal.aborted) this.controller.abort();
      signal.addEventListener('abort', () => this.controller.abort());
    }
    const chunks = await transport.open(prompt, this.controller.signal);
    for await (const chunk of chunks) {
      this.text += chunk.delta;
    }
    if (this.controller.signal.aborted) {
      throw new Error('reply stream aborted by the caller');
    }
  }
}
