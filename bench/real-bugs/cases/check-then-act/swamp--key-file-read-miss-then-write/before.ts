// Case: swamp-club/swamp, fix commit 772ba808fca649524dedeb606139607edba84bfb ("fix: resolve TOCTOU race in vault
// encryption key auto-generation (#405)"), source https://github.com/swamp-club/swamp/pull/405 (issue #391). Rewritten
// in our own code (the original runs on Deno; the file calls here are Node's): a local secrets vault derives its key
// from a key file, generating one when reading the file fails. Two processes (or two vault instances in one process)
// that open a new vault together both fail the read, both generate a key, and the second rename silently replaces the
// first key file; secrets encrypted under the first key can never be read again.
import { randomUUID, webcrypto } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-write.js';

export interface LocalVaultSettings {
  readonly generateKey: boolean;
  readonly keyFile?: string;
}

export class LocalSecretVault {
  constructor(
    readonly name: string,
    private readonly directory: string,
    private readonly settings: LocalVaultSettings,
  ) {}

  private async ensureDirectory(): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
  }

  private importKey(material: string): Promise<webcrypto.CryptoKey> {
    return webcrypto.subtle.importKey('raw', new TextEncoder().encode(material), { name: 'PBKDF2' }, false, ['deriveKey']);
  }

  async keyMaterial(): Promise<webcrypto.CryptoKey> {
    if (this.settings.generateKey) {
      const keyFile = this.settings.keyFile ?? join(this.directory, '.key');

      try {
        // use the key that is already there
        const existing = await readFile(keyFile, 'utf8');
        return await this.importKey(existing);
      } catch {
        // no key yet: make one
        await this.ensureDirectory();
        const generated = randomUUID() + randomUUID();
        await writeFileAtomically(keyFile, generated, { mode: 0o600 });

        return await this.importKey(generated);
      }
    }

    throw new Error(`Local vault '${this.name}' has no key: enable key generation or configure a key file.`);
  }
}
