// Case: joist-orm/joist-orm, fix commit e53ccdcf47797d24436e10233b311cd5497fce8f ("fix: Don't create multiple load
// promises. (#209)"; https://github.com/joist-orm/joist-orm/pull/209).
// The code just before the fix, rewritten in our own code: a derived property loads the entity's relations the first
// time it is asked for and marks itself loaded in the `.then` of that load, so every `load()` made meanwhile (a
// `Promise.all` over the same entity, two resolvers) populates the relations again.
interface Populator {
  populate<E>(entity: E, hint: readonly string[]): Promise<E>;
}

export class DerivedValue<E, V> {
  private loaded = false;

  constructor(
    private readonly populator: Populator,
    private readonly entity: E,
    private readonly hint: readonly string[],
    private readonly compute: (entity: E) => V,
  ) {}

  load(): Promise<V> {
    if (!this.loaded) {
      return this.populator.populate(this.entity, this.hint).then((populated) => {
        this.loaded = true;
        return this.compute(populated);
      });
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
