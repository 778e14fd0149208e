declare module 'app-database' {
  /** The backend's shared MySQL pool wrapper: rows first, field metadata second. */
  interface Database {
    query(sql: string, params?: unknown[]): Promise<[unknown, unknown]>;
  }
  const db: Database;
  export default db;
}
