// Case: openlinker-project/openlinker, fix commit 618547a10e028140d5addaa618e33d5bc6c9ea23 ("fix(identifier-mapping):
// handle concurrent external key inserts idempotently", issue #97). Rewritten in our own code: sync workers map an
// external id to an internal one by looking the mapping up and inserting a new one when none is found. Two workers
// syncing the same connection both find nothing and both insert; the loser's duplicate-key error is rethrown and its
// sync job fails instead of using the mapping the other worker created.
import { randomUUID } from 'node:crypto';
import {
  type ConnectionDirectory,
  DuplicateMappingError,
  type EntityKind,
  InternalIdTakenError,
  type MappingStore,
} from './ports.js';

export class IdMappingService {
  constructor(
    private readonly store: MappingStore,
    private readonly connections: ConnectionDirectory,
  ) {}

  async getOrCreateInternalId(kind: EntityKind, externalId: string, connectionId: string): Promise<string> {
    const connection = await this.connections.get(connectionId);
    const platform = connection.platform;

    const existing = await this.store.findByExternalKey(kind, platform, connectionId, externalId);
    if (existing) {
      return existing.internalId;
    }

    let internalId = this.newInternalId(kind);
    try {
      await this.store.insertMapping({
        id: randomUUID(),
        kind,
        internalId,
        externalId,
        platform,
        connectionId,
        createdAt: new Date(),
      });
      return internalId;
    } catch (error) {
      console.error(`cannot map ${kind}:${externalId}@${connectionId}`, error);
      if (error instanceof DuplicateMappingError) {
        // Should not happen when the lookup above worked.
        throw error;
      }
      if (error instanceof InternalIdTakenError) {
        internalId = this.newInternalId(kind);
        await this.store.insertMapping({
          id: randomUUID(),
          kind,
          internalId,
          externalId,
          platform,
          connectionId,
          createdAt: new Date(),
        });
        return internalId;
      }
      throw error;
    }
  }

  private newInternalId(kind: EntityKind): string {
    return `${kind}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  }
}
