// A stand-in for the framework's database manager: hands out a client for a plugin's database.
export interface Client {
  run(statement: string): Promise<void>;
}

export class DatabaseManager {
  static fromConfig(config: Record<string, unknown>): DatabaseManager {
    return new DatabaseManager(config);
  }

  private constructor(private readonly config: Record<string, unknown>) {}

  forPlugin(plugin: string): { getClient(): Promise<Client> } {
    const url = String(this.config[plugin] ?? '');
    return {
      getClient: async () => ({
        run: async (statement: string) => {
          if (url === '') throw new Error(`no database for ${statement}`);
        },
      }),
    };
  }
}
