// Case: ChainSafe/bls, fix commit df9166ed9cf9a92aed466ac680a1c98efe9461dd ("Cache a promise for Bls instead of Bls";
// https://github.com/ChainSafe/bls/pull/27).
// The fixed code, rewritten in our own code: the first caller stores the initialisation promise before anything is
// awaited, and every later caller awaits that same promise.
import library from 'pairing-wasm';

type Library = typeof library;

let ready: Library | null = null;
let starting: Promise<Library> | null = null;

async function setup(): Promise<Library> {
  if (!ready) {
    await library.init();
    ready = library;
  }
  return ready;
}

export async function init(): Promise<Library> {
  if (!starting) {
    starting = setup();
  }
  return starting;
}

export function destroy(): void {
  ready = null;
  starting = null;
}

export function context(): Library {
  if (!ready) throw new Error('the pairing library is not initialised');
  return ready;
}
