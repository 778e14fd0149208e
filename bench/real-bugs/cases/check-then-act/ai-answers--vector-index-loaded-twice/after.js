// Case: cds-snc/ai-answers, fix commit fc23041d9f7f1be2602f4fda6e0beb76c9615806 ("feat: add concurrent
// initialization guard to VectorService classes (#294)"; https://github.com/cds-snc/ai-answers/pull/294).
// The fixed code, rewritten in our own code: an in-memory vector index loads its embeddings from the database behind
// an isInitialized field that is set only at the end of several awaited queries, so concurrent first searches each
// load the whole index.
'use strict';

/**
 * @typedef {{ id: string, vector: number[] }} Embedding
 * @typedef {{ connect(): Promise<void>, countEmbeddings(): Promise<number>, loadEmbeddings(skip: number, limit: number): Promise<Embedding[]> }} EmbeddingStore
 */

class InMemoryVectorIndex {
  /** @param {EmbeddingStore} store */
  constructor(store) {
    this.store = store;
    this.isInitialized = false;
    /** @type {Promise<void> | null} */
    this.initializing = null;
    /** @type {Map<string, number[]>} */
    this.vectors = new Map();
    /** @type {string[]} */
    this.order = [];
  }

  async initialize() {
    if (this.isInitialized) return;
    if (this.initializing) return this.initializing;

    this.initializing = (async () => {
      await this.store.connect();
      const total = await this.store.countEmbeddings();
      if (!total) {
        this.isInitialized = true;
        this.initializing = null;
        return;
      }
      for (let skip = 0; skip < total; skip += 500) {
        const batch = await this.store.loadEmbeddings(skip, 500);
        for (const embedding of batch) {
          this.vectors.set(embedding.id, embedding.vector);
          this.order.push(embedding.id);
        }
      }
      this.isInitialized = true;
      this.initializing = null;
    })();
    return this.initializing;
  }
}

module.exports = { InMemoryVectorIndex };
