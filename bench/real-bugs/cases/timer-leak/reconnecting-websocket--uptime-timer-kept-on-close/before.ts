// Case: pladaria/reconnecting-websocket, fix commit 9112b5f6da82fca5fe1786fab90f0f80b9146968 ("#83 fix minUptime
// handling + tests", issue https://github.com/pladaria/reconnecting-websocket/issues/83). Rewritten in our own code: a
// reconnecting socket arms a "stable uptime" timer when a connection opens and drops it into a field that nothing ever
// clears: when the connection closes before the uptime has passed, or the socket is closed for good, the timer still
// fires and resets the retry count for a connection that is gone.
type Listener = (event: Event) => void;

export class RetryingSocket {
  private socket?: WebSocket;
  private retries = -1;
  private stableTimer: ReturnType<typeof setTimeout> | undefined;
  private openTimer: ReturnType<typeof setTimeout> | undefined;
  private keepReconnecting = true;
  private closed = false;
  private readonly openListeners: Listener[] = [];

  constructor(
    private readonly url: string,
    private readonly stableAfterMs = 5000,
    private readonly openLimitMs = 4000,
  ) {
    this.connect();
  }

  close(code = 1000, reason?: string): void {
    this.closed = true;
    this.keepReconnecting = false;
    if (!this.socket || this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close(code, reason);
  }

  onOpen(listener: Listener): void {
    this.openListeners.push(listener);
  }

  private connect(): void {
    if (this.closed) return;
    this.retries++;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', this.handleOpen);
    socket.addEventListener('close', this.handleClose);
    socket.addEventListener('error', this.handleError);
    this.openTimer = setTimeout(() => this.handleError(new Event('timeout')), this.openLimitMs);
  }

  private disconnect(code = 1000, reason?: string): void {
    clearTimeout(this.openTimer);
    if (!this.socket) return;
    this.socket.removeEventListener('open', this.handleOpen);
    this.socket.removeEventListener('close', this.handleClose);
    this.socket.removeEventListener('error', this.handleError);
    this.socket.close(code, reason);
  }

  private acceptOpen(): void {
    this.retries = 0;
  }

  private handleOpen = (event: Event): void => {
    clearTimeout(this.openTimer);
    this.stableTimer = setTimeout(() => this.acceptOpen(), this.stableAfterMs);
    for (const listener of this.openListeners) listener(event);
  };

  private handleError = (_event: Event): void => {
    this.disconnect(undefined, 'error');
    this.connect();
  };

  private handleClose = (_event: Event): void => {
    if (this.keepReconnecting) this.connect();
  };
}
