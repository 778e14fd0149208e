// Case: SierraSoftworks/Iridium, fix commit f7f9db17b08529234ed5e02188c1273d96f527ad ("Make core.connect async-safe
// (Fixes #15)"; https://github.com/SierraSoftworks/Iridium/issues/15), file lib/Core.ts.
// The fixed code, rewritten in our own code: the pending open is stored as soon as it starts, so concurrent calls
// share it; it is forgotten when it settles.
interface Database {
  collection(name: string): unknown;
  close(): Promise<void>;
}

type OpenDatabase = (url: string) => Promise<Database>;

export class DatabaseCore {
  private connection: Database | undefined;
  private connecting: Promise<Database> | undefined;

  constructor(
    private readonly url: string,
    private readonly open: OpenDatabase,
  ) {}

  connect(): Promise<this> {
    return Promise.resolve()
      .then(() => {
        if (this.connection) return this.connection;
        if (this.connecting) return this.connecting;
        return (this.connecting = this.open(this.url));
      })
      .then(
        (database) => {
          this.connection = database;
          this.connecting = undefined;
          return this;
        },
        (error: unknown) => {
          this.connecting = undefined;
          throw error;
        },
      );
  }

  close(): Promise<void> {
    const database = this.connection;
    this.connection = undefined;
    return database ? database.close() : Promise.resolve();
  }
}
