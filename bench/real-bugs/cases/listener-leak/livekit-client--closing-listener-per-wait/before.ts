// Case: livekit/client-sdk-js, fix commit 66966927321a3a3eb88cc9cd53891d13e552c78c ("avoid attaching a new Closing
// event listener for each waitForBufferStatusLow call", PR https://github.com/livekit/client-sdk-js/pull/1896).
// Rewritten in our own code: every wait for a data channel to drain adds a 'closing' listener to the long-lived
// engine; it is removed only when the channel drains, not when the wait fails early, and senders that wait often
// stack up listeners on the engine.
import { EventEmitter } from 'node:events';

export class ConnectionClosed extends Error {
  override readonly name = 'ConnectionClosed';
}

export type ChannelKind = 'reliable' | 'lossy';

export class MediaEngine extends EventEmitter {
  closed = false;
  private readonly channels = new Map<ChannelKind, RTCDataChannel>();

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
        const onClosing = () => reject(new ConnectionClosed('engine closed'));
        this.once('closing', onClosing);
        const channel = this.channels.get(kind);
        if (!channel) {
          reject(new ConnectionClosed(`no data channel of kind ${kind}`));
          return;
        }
        channel.addEventListener(
          'bufferedamountlow',
          () => {
            this.off('closing', onClosing);
            resolve();
          },
          { once: true },
        );
      }
    });
  }

  close(): void {
    this.closed = true;
    this.emit('closing');
  }
}
