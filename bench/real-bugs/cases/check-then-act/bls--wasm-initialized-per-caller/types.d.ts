declare module 'pairing-wasm' {
  interface PairingLibrary {
    init(): Promise<void>;
    sign(secret: Uint8Array, message: Uint8Array): Uint8Array;
  }
  const library: PairingLibrary;
  export default library;
}
