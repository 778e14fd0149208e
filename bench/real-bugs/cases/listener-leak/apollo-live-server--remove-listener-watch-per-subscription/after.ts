// Case: cult-of-coders/apollo-live-server, fix commit 005e2f4793716ac0809f70a69b49fb034329c7d9 ("Fixes #1 : event
// listeners memory leak"), source https://github.com/cult-of-coders/apollo-live-server/issues/1. Rewritten in our own
// code: the fixed version. The 'removeListener' watcher is a named function that takes itself off the shared emitter
// once its own channel has been unsubscribed.
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

  const stopWatcher = (removedTopic: string): void => {
    if (removedTopic === channel) {
      const watcher = watchers[channel];
      if (watcher) {
        watcher.stop();
        delete watchers[channel];
      }

      hubEmitter.removeListener('removeListener', stopWatcher);
    }
  };

  hubEmitter.on('removeListener', stopWatcher);

  return hub.iterate(channel);
}
