// Case: nimiq/jungle-db, fix commit 32df1993370b0265496dae25fbda5b0b062720e3 ("use Promise.all where suitable (#5)";
// https://github.com/nimiq/jungle-db/pull/5).
// The fixed code, rewritten in our own code: every read starts at once and the results are awaited together.
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
        const pending = [];
        for (const key of keys) {
            pending.push(this.get(key));
        }
        return Promise.all(pending);
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
