// Case: vivid-planet/dev-process-manager, fix commit d277a51b7c22b97297704b2c9f7fe2873fa50f7d ("Fix event listener
// warning by not subscribing close for every script", PR https://github.com/vivid-planet/dev-process-manager/pull/40).
// Fixed: the command adds one 'close' listener per socket, which detaches it from every script.
import type { Socket } from 'node:net';

export class ManagedScript {
  readonly followers: Socket[] = [];
  readonly recent: string[] = [];

  constructor(readonly name: string) {}

  follow(socket: Socket): void {
    this.followers.push(socket);
  }

  publish(line: string): void {
    this.recent.push(line);
    for (const socket of this.followers) socket.write(`[${this.name}] ${line}\n`);
  }
}

function unfollowAll(scripts: readonly ManagedScript[], socket: Socket): void {
  for (const script of scripts) {
    const at = script.followers.indexOf(socket);
    if (at !== -1) script.followers.splice(at, 1);
  }
}

export function streamLogs(scripts: readonly ManagedScript[], socket: Socket, pattern: RegExp): void {
  for (const script of scripts) {
    if (!pattern.test(script.name)) continue;
    for (const line of script.recent) socket.write(`[${script.name}] ${line}\n`);
    script.follow(socket);
  }
  socket.on('close', () => {
    unfollowAll(scripts, socket);
  });
}
