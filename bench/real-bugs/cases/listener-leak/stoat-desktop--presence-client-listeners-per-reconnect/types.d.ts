declare module 'presence-rpc' {
  import { EventEmitter } from 'node:events';
  export class PresenceClient extends EventEmitter {
    constructor(options: { transport: 'ipc' | 'websocket' });
    login(options: { clientId: string }): Promise<void>;
    setActivity(activity: { state: string; details: string }): Promise<void>;
    destroy(): Promise<void>;
  }
}
