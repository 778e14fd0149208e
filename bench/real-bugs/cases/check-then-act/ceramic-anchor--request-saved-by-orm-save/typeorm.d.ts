declare module 'typeorm' {
  export type ObjectType<T> = new () => T;
  export interface InsertResult {
    identifiers: Array<Record<string, unknown>>;
  }
  export interface OrmRepository<T> {
    /** Loads the entity by primary key, then inserts it when it is missing or updates it when it exists. */
    save(entity: T): Promise<T>;
    /** INSERT … ON CONFLICT (conflictPaths) DO UPDATE, in one statement. */
    upsert(entity: T, conflictPaths: string[]): Promise<InsertResult>;
    findOne(id: unknown): Promise<T | undefined>;
    find(options: { where: Partial<T> }): Promise<T[]>;
  }
  export interface Connection {
    readonly options: { readonly type: string };
    getRepository<T>(entity: ObjectType<T>): OrmRepository<T>;
  }
}
