// Case: noxify/gridsome-plugin-remote-image, fix commit c4dc6e2a15972e9e0247f8f817e9876ecc98d7e6 ("download images in
// sequence instead of in parallel", PR https://github.com/noxify/gridsome-plugin-remote-image/pull/25). Rewritten in
// our own code: the fix chains the nodes so that one node's images are downloaded after the previous node's.
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { pipeline } = require('stream/promises');
const { Readable } = require('stream');

class RemoteImages {
  constructor(store, options) {
    this.store = store;
    this.options = options;
  }

  async fetchImage(source) {
    const name = crypto.createHash('sha256').update(source).digest('hex') + path.extname(new URL(source).pathname);
    const target = path.join(this.options.targetDir, name);
    if (fs.existsSync(target)) return target;
    const response = await fetch(source);
    if (!response.ok || !response.body) throw new Error(`${source}: ${response.status}`);
    await pipeline(Readable.fromWeb(response.body), fs.createWriteStream(target));
    return target;
  }

  async localImages(node) {
    const sources = [].concat(node[this.options.sourceField]);
    return Promise.all(sources.map((source) => this.fetchImage(source).catch(() => null)));
  }

  async updateNodes() {
    const collection = this.store.getCollection(this.options.typeName);
    await collection.data().reduce(async (previous, node) => {
      await previous;
      if (!node[this.options.sourceField]) return;
      const images = await this.localImages(node);
      node[this.options.targetField] = images.map((image) => ({ image }));
      collection.updateNode(node);
    }, Promise.resolve());
  }
}

module.exports = { RemoteImages };
