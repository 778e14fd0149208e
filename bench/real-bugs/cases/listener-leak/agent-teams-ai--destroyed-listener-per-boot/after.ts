// Case: 777genius/agent-teams-ai, fix commit de5d7b74ef3f3fb1d3de2f1a85668c6f38e0582b ("deduplicate heartbeat cleanup
// listeners"). Fixed: a WeakSet remembers which window contents already have their cleanup listener, so a reload adds
// nothing.
import type { EventEmitter } from 'node:events';

export interface WindowContents extends EventEmitter {
  readonly id: number;
}

export interface IpcChannelEvent {
  readonly sender: WindowContents;
}

export interface IpcHub {
  on(channel: string, listener: (event: IpcChannelEvent) => void): void;
}

const lastBeatAt = new Map<number, number>();
const warnedAt = new Map<number, number>();
const withCleanup = new WeakSet<object>();

export function watchRendererBoots(ipc: IpcHub): void {
  ipc.on('renderer:boot', (event) => {
    const sender = event.sender;
    const id = sender.id;
    lastBeatAt.set(id, Date.now());
    warnedAt.delete(id);
    if (!withCleanup.has(sender)) {
      withCleanup.add(sender);
      sender.once('destroyed', () => {
        withCleanup.delete(sender);
        lastBeatAt.delete(id);
        warnedAt.delete(id);
      });
    }
  });

  ipc.on('renderer:heartbeat', (event) => {
    lastBeatAt.set(event.sender.id, Date.now());
  });
}
