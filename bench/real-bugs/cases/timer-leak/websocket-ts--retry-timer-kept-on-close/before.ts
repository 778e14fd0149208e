// Case: jjxxs/websocket-ts, fix commit 1208020671842249e3aa76ae0f4000d601a62ec5 ("Changes to websocket-api", which
// answers issue https://github.com/jjxxs/websocket-ts/issues/22 "Explicit close should clear retry timeout").
// Rewritten in our own code: a reconnecting socket schedules its next attempt with a timer whose handle it drops;
// close() marks the socket closed but cannot cancel a pending retry, which later opens a new connection.
export interface RetryPolicy {
  nextDelay(): number;
  reset(): void;
}

export class ReconnectingSocket {
  private socket: WebSocket | undefined;
  private closedByCaller = false;
  private attempts = 0;

  constructor(
    private readonly url: string,
    private readonly retry?: RetryPolicy,
  ) {
    this.open();
  }

  send(data: string): void {
    if (this.closedByCaller) return;
    if (this.socket !== undefined && this.socket.readyState === WebSocket.OPEN) this.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.closedByCaller = true;
    if (this.socket !== undefined) this.socket.close(code, reason);
  }

  private open(): void {
    if (this.socket !== undefined) {
      this.socket.removeEventListener('open', this.onOpen);
      this.socket.removeEventListener('close', this.onClose);
      this.socket.close();
    }
    this.socket = new WebSocket(this.url);
    this.socket.addEventListener('open', this.onOpen);
    this.socket.addEventListener('close', this.onClose);
  }

  private readonly onOpen = (): void => {
    this.attempts = 0;
    this.retry?.reset();
  };

  private readonly onClose = (): void => {
    if (!this.closedByCaller) this.scheduleRetry();
  };

  private scheduleRetry(): void {
    if (this.retry === undefined) return;
    const delay = this.retry.nextDelay();
    setTimeout(() => {
      this.attempts += 1;
      this.open();
    }, delay);
  }
}
