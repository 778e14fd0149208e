// Case: nimiq/jungle-db, fix commit 32df1993370b0265496dae25fbda5b0b062720e3 ("use Promise.all where suitable (#5)";
// https://github.com/nimiq/jungle-db/pull/5).
// The code just before the fix, rewritten in our own code: a transaction's index reads the committed keys, filters
// them, and only then starts reading the keys the transaction added, though the second read needs nothing from the
// first: the two lookups wait for each other before they are merged.
class MemoryIndex {
    /**
     * @param {*} query
     * @returns {Promise.<Set.<string>>}
     */
    async keys(query) {
        return new Set(query === null ? [] : [String(query)]);
    }
}

class PendingIndex extends MemoryIndex {
    constructor(transaction, backend, name) {
        super();
        this._transaction = transaction;
        this._backend = backend;
        this._name = name;
    }

    get _committed() {
        return this._backend.index(this._name);
    }

    /**
     * @param {*} [query]
     * @returns {Promise.<Set.<string>>}
     */
    async keys(query = null) {
        let keys = await this._committed.keys(query);
        keys = without(keys, this._transaction.removed);
        keys = without(keys, this._transaction.changed);

        const added = await MemoryIndex.prototype.keys.call(this, query);
        return new Set([...keys, ...added]);
    }
}

function without(keys, dropped) {
    return new Set([...keys].filter((key) => !dropped.has(key)));
}

module.exports = PendingIndex;
