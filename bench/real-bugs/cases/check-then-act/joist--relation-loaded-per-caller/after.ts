// Case: joist-orm/joist-orm, fix commit e53ccdcf47797d24436e10233b311cd5497fce8f ("fix: Don't create multiple load
// promises. (#209)"; https://github.com/joist-orm/joist-orm/pull/209).
// The fixed code, rewritten in our own code: the first `load()` stores its promise, and every call made before it
// settles returns that same promise.
interface Populator {
  populate<E>(entity: E, hint: readonly string[]): Promise<E>;
}

export class DerivedValue<E, V> {
  private loaded = false;
  private loading: Promise<V> | undefined;

  constructor(
    private readonly populator: Populator,
    private readonly entity: E,
    private readonly hint: readonly string[],
    private readonly compute: (entity: E) => V,
  ) {}

  load(): Promise<V> {
    if (!this.loaded) {
      return (this.loading ??= this.populator.populate(this.entity, this.hint).then((populated) => {
        this.loaded = true;
        return this.compute(populated);
      }));
    }
    return Promise.resolve(this.get);
  }

  get get(): V {
    return this.compute(this.entity);
  }

  get isLoaded(): boolean {
    return this.loaded;
  }
}
