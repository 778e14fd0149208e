// Case: livekit/node-sdks, fix commit 7f7cae90844906c2f9946e8349bbd1944dc87450 ("fix: cancel losing timeout in
// AudioMixer race to prevent timer leak (#641)"), source https://github.com/livekit/node-sdks/pull/641. Rewritten in
// our own code: the fixed version. The helper races the read itself and clears its timer in the read's finally(), so
// the timer goes whichever side wins and also when the read rejects.
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
        const next = await this.raceExpiry(reader.next(), this.readTimeoutMs);

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

  /** Races a promise against a timeout; the losing timer is cleared in the promise's finally(). */
  private raceExpiry<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expiry = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    return Promise.race([work.finally(() => clearTimeout(timer)), expiry]);
  }
}
