// Case: simonlast/node-persist, fix commit a14cf68027fe50abab0eb189a0566ea6af837f61 ("Add p-limit and
// maxFileDescriptors option", PR https://github.com/simonlast/node-persist/pull/153, issue #101 "EMFILE: too many
// open files"). Rewritten in our own code: flushing the write queue starts one file write per queued key, all at
// once, so a queue of thousands of keys opens thousands of files together and fails with EMFILE.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

class FileStore {
  /** @param {string} dir */
  constructor(dir) {
    this.dir = dir;
    /** @type {Record<string, Array<{ body: unknown, resolve: (v: unknown) => void, reject: (e: unknown) => void }>>} */
    this.pending = {};
    this.flushing = false;
  }

  /** @param {string} key @param {unknown} body */
  put(key, body) {
    const file = path.join(this.dir, encodeURIComponent(key));
    (this.pending[file] ??= []);
    return new Promise((resolve, reject) => {
      this.pending[file].push({ body, resolve, reject });
    });
  }

  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    const writes = Object.keys(this.pending).map(async (file) => {
      const queue = this.pending[file];
      const last = queue.pop();
      if (last === undefined) return;
      try {
        const written = await this.writeFile(file, last.body);
        for (const earlier of queue.splice(0)) earlier.resolve(written);
        last.resolve(written);
      } catch (error) {
        for (const earlier of queue.splice(0)) earlier.reject(error);
        last.reject(error);
      }
      if (queue.length === 0) delete this.pending[file];
    });
    try {
      await Promise.all(writes);
    } finally {
      this.flushing = false;
    }
  }

  /** @param {string} file @param {unknown} body */
  writeFile(file, body) {
    return new Promise((resolve, reject) => {
      fs.writeFile(file, JSON.stringify(body), 'utf8', (error) => {
        if (error) return reject(error);
        resolve({ file, body });
      });
    });
  }
}

module.exports = { FileStore };
