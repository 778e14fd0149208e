// Case: daisugiland/daisugi, fix commit 8484193be715b22036164b3f1b0f78748a96eae1 ("fix(kado): async singleton
// resolution"; https://github.com/daisugiland/daisugi/pull/82).
// The fixed code, rewritten in our own code: a singleton's entry holds a promise of its instance from before the first
// await, so a concurrent resolve of the same token awaits that promise instead of building a second instance.
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
    let settle: ((value: unknown) => void) | undefined;
    if (!entry.registration.transient) {
      entry.instance = new Promise((resolve) => {
        settle = resolve;
      });
    }
    const params = entry.registration.params
      ? await Promise.all(entry.registration.params.map((param) => this.resolve(param)))
      : [];
    const instance = entry.registration.create(...params);
    if (settle === undefined) {
      return instance as T;
    }
    settle(instance);
    return entry.instance as T;
  }
}
