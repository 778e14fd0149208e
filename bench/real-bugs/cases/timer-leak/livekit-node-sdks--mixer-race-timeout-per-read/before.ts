// Case: livekit/node-sdks, fix commit 7f7cae90844906c2f9946e8349bbd1944dc87450 ("fix: cancel losing timeout in
// AudioMixer race to prevent timer leak (#641)"), source https://github.com/livekit/node-sdks/pull/641. Rewritten in
// our own code: a mixer pulls frames from each input stream, racing every read against a timeout promise made by a
// private helper. When the read wins (the normal case) the helper's setTimeout is never cleared, so every frame read
// leaves a pending timer for the full stream timeout, and closing the mixer waits on them.
export interface PcmFrame {
  readonly samples: Int16Array;
}

export class StreamMixer {
  private readonly pending = new Map<AsyncIterable<PcmFrame>, Int16Array>();
  private readonly readers = new Map<AsyncIterable<PcmFrame>, AsyncIterator<PcmFrame>>();
  closed = false;

  constructor(
    private readonly blockSamples: number,
    private readonly channels: number,
    private readonly readTimeoutMs = 100,
  ) {}

  async pull(input: AsyncIterable<PcmFrame>): Promise<{ samples: Int16Array; ended: boolean }> {
    let buffer = this.pending.get(input) ?? new Int16Array(0);
    let ended = false;

    let reader = this.readers.get(input);
    if (!reader) {
      reader = input[Symbol.asyncIterator]();
      this.readers.set(input, reader);
    }

    while (buffer.length < this.blockSamples * this.channels && !ended && !this.closed) {
      try {
        const next = await Promise.race([reader.next(), this.expireAfter(this.readTimeoutMs)]);

        if (next === 'timeout') {
          console.warn(`mixer: input silent for ${this.readTimeoutMs}ms`);
          break;
        }
        if (next.done) {
          ended = true;
          break;
        }

        const joined = new Int16Array(buffer.length + next.value.samples.length);
        joined.set(buffer);
        joined.set(next.value.samples, buffer.length);
        buffer = joined;
      } catch (error) {
        console.error('mixer: input failed', error);
        ended = true;
        break;
      }
    }

    const wanted = this.blockSamples * this.channels;
    const block = buffer.subarray(0, wanted);
    this.pending.set(input, buffer.subarray(wanted));
    return { samples: block, ended };
  }

  private expireAfter(ms: number): Promise<'timeout'> {
    return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms));
  }
}
