// Case: SierraSoftworks/Iridium, fix commit f7f9db17b08529234ed5e02188c1273d96f527ad ("Make core.connect async-safe
// (Fixes #15)"; https://github.com/SierraSoftworks/Iridium/issues/15), file lib/Core.ts.
// The code just before the fix, rewritten in our own code: the database core returns its open connection when it has
// one and otherwise opens a new one, storing it in a `.then` callback; every call made while the first connection is
// still opening opens another, and the last one to open replaces the others.
interface Database {
  collection(name: string): unknown;
  close(): Promise<void>;
}

type OpenDatabase = (url: string) => Promise<Database>;

export class DatabaseCore {
  private connection: Database | undefined;

  constructor(
    private readonly url: string,
    private readonly open: OpenDatabase,
  ) {}

  connect(): Promise<this> {
    return Promise.resolve()
      .then(() => {
        if (this.connection) return this.connection;
        return this.open(this.url);
      })
      .then((database) => {
        this.connection = database;
        return this;
      });
  }

  close(): Promise<void> {
    const database = this.connection;
    this.connection = undefined;
    return database ? database.close() : Promise.resolve();
  }
}
