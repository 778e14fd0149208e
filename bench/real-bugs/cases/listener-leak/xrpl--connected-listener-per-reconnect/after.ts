// Case: XRPLF/xrpl.js, fix commit 6282a00564c2f3845f24476cfe3045cd19d6b9b9 ("Prevent 'connected' event listener
// accumulation on reconnect by using .once() instead of .on()", https://github.com/XRPLF/xrpl.js/pull/3211, issue
// #3210). Rewritten in our own code: the fixed form drops stale 'connected' listeners and re-adds a single once.
import { EventEmitter } from 'node:events';

export class LedgerLink extends EventEmitter {
  async open(url: string): Promise<void> {
    this.emit('connected', url);
  }
}

export class LedgerClient extends EventEmitter {
  private readonly link: LedgerLink;

  constructor(link: LedgerLink) {
    super();
    this.link = link;

    this.link.on('error', (error: Error) => this.emit('error', error));

    this.link.on('reconnect', () => {
      this.link.removeAllListeners('connected');
      this.link.once('connected', () => this.emit('connected'));
    });

    this.link.on('disconnected', (code: number) => this.emit('disconnected', code));
  }
}
