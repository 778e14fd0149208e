// Document-store shapes of the case (the Firestore admin SDK's references in the original project), reduced to what
// the clear command uses.
export interface DocRef {
  readonly path: string;
  delete(): Promise<object>;
  listCollections(): Promise<CollectionRef[]>;
}

export interface CollectionRef {
  readonly path: string;
  listDocuments(): Promise<DocRef[]>;
}

export interface Database {
  listCollections(): Promise<CollectionRef[]>;
}

export function isDocument(ref: Database | DocRef | CollectionRef): ref is Database | DocRef {
  return 'listCollections' in ref;
}

export function isDatabase(ref: Database | DocRef | CollectionRef): ref is Database {
  return !('path' in ref);
}
