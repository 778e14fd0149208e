// Case: Oolab-labs/patchwork-os, fix commit 5e7f7efdd9362ade787de7bea136d833553c2064 ("catch errors from health probe
// setInterval async body", PR https://github.com/Oolab-labs/patchwork-os/pull/196). Rewritten in our own code: the
// orchestrator's health loop is an async setInterval callback awaiting a probe of every child bridge; a probe that
// throws rejects the callback's promise, which nothing handles, and Node 15+ ends the process.
export interface ChildBridge {
  readonly port: number;
  ping(): Promise<boolean>;
}

export interface BridgeRegistry {
  refresh(): void;
  all(): readonly ChildBridge[];
}

export class Orchestrator {
  private healthTimer: ReturnType<typeof setInterval> | undefined;
  private readonly alive = new Map<number, boolean>();

  constructor(
    private readonly registry: BridgeRegistry,
    private readonly healthIntervalMs: number,
  ) {}

  async start(): Promise<void> {
    await this.probeAll();
    this.healthTimer = setInterval(async () => {
      this.registry.refresh();
      await this.probeAll();
    }, this.healthIntervalMs);
    this.healthTimer.unref();
  }

  stop(): void {
    clearInterval(this.healthTimer);
  }

  private async probeAll(): Promise<void> {
    await Promise.all(
      this.registry.all().map(async (child) => {
        this.alive.set(child.port, await child.ping());
      }),
    );
  }
}
