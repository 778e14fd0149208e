declare module 'electron' {
  import type { EventEmitter } from 'node:events';
  interface RendererChannel extends EventEmitter {
    send(channel: string, ...args: unknown[]): void;
  }
  export const ipcRenderer: RendererChannel;
}
