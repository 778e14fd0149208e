// Shared by before.ts and after.ts: one process-wide emitter behind the subscription hub, as in the original's
// src/pubsub.ts (a PubSub whose emitter is exported so that callers can watch unsubscribes).
import { EventEmitter } from 'node:events';

export const hubEmitter = new EventEmitter();

export const hub = {
  publish(topic: string, payload: object): void {
    hubEmitter.emit(topic, payload);
  },
  iterate(topic: string): AsyncIterator<object> {
    const queue: object[] = [];
    const onPayload = (payload: object): void => {
      queue.push(payload);
    };
    hubEmitter.on(topic, onPayload);
    return {
      async next() {
        const value = queue.shift();
        return value === undefined ? { done: false, value: {} } : { done: false, value };
      },
      async return() {
        hubEmitter.removeListener(topic, onPayload);
        return { done: true, value: undefined };
      },
    };
  },
};
