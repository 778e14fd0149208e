// Case: nimiq/jungle-db, fix commit 32df1993370b0265496dae25fbda5b0b062720e3 ("use Promise.all where suitable (#5)";
// https://github.com/nimiq/jungle-db/pull/5).
// The code just before the fix, rewritten in our own code: a store that caches another store reads the values of a
// set of keys through its own `get`, one key after the other, though each read is independent of the others.
class LruMap extends Map {}

/**
 * @implements {KeyValueStore}
 */
class CachingStore {
    /**
     * @param {KeyValueStore} inner
     */
    constructor(inner) {
        this._inner = inner;
        /** @type {Map.<string,*>} */
        this._cache = new LruMap();
    }

    /**
     * @param {Set.<string>} keys
     * @returns {Promise.<Array.<*>>}
     */
    async valuesOf(keys) {
        const found = [];
        for (const key of keys) {
            found.push(await this.get(key));
        }
        return found;
    }

    /**
     * @param {string} key
     * @returns {Promise.<*>}
     */
    async get(key) {
        if (this._cache.has(key)) return this._cache.get(key);
        const value = await this._inner.get(key);
        this._cache.set(key, value);
        return value;
    }
}

module.exports = CachingStore;
