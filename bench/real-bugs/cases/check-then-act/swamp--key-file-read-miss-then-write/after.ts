// Case: swamp-club/swamp, fix commit 772ba808fca649524dedeb606139607edba84bfb ("fix: resolve TOCTOU race in vault
// encryption key auto-generation (#405)"), source https://github.com/swamp-club/swamp/pull/405 (issue #391). Rewritten
// in our own code (the original runs on Deno; the file calls here are Node's): the fixed version. Only a missing file
// leads to generation, the new key is created exclusively ('wx', O_CREAT|O_EXCL), and the loser of a concurrent
// creation reads back the winner's key instead of replacing it.
import { randomUUID, webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw error;
        }
        // no key yet: create one exclusively
        await this.ensureDirectory();
        const generated = randomUUID() + randomUUID();

        try {
          await writeFile(keyFile, generated, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
          return await this.importKey(generated);
        } catch (writeError) {
          if ((writeError as NodeJS.ErrnoException).code === 'EEXIST') {
            // another instance won the race: use its key
            const winner = await readFile(keyFile, 'utf8');
            return await this.importKey(winner);
          }
          throw writeError;
        }
      }
    }

    throw new Error(`Local vault '${this.name}' has no key: enable key generation or configure a key file.`);
  }
}
