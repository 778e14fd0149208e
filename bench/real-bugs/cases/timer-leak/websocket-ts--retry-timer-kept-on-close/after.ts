// Case: jjxxs/websocket-ts, fix commit 1208020671842249e3aa76ae0f4000d601a62ec5 ("Changes to websocket-api", which
// answers issue https://github.com/jjxxs/websocket-ts/issues/22 "Explicit close should clear retry timeout").
// Rewritten in our own code: the fixed socket keeps the retry timer's handle and close() cancels it.
export interface RetryPolicy {
  nextDelay(): number;
  reset(): void;
}

export class ReconnectingSocket {
  private socket: WebSocket | undefined;
  private closedByCaller = false;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

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
    this.cancelRetry();
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
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.attempts += 1;
      this.open();
    }, delay);
  }

  private cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}
