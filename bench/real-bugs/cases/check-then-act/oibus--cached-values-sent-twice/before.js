// Case: OptimistikSAS/OIBus, fix commit 9ce70bca624035c0ae9406278ef7b39d6aead1f8 ("Fix calling immediatelly
// cacheValue multiple time (#210)"; https://github.com/OptimistikSAS/OIBus/pull/210).
// The code just before the fix, rewritten in our own code: the cache flushes values to a north application by
// reading the pending rows, awaiting the send and then deleting the rows it read; a flush triggered while another is
// in flight reads the same rows and sends them again.
'use strict';

/**
 * @typedef {{ id: number, value: number }} CachedValue
 * @typedef {{ pending(app: string, max: number): Promise<CachedValue[]>, remove(app: string, values: CachedValue[]): Promise<number> }} ValueStore
 * @typedef {{ upload(app: string, values: CachedValue[]): Promise<boolean> }} Uploader
 */

class ValueCache {
  /**
   * @param {ValueStore} store
   * @param {Uploader} uploader
   */
  constructor(store, uploader) {
    this.store = store;
    this.uploader = uploader;
  }

  /** @param {string} app */
  async flush(app) {
    let success = true;
    try {
      const values = await this.store.pending(app, 1000);
      if (values.length) {
        success = await this.uploader.upload(app, values);
        if (success) {
          await this.store.remove(app, values);
        }
      }
    } catch (error) {
      console.error(error);
      success = false;
    }
    return success;
  }
}

module.exports = { ValueCache };
