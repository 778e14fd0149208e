// Case: botpress/messaging, fix commit b18c779df73a2a7905e6503de2342b27443c7380 ("fix socket unable to send error
// message crashing server", PR https://github.com/botpress/messaging/pull/402). Rewritten in our own code: socket
// 'message' and 'disconnect' listeners are async functions; the message handler's catch block replies on the socket,
// and when that reply throws (the socket is gone) the listener's promise rejects with nobody to catch it and the
// server process dies.
import type { EventEmitter } from 'node:events';

export interface ClientSocket extends EventEmitter {
  readonly id: string;
  send(payload: unknown): void;
}

export interface ClientMessage {
  readonly request: string;
  readonly type: string;
  readonly data: unknown;
}

export type MessageRoute = (socket: ClientSocket, message: ClientMessage) => Promise<void>;

export class SocketRouter {
  constructor(
    private readonly routes: Record<string, MessageRoute>,
    private readonly forget: (socket: ClientSocket) => Promise<void>,
  ) {}

  attach(socket: ClientSocket): void {
    socket.on('message', async (data: ClientMessage) => {
      await this.onMessage(socket, data);
    });
    socket.on('disconnect', async () => {
      await this.onDisconnect(socket);
    });
  }

  reply(socket: ClientSocket, message: ClientMessage, data: unknown): void {
    socket.send({ request: message.request, data });
  }

  private async onMessage(socket: ClientSocket, message: ClientMessage): Promise<void> {
    try {
      const route = this.routes[message.type];
      if (!route) return this.reply(socket, message, { error: true, message: `no route ${message.type}` });
      await route(socket, message);
    } catch (error) {
      console.error('socket message failed', error);
      return this.reply(socket, message, { error: true, message: 'an error occurred' });
    }
  }

  private async onDisconnect(socket: ClientSocket): Promise<void> {
    try {
      await this.forget(socket);
    } catch (error) {
      console.error('socket disconnect failed', error);
    }
  }
}
