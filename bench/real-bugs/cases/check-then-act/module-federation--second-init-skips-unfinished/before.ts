// Case: module-federation/core, fix commit 5fa878ee8eb4e5a8261e07566e0d4255f4667b51 ("fix(runtime-core): dedupe
// concurrent Module.init() calls (#4380)"; https://github.com/module-federation/core/pull/4380).
// The code just before the fix, rewritten in our own code: a remote module marks itself as initialising before it
// awaits the container's init hooks and sets `inited` only at the end; a second init() meanwhile sees the busy mark,
// skips the work and hands back the container before it is initialised.
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

  constructor(
    readonly name: string,
    private readonly loadContainer: () => Promise<Container>,
    private readonly hooks: Hooks,
  ) {}

  async init(): Promise<Container> {
    const container = await this.loadContainer();
    if (!this.inited && !this.initing) {
      this.initing = true;
      const scope = await this.hooks.beforeInit(this.name);
      await container.init(scope);
      await this.hooks.afterInit(this.name);
      this.inited = true;
    }
    return container;
  }
}
