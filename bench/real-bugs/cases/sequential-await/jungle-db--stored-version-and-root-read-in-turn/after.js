// Case: nimiq/jungle-db, fix commit 32df1993370b0265496dae25fbda5b0b062720e3 ("use Promise.all where suitable (#5)";
// https://github.com/nimiq/jungle-db/pull/5).
// The fixed code, rewritten in our own code: both entries are read together.
class StoredIndex {
    constructor(store, documents) {
        this._store = store;
        this._documents = documents;
        this._version = 0;
        this._tree = null;
    }

    async _read(key) {
        return this._store.get(key);
    }

    async open() {
        const [version, root] = await Promise.all([this._read('_version'), this._read('_root')]);
        this._version = version || this._version;

        if (this._version === this._documents.indexVersion && typeof root === 'number') {
            this._tree = { root };
        } else {
            this._tree = null;
        }
        return this;
    }
}

module.exports = StoredIndex;
