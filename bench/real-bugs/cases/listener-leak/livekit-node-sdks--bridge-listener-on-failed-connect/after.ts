// Case: livekit/node-sdks, fix commit 1563626e15caa3e9f25c55013526eb198e51f18a ("Fix memory leak when Room.connect()
// fails (#652)"), source https://github.com/livekit/node-sdks/pull/652. Rewritten in our own code: the fixed version.
// The connect logic runs in a try/catch; on any failure the room's handler is taken off the shared bridge and the
// buffered early events are dropped before the error is rethrown. On success the handler stays until leave().
import { EventEmitter } from 'node:events';
import { NativeBridge, type BridgeEvent } from './bridge.js';

export class JoinError extends Error {}

export class CallRoom extends EventEmitter {
  private handle: number | undefined;
  private members: string[] = [];
  private earlyEvents: BridgeEvent[] = [];
  connected = false;

  private readonly onBridgeEvent = (event: BridgeEvent): void => {
    if (!this.connected) {
      this.earlyEvents.push(event);
      return;
    }
    this.emit('event', event);
  };

  async join(url: string, token: string): Promise<void> {
    NativeBridge.shared.on('native', this.onBridgeEvent);

    try {
      const sent = NativeBridge.shared.send('connect', { url, token });

      const reply = await NativeBridge.shared.waitFor(
        (event) => event.kind === 'connect' && event.requestId === sent.requestId,
      );

      if (reply.payload?.error !== undefined) {
        throw new JoinError(reply.payload.error);
      }
      this.handle = reply.payload?.handle;
      this.members = [...(reply.payload?.members ?? [])];
      this.connected = true;
      for (const event of this.earlyEvents.splice(0)) this.emit('event', event);
    } catch (error) {
      NativeBridge.shared.off('native', this.onBridgeEvent);
      this.earlyEvents = [];
      throw error;
    }
  }

  async leave(): Promise<void> {
    if (!this.connected) return;
    const sent = NativeBridge.shared.send('disconnect', { handle: this.handle });
    await NativeBridge.shared.waitFor((event) => event.kind === 'disconnect' && event.requestId === sent.requestId);
    this.connected = false;
    this.members = [];
    NativeBridge.shared.removeListener('native', this.onBridgeEvent);
    this.removeAllListeners();
  }
}
