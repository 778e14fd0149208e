// Case: KanishJebaMathewM/Truxify, fix commit 521dc5bd51db515409772d1a69fcde74ffb1cfbe ("WorkerEventAdapter memory
// leak"). Fixed: the listener is kept per worker and removed when the worker is detached.
import { EventEmitter } from 'node:events';

export class WorkerBridge extends EventEmitter {
  constructor() {
    super();
    /** @type {Map<string, import('node:worker_threads').Worker>} */
    this.workers = new Map();
    /** @type {Map<string, (message: any) => void>} */
    this.forwarders = new Map();
  }

  /**
   * @param {string} name
   * @param {import('node:worker_threads').Worker} worker
   */
  attach(name, worker) {
    /** @param {any} message */
    const forward = (message) => {
      if (message && message.kind) {
        this.emit('event', { from: name, kind: message.kind, body: message.body ?? message });
      }
    };
    this.workers.set(name, worker);
    this.forwarders.set(name, forward);
    worker.on('message', forward);
    return this;
  }

  /** @param {string} name */
  detach(name) {
    const worker = this.workers.get(name);
    const forward = this.forwarders.get(name);
    if (worker && forward) worker.off('message', forward);
    this.workers.delete(name);
    this.forwarders.delete(name);
    return this;
  }
}
