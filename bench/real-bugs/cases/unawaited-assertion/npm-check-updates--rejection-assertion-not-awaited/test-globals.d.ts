// The shapes of mocha's globals and of chai-as-promised's `should` the case uses (neither is installed here).
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => void | Promise<void>): void;

interface PromiseAssertion {
  eventually: {
    be: {
      rejectedWith(message: string | RegExp): Promise<void>;
      fulfilled: Promise<void>;
    };
  };
}

interface Promise<T> {
  should: PromiseAssertion;
}
