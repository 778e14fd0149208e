// Case: livekit/client-sdk-js, fix commit 66966927321a3a3eb88cc9cd53891d13e552c78c ("avoid attaching a new Closing
// event listener for each waitForBufferStatusLow call", PR https://github.com/livekit/client-sdk-js/pull/1896).
// Fixed: the engine listens for 'closing' once, in its constructor, and settles one shared promise that every wait
// subscribes to; a wait adds nothing to the engine.
import { EventEmitter } from 'node:events';

export class ConnectionClosed extends Error {
  override readonly name = 'ConnectionClosed';
}

export type ChannelKind = 'reliable' | 'lossy';

export class MediaEngine extends EventEmitter {
  closed = false;
  private readonly channels = new Map<ChannelKind, RTCDataChannel>();
  private readonly closing: Promise<never>;

  constructor() {
    super();
    this.closing = new Promise<never>((_, reject) => {
      this.on('closing', () => reject(new ConnectionClosed('engine closed')));
    });
    // Nobody may be waiting when the engine closes.
    this.closing.catch(() => {});
  }

  attachChannel(kind: ChannelKind, channel: RTCDataChannel): void {
    this.channels.set(kind, channel);
  }

  private drained(kind: ChannelKind): boolean {
    const channel = this.channels.get(kind);
    return channel === undefined || channel.bufferedAmount <= channel.bufferedAmountLowThreshold;
  }

  async waitUntilDrained(kind: ChannelKind): Promise<void> {
    return new Promise<void>(async (resolve, reject) => {
      if (this.closed) {
        reject(new ConnectionClosed('engine closed'));
      }
      if (this.drained(kind)) {
        resolve();
      } else {
        const channel = this.channels.get(kind);
        if (!channel) {
          reject(new ConnectionClosed(`no data channel of kind ${kind}`));
          return;
        }
        this.closing.catch((error: unknown) => reject(error));
        channel.addEventListener('bufferedamountlow', () => resolve(), { once: true });
      }
    });
  }

  close(): void {
    this.closed = true;
    this.emit('closing');
  }
}
