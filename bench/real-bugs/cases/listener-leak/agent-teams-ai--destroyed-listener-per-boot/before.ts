// Case: 777genius/agent-teams-ai, fix commit de5d7b74ef3f3fb1d3de2f1a85668c6f38e0582b ("deduplicate heartbeat cleanup
// listeners"). Rewritten in our own code: every time a renderer window reports that it booted (each reload), the main
// process adds another one-shot 'destroyed' listener to the same window's contents; a window reloaded many times
// carries one cleanup listener per reload.
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

export function watchRendererBoots(ipc: IpcHub): void {
  ipc.on('renderer:boot', (event) => {
    const id = event.sender.id;
    lastBeatAt.set(id, Date.now());
    warnedAt.delete(id);
    event.sender.once('destroyed', () => {
      lastBeatAt.delete(id);
      warnedAt.delete(id);
    });
  });

  ipc.on('renderer:heartbeat', (event) => {
    lastBeatAt.set(event.sender.id, Date.now());
  });
}
