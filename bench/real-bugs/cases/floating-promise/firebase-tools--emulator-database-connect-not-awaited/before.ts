// Case: firebase/firebase-tools, fix commit 84af44500a3afce855b8b9b74d8216a10328d976 ("Wait for emulator to start to
// initialize client (#7282)"; https://github.com/firebase/firebase-tools/pull/7282).
// The code just before the fix, rewritten in our own code: starting all emulators launches the data emulator and
// then asks it to connect to its database without awaiting, so the next emulators start before it is configured and
// a failure is unhandled.
interface Emulator {
  readonly name: string;
  start(): Promise<void>;
}

export class DataEmulator implements Emulator {
  readonly name = 'data';
  constructor(private readonly databaseUrl: string) {}

  async start(): Promise<void> {
    console.info(`${this.name} emulator listening`);
  }

  async connectToDatabase(): Promise<void> {
    const response = await fetch('http://127.0.0.1:9399/configure', {
      method: 'POST',
      body: JSON.stringify({ databaseUrl: this.databaseUrl }),
    });
    if (!response.ok) {
      throw new Error(`data emulator could not reach ${this.databaseUrl}: ${response.status}`);
    }
  }
}

export async function startEmulators(options: { data?: string; inEditor: boolean }, others: Emulator[]) {
  if (options.data !== undefined) {
    const data = new DataEmulator(options.data);
    await data.start();
    if (!options.inEditor) {
      data.connectToDatabase();
    }
  }
  for (const emulator of others) {
    await emulator.start();
  }
}
