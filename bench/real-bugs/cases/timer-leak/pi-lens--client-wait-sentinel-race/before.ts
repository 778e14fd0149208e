// Case: apmantza/pi-lens, fix commit 04f48fb9886e1e9ec391b1f56f472c9777f12ac6 (refs
// https://github.com/apmantza/pi-lens/issues/1097). Rewritten in our own code: waiting for a language-server client
// races the start-up against a timer that resolves a sentinel; when the client is ready first the timer stays
// armed for the whole budget, so a one-shot command never exits.
export interface ServerHandle {
  readonly id: string;
  request(method: string, params: unknown): Promise<unknown>;
}

const waitExpired = Symbol('wait-expired');

export class ClientPool {
  private readonly starting = new Map<string, Promise<ServerHandle | undefined>>();

  constructor(private readonly maxWaitMs: number) {}

  start(root: string, launch: () => Promise<ServerHandle | undefined>): void {
    if (!this.starting.has(root)) this.starting.set(root, launch());
  }

  async clientFor(root: string): Promise<ServerHandle | undefined> {
    const pending = this.starting.get(root);
    if (pending === undefined) return undefined;
    const outcome = await Promise.race<ServerHandle | undefined | typeof waitExpired>([
      pending,
      new Promise<typeof waitExpired>((resolve) => setTimeout(() => resolve(waitExpired), this.maxWaitMs)),
    ]);
    if (outcome === waitExpired) {
      console.warn(`language server for ${root} not ready after ${this.maxWaitMs} ms`);
      return undefined;
    }
    return outcome;
  }
}
