// Shared by before.ts and after.ts: the process-wide native bridge every room talks through (the original's
// FfiClient.instance singleton), reduced to what the case needs.
import { EventEmitter } from 'node:events';

export interface BridgeEvent {
  readonly kind: string;
  readonly requestId: number;
  readonly payload?: { readonly error?: string; readonly handle?: number; readonly members?: readonly string[] };
}

export class NativeBridge extends EventEmitter {
  static readonly shared = new NativeBridge();
  private nextId = 1;

  send(kind: string, body: object): { requestId: number } {
    const requestId = this.nextId++;
    queueMicrotask(() => this.emit('native', { kind, requestId, body }));
    return { requestId };
  }

  waitFor(test: (event: BridgeEvent) => boolean): Promise<BridgeEvent> {
    return new Promise((resolve) => {
      const onEvent = (event: BridgeEvent): void => {
        if (test(event)) {
          this.off('native', onEvent);
          resolve(event);
        }
      };
      this.on('native', onEvent);
    });
  }
}
