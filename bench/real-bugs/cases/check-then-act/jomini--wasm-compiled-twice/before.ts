// Case: nickbabcock/jomini, fix commit 55c29c8bb4898cb45a3943facc3aa6caf74ac200 ("Fix possibility of double
// initialization (#68)"; https://github.com/nickbabcock/jomini/pull/68).
// The code just before the fix, rewritten in our own code: the parser's static factory compiles its WebAssembly
// module once behind an `initialized` flag, but the flag is set only after the compile is awaited, so two calls made
// together both compile it.
declare function loadWasm(bytes: Uint8Array): Promise<void>;
declare function wasmBytes(): Uint8Array;
declare function parseText(data: Uint8Array): unknown;

let initialized = false;

export class Parser {
  private constructor() {}

  parse(data: Uint8Array): unknown {
    return parseText(data);
  }

  /** Creates a parser; the first call pays for compiling the WebAssembly module. */
  static initialize = async (): Promise<Parser> => {
    if (!initialized) {
      await loadWasm(wasmBytes());
      initialized = true;
    }
    return new Parser();
  };
}
