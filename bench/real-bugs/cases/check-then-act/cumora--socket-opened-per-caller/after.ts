// Case: yetone/cumora, fix commit a9d6f7cfa312375ca0218867adca3b806e416964 ("fix(ws): make WsClient.connect()
// re-entrant so boot opens one socket, not five (#26)"; https://github.com/yetone/cumora/pull/26), file
// src/api/client.ts. The fixed code, rewritten in our own code: the attempt in flight is kept as a promise set before
// anything is awaited, and callers that arrive meanwhile get that promise; it is cleared when the attempt settles.
type Frame = { kind: string; payload: unknown };
type Listener = (frame: Frame) => void;

declare function currentSession(): string | undefined;

export class LiveChannel {
  private socket: WebSocket | null = null;
  private readonly listeners = new Set<Listener>();
  private retryDelay = 500;
  private attempt: Promise<void> | null = null;

  constructor(private readonly origin: string) {}

  connect(): Promise<void> {
    const running = this.attempt;
    if (running) return running;
    const attempt = this.open().finally(() => {
      this.attempt = null;
    });
    this.attempt = attempt;
    return attempt;
  }

  private async open(): Promise<void> {
    if (this.socket && (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING)) {
      return;
    }
    const session = currentSession();
    if (!session) return;
    let ticket: string;
    try {
      const response = await fetch(`${this.origin}/channel-ticket`, { method: 'POST', headers: { authorization: session } });
      if (!response.ok) {
        this.retryLater();
        return;
      }
      ticket = ((await response.json()) as { ticket: string }).ticket;
    } catch {
      this.retryLater();
      return;
    }
    const socket = new WebSocket(`${this.origin.replace(/^http/, 'ws')}/live?ticket=${encodeURIComponent(ticket)}`);
    this.socket = socket;
    socket.onmessage = (event: MessageEvent<string>) => {
      const frame = JSON.parse(event.data) as Frame;
      this.listeners.forEach((listener) => listener(frame));
    };
    socket.onclose = () => {
      if (this.socket === socket) this.socket = null;
      this.retryLater();
    };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private retryLater(): void {
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, 8000);
    setTimeout(() => void this.connect(), delay);
  }
}
