// Case: ueberdosis/hocuspocus, fix commit 886bb7198aa01800dc2786262f8ab5808925a23c ("Memory leak when registering
// event listeners in hocuspocus provider", issue #345, pull request #348). Rewritten in our own code: each provider
// registers `online` and `beforeunload` listeners on the window and subscribes to a cross-tab channel; `destroy()`
// and `disconnect()` try to remove them with a fresh `.bind(this)` (a different function), and never remove the
// inline `beforeunload` one, so every provider created and destroyed in a page stays reachable from the window.
import { EventEmitter } from 'node:events';
import * as channel from 'tab-channel';

export interface SyncProviderOptions {
  url: string;
  room: string;
  checkEveryMs: number;
}

export class SyncProvider extends EventEmitter {
  private socket: WebSocket | null = null;
  private subscribed = false;
  private readonly checker: ReturnType<typeof setInterval>;
  private readonly peers = new Set<string>();

  constructor(private readonly options: SyncProviderOptions) {
    super();
    this.registerWindowListeners();
    this.checker = setInterval(() => this.checkConnection(), options.checkEveryMs);
  }

  get channelName(): string {
    return `${this.options.url}/${this.options.room}`;
  }

  async connect(): Promise<void> {
    if (this.socket !== null) {
      return;
    }
    this.subscribeToChannel();
    this.socket = new WebSocket(this.options.url);
    this.emit('connecting');
  }

  registerWindowListeners(): void {
    if (typeof window === 'undefined') {
      return;
    }

    window.addEventListener('online', this.connect.bind(this));
    window.addEventListener('beforeunload', () => {
      this.peers.clear();
      this.emit('presence', []);
    });
  }

  checkConnection(): void {
    if (this.socket === null && this.subscribed) {
      void this.connect();
    }
  }

  channelMessage(data: ArrayBuffer): void {
    this.emit('message', data);
  }

  subscribeToChannel(): void {
    if (!this.subscribed) {
      channel.subscribe(this.channelName, this.channelMessage.bind(this));
      this.subscribed = true;
    }
  }

  leaveChannel(): void {
    if (this.subscribed) {
      channel.unsubscribe(this.channelName, this.channelMessage.bind(this));
      this.subscribed = false;
    }
  }

  disconnect(): void {
    this.leaveChannel();
    this.socket?.close();
    this.socket = null;
  }

  destroy(): void {
    this.emit('destroy');
    clearInterval(this.checker);
    this.disconnect();
    this.removeAllListeners();

    if (typeof window === 'undefined') {
      return;
    }

    window.removeEventListener('online', this.connect.bind(this));
  }
}
