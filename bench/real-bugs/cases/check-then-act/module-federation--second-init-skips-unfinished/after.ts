// Case: module-federation/core, fix commit 5fa878ee8eb4e5a8261e07566e0d4255f4667b51 ("fix(runtime-core): dedupe
// concurrent Module.init() calls (#4380)"; https://github.com/module-federation/core/pull/4380).
// The fixed code, rewritten in our own code: the initialisation in flight is stored as a promise before anything is
// awaited, and a second init() awaits it before handing back the container.
interface Container {
  init(scope: Record<string, unknown>): Promise<void>;
  get(name: string): Promise<() => unknown>;
}

interface Hooks {
  beforeInit(name: string): Promise<Record<string, unknown>>;
  afterInit(name: string): Promise<void>;
}

export class RemoteModule {
  inited = false;
  initing = false;
  initPromise?: Promise<void>;

  constructor(
    readonly name: string,
    private readonly loadContainer: () => Promise<Container>,
    private readonly hooks: Hooks,
  ) {}

  async init(): Promise<Container> {
    const container = await this.loadContainer();
    if (this.inited) {
      return container;
    }
    if (this.initPromise) {
      await this.initPromise;
      return container;
    }
    this.initing = true;
    this.initPromise = (async () => {
      const scope = await this.hooks.beforeInit(this.name);
      await container.init(scope);
      await this.hooks.afterInit(this.name);
      this.inited = true;
    })();
    try {
      await this.initPromise;
    } finally {
      this.initing = false;
      this.initPromise = undefined;
    }
    return container;
  }
}
