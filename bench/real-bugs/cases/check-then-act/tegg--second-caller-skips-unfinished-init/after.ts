// Case: eggjs/tegg, fix commit bfafeff99f1b7221de85df3890b55145a9fe2b35 ("fix: concurrent init (#336)";
// https://github.com/eggjs/tegg/pull/336).
// The fixed code, rewritten in our own code: a per-request context initializer marks an object as initialized before
// awaiting the creation of its injected dependencies, so a second caller in the same request sees the mark and uses
// the object before its dependencies exist.
interface ManagedObject {
  name: string;
  dependencies: string[];
}

type CreateDependency = (name: string) => Promise<unknown>;

export class RequestContextInitializer {
  private readonly started = new WeakMap<ManagedObject, boolean>();
  private readonly running = new WeakMap<ManagedObject, Promise<void[]>>();

  constructor(private readonly create: CreateDependency) {}

  async init(object: ManagedObject): Promise<void> {
    if (this.started.get(object) === true) {
      // another caller started it: wait until it has finished
      const pending = this.running.get(object);
      if (pending) {
        await pending;
      }
      return;
    }
    this.started.set(object, true);
    const initializing = Promise.all(
      object.dependencies.map(async (dependency) => {
        await this.create(dependency);
      }),
    );
    this.running.set(object, initializing);
    await initializing;
    this.running.delete(object);
  }
}
