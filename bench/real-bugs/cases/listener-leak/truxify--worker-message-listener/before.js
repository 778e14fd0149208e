// Case: KanishJebaMathewM/Truxify, fix commit 521dc5bd51db515409772d1a69fcde74ffb1cfbe ("WorkerEventAdapter memory
// leak"). Rewritten in our own code: registering a worker adds an anonymous 'message' listener to it; removing the
// worker forgets the worker but never takes the listener off, so a worker registered again (or kept alive elsewhere)
// piles up listeners that still forward into this bridge.
import { EventEmitter } from 'node:events';

export class WorkerBridge extends EventEmitter {
  constructor() {
    super();
    /** @type {Map<string, import('node:worker_threads').Worker>} */
    this.workers = new Map();
  }

  /**
   * @param {string} name
   * @param {import('node:worker_threads').Worker} worker
   */
  attach(name, worker) {
    this.workers.set(name, worker);
    worker.on('message', (message) => {
      if (message && message.kind) {
        this.emit('event', { from: name, kind: message.kind, body: message.body ?? message });
      }
    });
    return this;
  }

  /** @param {string} name */
  detach(name) {
    this.workers.delete(name);
    return this;
  }
}
