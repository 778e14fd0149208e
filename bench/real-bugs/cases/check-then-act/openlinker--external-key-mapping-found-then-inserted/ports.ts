// Ports of the case's identifier-mapping service (interfaces the original project declares in its domain layer).
export type EntityKind = 'product' | 'order' | 'customer';

export interface IdMapping {
  id: string;
  kind: EntityKind;
  internalId: string;
  externalId: string;
  platform: string;
  connectionId: string;
  createdAt: Date;
}

export interface MappingStore {
  findByExternalKey(kind: EntityKind, platform: string, connectionId: string, externalId: string): Promise<IdMapping | null>;
  insertMapping(mapping: IdMapping): Promise<void>;
}

export interface ConnectionDirectory {
  get(connectionId: string): Promise<{ id: string; platform: string }>;
}

/** Thrown by the store when the (kind, platform, connection, external id) key already exists. */
export class DuplicateMappingError extends Error {}

/** Thrown by the store when the generated internal id is already taken. */
export class InternalIdTakenError extends Error {}
