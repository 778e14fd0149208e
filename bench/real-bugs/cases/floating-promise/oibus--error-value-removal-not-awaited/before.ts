// Case: OptimistikSAS/OIBus, fix commit aab1901d7922314ab62d216bc28f8d0b60663e10 ("fix(north): await when removing
// error values"; https://github.com/OptimistikSAS/OIBus/commit/aab1901d7922314ab62d216bc28f8d0b60663e10).
// The code just before the fix, rewritten in our own code: removing the error files of a connector's value cache
// starts an async delete per file and awaits none of them, so the method resolves before the files are gone and a
// failed delete is unhandled.
import { rm } from 'node:fs/promises';
import path from 'node:path';

export default class ValueCacheService {
  private readonly keys = new Map<string, number>();

  constructor(private readonly errorFolder: string) {}

  private async deleteKeyFromCache(filePath: string): Promise<void> {
    await rm(filePath, { force: true });
    this.keys.delete(filePath);
  }

  /** Removes the given error value files. */
  async removeErrorValues(filenames: string[]): Promise<void> {
    for (const filename of filenames) {
      const filePath = path.join(this.errorFolder, filename);
      this.deleteKeyFromCache(filePath);
    }
  }
}
