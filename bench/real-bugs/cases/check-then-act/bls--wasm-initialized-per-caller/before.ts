// Case: ChainSafe/bls, fix commit df9166ed9cf9a92aed466ac680a1c98efe9461dd ("Cache a promise for Bls instead of Bls";
// https://github.com/ChainSafe/bls/pull/27).
// The code just before the fix, rewritten in our own code: the module keeps the initialised WebAssembly library in a
// module variable and only sets it once `init()` has resolved, so every caller that arrives during start-up finds it
// empty and initialises the library again.
import library from 'pairing-wasm';

type Library = typeof library;

let ready: Library | null = null;

export async function init(): Promise<Library> {
  if (ready) return ready;
  await library.init();
  ready = library;
  return ready;
}

export function destroy(): void {
  ready = null;
}

export function context(): Library {
  if (!ready) throw new Error('the pairing library is not initialised');
  return ready;
}
