// mocha's globals and chai-as-promised's assertion, as far as the case uses them (neither is installed here).
declare function describe(title: string, body: (this: unknown) => void): void;
declare function it(title: string, body: (this: unknown) => void | Promise<void>): void;

declare namespace Chai {
  interface Assertion {
    rejectedWith(errorType: ErrorConstructor, message?: string | RegExp): PromiseLike<void>;
  }
}
