// Case: noxify/gridsome-plugin-remote-image, fix commit c4dc6e2a15972e9e0247f8f817e9876ecc98d7e6 ("download images in
// sequence instead of in parallel", PR https://github.com/noxify/gridsome-plugin-remote-image/pull/25). Rewritten in
// our own code: after the site's content is loaded, the plugin downloads the remote images of every node of a
// collection at once (an async callback per node in forEach); with hundreds of nodes the image host answers 503.
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
    collection.data().forEach(async (node) => {
      if (!node[this.options.sourceField]) return;
      const images = await this.localImages(node);
      node[this.options.targetField] = images.map((image) => ({ image }));
      collection.updateNode(node);
    });
  }
}

module.exports = { RemoteImages };
