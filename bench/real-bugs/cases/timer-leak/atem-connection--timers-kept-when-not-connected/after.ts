// Case: Sofie-Automation/sofie-atem-connection, fix commit d3040d10c1f10182eaec3c3cd481be0ade8d56fc ("timers are
// cleaned when calling disconnect, even when not connected", issue
// https://github.com/Sofie-Automation/sofie-atem-connection/issues/38). Fixed: the intervals are cleared after the
// disconnect settles, whether the link was open or not.
import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter } from 'node:events';

type LinkState = 'closed' | 'hello-sent' | 'open';

export class SwitcherLink extends EventEmitter {
  private state: LinkState = 'closed';
  private reconnectTimer: NodeJS.Timeout | undefined;
  private retransmitTimer: NodeJS.Timeout | undefined;
  private socket: Socket = createSocket('udp4');
  private lastHeardAt = Date.now();

  constructor(
    private host: string,
    private readonly port = 9910,
  ) {
    super();
  }

  connect(host?: string): void {
    if (host) this.host = host;
    if (!this.reconnectTimer) {
      this.reconnectTimer = setInterval(() => {
        if (this.lastHeardAt + 5000 > Date.now()) return;
        if (this.state === 'open') this.emit('disconnect');
        this.sendHello();
      }, 5000);
    }
    this.retransmitTimer = setInterval(() => this.retransmit(), 10);
    this.sendHello();
  }

  disconnect(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.state === 'open') {
        this.socket.close(() => resolve());
      } else {
        resolve();
      }
    }).then(() => {
      clearInterval(this.retransmitTimer);
      clearInterval(this.reconnectTimer);
      this.reconnectTimer = undefined;
      this.state = 'closed';
      this.socket = createSocket('udp4');
      this.emit('disconnect');
    });
  }

  private sendHello(): void {
    this.socket.send(Buffer.from([0x10, 0x14]), this.port, this.host);
    this.state = 'hello-sent';
  }

  private retransmit(): void {
    this.emit('tick');
  }
}
