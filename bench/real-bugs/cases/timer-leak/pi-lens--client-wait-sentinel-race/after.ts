// Case: apmantza/pi-lens, fix commit 04f48fb9886e1e9ec391b1f56f472c9777f12ac6 (refs
// https://github.com/apmantza/pi-lens/issues/1097). Fixed: the wait timer is kept and cleared once the race settles.
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
    let waitTimer: ReturnType<typeof setTimeout> | undefined;
    let outcome: ServerHandle | undefined | typeof waitExpired;
    try {
      outcome = await Promise.race<ServerHandle | undefined | typeof waitExpired>([
        pending,
        new Promise<typeof waitExpired>((resolve) => {
          waitTimer = setTimeout(() => resolve(waitExpired), this.maxWaitMs);
        }),
      ]);
    } finally {
      if (waitTimer) clearTimeout(waitTimer);
    }
    if (outcome === waitExpired) {
      console.warn(`language server for ${root} not ready after ${this.maxWaitMs} ms`);
      return undefined;
    }
    return outcome;
  }
}
