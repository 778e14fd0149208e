// Case: cult-of-coders/apollo-live-server, fix commit 005e2f4793716ac0809f70a69b49fb034329c7d9 ("Fixes #1 : event
// listeners memory leak"), source https://github.com/cult-of-coders/apollo-live-server/issues/1. Rewritten in our own
// code: every live subscription starts a change watcher and registers a 'removeListener' watcher on the hub's shared,
// module-level emitter so that the change watcher stops when the client unsubscribes. The 'removeListener' watcher is
// never taken off, so each subscription ever opened leaves one listener on the shared emitter
// (MaxListenersExceededWarning after ten subscriptions).
import { randomUUID } from 'node:crypto';
import { hub, hubEmitter } from './pubsub.js';

export interface ChangeWatcher {
  stop(): void;
}

export interface WatchableTable {
  readonly typeName: string;
  watchChanges(
    filter: object,
    callbacks: { added(id: string, row: object): void; changed(id: string, fields: object): void; removed(id: string): void },
  ): ChangeWatcher;
}

const watchers: Record<string, ChangeWatcher | undefined> = {};

export function liveRows(table: WatchableTable, filter: object = {}, topic?: string): AsyncIterator<object> {
  const channel = topic ?? randomUUID();
  const kind = table.typeName;

  let replaying = true;
  watchers[channel] = table.watchChanges(filter, {
    added(id, row) {
      if (!replaying) hub.publish(channel, { id, row, kind, event: 'added' });
    },
    changed(id, fields) {
      hub.publish(channel, { id, row: fields, kind, event: 'changed' });
    },
    removed(id) {
      hub.publish(channel, { id, kind, event: 'removed' });
    },
  });
  replaying = false;

  hubEmitter.on('removeListener', (removedTopic: string) => {
    if (removedTopic === channel) {
      const watcher = watchers[channel];
      if (watcher) {
        watcher.stop();
        delete watchers[channel];
      }
    }
  });

  return hub.iterate(channel);
}
