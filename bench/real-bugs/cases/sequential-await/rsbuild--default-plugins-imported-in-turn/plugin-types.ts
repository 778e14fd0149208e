// The plugin shape shared by the case's plugin modules (our own code).
export interface Plugin {
  readonly name: string;
  setup(api: { readonly root: string }): void | Promise<void>;
}

/** A plugin that only records its name. */
export function namedPlugin(name: string): Plugin {
  return { name, setup: () => undefined };
}
