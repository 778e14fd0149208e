// Case: livekit/client-sdk-js, fix commit 46c91106f4a30c020c2e5427089053a42722eaee ("remove listener from correct
// object", PR https://github.com/livekit/client-sdk-js/pull/1768). Rewritten in our own code: each connect adds a
// 'freeze' listener to `document`, but the cleanup on disconnect removes 'freeze' from `window`; the document keeps
// one listener (and the whole room) per connection, and a later freeze disconnects rooms long gone.
import { EventEmitter } from 'node:events';

export class CallRoom extends EventEmitter {
  private connected = false;

  constructor(private readonly disconnectOnPageLeave: boolean) {
    super();
  }

  async connect(join: () => Promise<void>): Promise<void> {
    await join();
    if (this.disconnectOnPageLeave) {
      window.addEventListener('pagehide', this.onPageLeave);
      window.addEventListener('beforeunload', this.onPageLeave);
    }
    document.addEventListener('freeze', this.onPageLeave);
    this.connected = true;
    this.emit('connected');
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    window.removeEventListener('beforeunload', this.onPageLeave);
    window.removeEventListener('pagehide', this.onPageLeave);
    window.removeEventListener('freeze', this.onPageLeave);
    this.emit('disconnected');
  }

  private onPageLeave = async () => {
    await this.disconnect();
  };
}
