declare module 'sql-builder' {
  export interface TableBuilder {
    string(name: string, length?: number): { notNullable(): TableBuilder };
    text(name: string): { notNullable(): TableBuilder };
    timestamp(name: string): { defaultTo(value: unknown): TableBuilder };
    primary(columns: string[]): void;
  }
  export interface SchemaBuilder {
    hasTable(name: string): Promise<boolean>;
    createTable(name: string, build: (table: TableBuilder) => void): Promise<void>;
    createTableIfNotExists(name: string, build: (table: TableBuilder) => void): Promise<void>;
  }
  export interface Database {
    schema: SchemaBuilder;
    fn: { now(): unknown };
  }
}
