// Case: daisugiland/daisugi, fix commit 8484193be715b22036164b3f1b0f78748a96eae1 ("fix(kado): async singleton
// resolution"; https://github.com/daisugiland/daisugi/pull/82).
// The code just before the fix, rewritten in our own code: the dependency container keeps each registration in a
// private map and stores a singleton's instance on the entry only after its parameters are resolved with an await, so
// two concurrent resolves of one token both build an instance.
type Token = string | symbol;

interface Registration {
  create: (...params: unknown[]) => unknown;
  params?: Token[];
  transient?: boolean;
}

interface Entry {
  registration: Registration;
  instance: unknown;
}

export class Injector {
  readonly #entries = new Map<Token, Entry>();

  register(token: Token, registration: Registration): void {
    this.#entries.set(token, { registration, instance: undefined });
  }

  async resolve<T>(token: Token): Promise<T> {
    const entry = this.#entries.get(token);
    if (entry === undefined) {
      throw new Error(`Nothing is registered for ${String(token)}`);
    }
    if (entry.instance) {
      return entry.instance as T;
    }
    const params = entry.registration.params
      ? await Promise.all(entry.registration.params.map((param) => this.resolve(param)))
      : [];
    const instance = entry.registration.create(...params);
    if (entry.registration.transient) {
      return instance as T;
    }
    entry.instance = instance;
    return instance as T;
  }
}
