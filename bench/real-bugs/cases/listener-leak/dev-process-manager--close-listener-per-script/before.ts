// Case: vivid-planet/dev-process-manager, fix commit d277a51b7c22b97297704b2c9f7fe2873fa50f7d ("Fix event listener
// warning by not subscribing close for every script", PR https://github.com/vivid-planet/dev-process-manager/pull/40).
// Rewritten in our own code: a client asking for the logs of many scripts gets its socket attached to each script,
// and each script adds its own 'close' listener to that one socket: eleven scripts and the socket warns of a leak.
import type { Socket } from 'node:net';

export class ManagedScript {
  readonly followers: Socket[] = [];
  readonly recent: string[] = [];

  constructor(readonly name: string) {}

  follow(socket: Socket): void {
    this.followers.push(socket);
    socket.on('close', () => {
      const at = this.followers.indexOf(socket);
      if (at !== -1) this.followers.splice(at, 1);
    });
  }

  publish(line: string): void {
    this.recent.push(line);
    for (const socket of this.followers) socket.write(`[${this.name}] ${line}\n`);
  }
}

export function streamLogs(scripts: readonly ManagedScript[], socket: Socket, pattern: RegExp): void {
  for (const script of scripts) {
    if (!pattern.test(script.name)) continue;
    for (const line of script.recent) socket.write(`[${script.name}] ${line}\n`);
    script.follow(socket);
  }
}
