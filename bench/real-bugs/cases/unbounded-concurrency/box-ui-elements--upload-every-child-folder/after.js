// Case: box/box-ui-elements, fix commit eb3e3da1c5b145f07994c5bb1eec38567de78187 ("fix(uploads): handle rate limit
// errors with retries", https://github.com/box/box-ui-elements/pull/4134). Rewritten in our own code: a dropped
// folder becomes a tree of nodes; each node creates its folder on the server and then uploads its child folders.
// Fixed: a few workers take child folders one at a time, so at most three create requests are in flight per node.
import FolderApi from './folder-api.js';

const CHILD_UPLOAD_CONCURRENCY = 3;

export default class FolderNode {
  children = {};

  files = [];

  folderId = '';

  constructor(name, queueFiles, apiOptions, entry) {
    this.name = name;
    this.queueFiles = queueFiles;
    this.apiOptions = apiOptions;
    this.entry = entry;
  }

  async upload(parentId, onError) {
    this.parentId = parentId;
    await this.readEntries();
    try {
      const created = await this.createFolder();
      this.folderId = created.id;
    } catch (error) {
      onError(error);
      return;
    }
    this.queueFiles(this.files, this.folderId);
    await this.uploadChildren(onError);
  }

  uploadChildren = async (onError) => {
    const nodes = Object.values(this.children);
    const work = async () => {
      while (nodes.length > 0) {
        const node = nodes.pop();
        if (node) {
          await node.upload(this.folderId, onError);
        }
      }
    };
    const workers = [];
    for (let i = 0; i < CHILD_UPLOAD_CONCURRENCY && i < nodes.length; i += 1) {
      workers.push(work());
    }
    await Promise.all(workers);
  };

  createFolder() {
    const api = new FolderApi(this.apiOptions);
    return new Promise((resolve, reject) => {
      api.create(this.parentId, this.name, resolve, reject);
    });
  }

  readEntries() {
    if (!this.entry) return Promise.resolve();
    const reader = this.entry.createReader();
    return new Promise((resolve) => {
      const next = () => {
        reader.readEntries((entries) => {
          if (entries.length === 0) {
            resolve();
            return;
          }
          for (const entry of entries) {
            if (entry.isFile) {
              entry.file((file) => this.files.push(file));
            } else {
              this.children[entry.name] = new FolderNode(entry.name, this.queueFiles, this.apiOptions, entry);
            }
          }
          next();
        });
      };
      next();
    });
  }
}
