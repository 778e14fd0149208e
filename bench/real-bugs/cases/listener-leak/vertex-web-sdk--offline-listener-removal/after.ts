// Case: Vertexvis/vertex-web-sdk, fix commit 448a1e278fce9b21a7c3f7f5188ccc9f9a542b19 ("[PLAT-7224] Correctly remove
// stream reconnect listeners", PR https://github.com/Vertexvis/vertex-web-sdk/pull/696). Rewritten in our own code:
// every connection of a streaming client watches the browser's 'offline'/'online' events to reconnect after a
// network loss, and hands back a disposable that should stop watching. The disposable removes the inner helpers
// instead of the two wrappers that were added, so nothing is removed: each reconnect leaves another pair of
// listeners on `window`, all of them reconnecting the stream.
export interface Disposable {
  dispose(): void;
}

interface StreamOptions {
  offlineThresholdSeconds: number;
}

type StreamState = { kind: 'connecting' } | { kind: 'connected'; socket: WebSocket } | { kind: 'closed' };

export class LiveStream {
  private state: StreamState = { kind: 'closed' };
  private watchers: Disposable[] = [];

  constructor(
    private readonly url: string,
    private readonly options: StreamOptions,
  ) {}

  connect(): void {
    this.state = { kind: 'connecting' };
    const socket = new WebSocket(this.url);
    socket.addEventListener('open', () => {
      this.state = { kind: 'connected', socket };
      this.watchers = [this.reconnectAfterOffline()];
    });
  }

  disconnect(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    if (this.state.kind === 'connected') this.state.socket.close();
    this.state = { kind: 'closed' };
  }

  private reconnect(): void {
    this.disconnect();
    this.connect();
  }

  private reconnectAfterOffline(): Disposable {
    let timer: number | undefined;

    const clearTimer = (): void => window.clearTimeout(timer);

    const restartTimer = (): void => {
      clearTimer();
      timer = window.setTimeout(() => {
        if (this.state.kind === 'connected') this.reconnect();
      }, this.options.offlineThresholdSeconds * 1000);
    };

    const handleOnline = (): void => clearTimer();
    const handleOffline = (): void => restartTimer();

    window.addEventListener('offline', handleOffline);
    window.addEventListener('online', handleOnline);

    return {
      dispose: () => {
        clearTimer();
        window.removeEventListener('offline', handleOffline);
        window.removeEventListener('online', handleOnline);
      },
    };
  }
}
