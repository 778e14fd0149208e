// Case: nimiq/jungle-db, fix commit 32df1993370b0265496dae25fbda5b0b062720e3 ("use Promise.all where suitable (#5)";
// https://github.com/nimiq/jungle-db/pull/5).
// The code just before the fix, rewritten in our own code: opening a persistent index reads two stored entries (its
// version and the root of its tree) one after the other, though neither read needs the other.
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
        this._version = (await this._read('_version')) || this._version;
        const root = await this._read('_root');

        if (this._version === this._documents.indexVersion && typeof root === 'number') {
            this._tree = { root };
        } else {
            this._tree = null;
        }
        return this;
    }
}

module.exports = StoredIndex;
