// Case: yetone/cumora, fix commit a9d6f7cfa312375ca0218867adca3b806e416964 ("fix(ws): make WsClient.connect()
// re-entrant so boot opens one socket, not five (#26)"; https://github.com/yetone/cumora/pull/26), file
// src/api/client.ts. The code just before the fix, rewritten in our own code: connect() returns early when a socket
// is open or opening, but the socket is only assigned after a ticket is fetched, so callers in the same tick all
// pass the check, each fetches a ticket and each opens a socket; all of them feed the same listeners.
type Frame = { kind: string; payload: unknown };
type Listener = (frame: Frame) => void;

declare function currentSession(): string | undefined;

export class LiveChannel {
  private socket: WebSocket | null = null;
  private readonly listeners = new Set<Listener>();
  private retryDelay = 500;

  constructor(private readonly origin: string) {}

  async connect(): Promise<void> {
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
    this.socket = new WebSocket(`${this.origin.replace(/^http/, 'ws')}/live?ticket=${encodeURIComponent(ticket)}`);
    this.socket.onmessage = (event: MessageEvent<string>) => {
      const frame = JSON.parse(event.data) as Frame;
      this.listeners.forEach((listener) => listener(frame));
    };
    this.socket.onclose = () => {
      this.socket = null;
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
