// mocha's globals, as far as the case uses them (mocha is not installed here).
declare function describe(title: string, body: (this: unknown) => void): void;
declare function it(title: string, body: (this: unknown) => void | Promise<void>): void;
