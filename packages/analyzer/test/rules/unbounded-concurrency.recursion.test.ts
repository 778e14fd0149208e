import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// unbounded-concurrency by default: a fan-out whose per-element work comes back to the function that fans out, with
// I/O on the way round (the nodes of a tree uploaded level by level, a callback-style directory walk), whatever one
// level holds; and promises stored by index in a loop (`puts[i] = fetch(…)`) then handed to a combinator. Each shape
// in two spellings, with the bounded fix beside it.

const byDefault = ruleTester('unbounded-concurrency', { prelude: '' });

const folderNodeTs = (
  uploadChildren: string,
): string => `declare function createFolder(parent: string, name: string): Promise<{ id: string }>;
export class FolderNode {
  private readonly children = new Map<string, FolderNode>();
  private id = '';
  constructor(private readonly name: string) {}
  add(child: FolderNode): void {
    this.children.set(child.name, child);
  }
  async upload(parent: string): Promise<void> {
    this.id = (await createFolder(parent, this.name)).id;
    await this.uploadChildren();
  }
${uploadChildren}
}`;

const folderNodeJs = (uploadChildren: string): string => `function createFolder(parent, name) {
  return fetch('/folders', { method: 'POST', body: JSON.stringify({ parent, name }) }).then((r) => r.json());
}
export default class FolderNode {
  children = {};
  id = '';
  constructor(name) {
    this.name = name;
  }
  add(child) {
    this.children[child.name] = child;
  }
  async upload(parent) {
    const created = await createFolder(parent, this.name);
    this.id = created.id;
    await this.uploadChildren();
  }
${uploadChildren}
}`;

const zipWalk = (include: string): string => `'use strict';
const fs = require('fs');
const path = require('path');
module.exports = function collect(root, onFile, done) {
  walk(path.resolve(root), done);
  function walk(folder, finished) {
    fs.readdir(folder, function (error, names) {
      if (error) return finished(error);
      let left = names.length;
      if (left === 0) return finished();
      names./*!*/forEach(function (name) {
        include(path.join(folder, name), function (failure) {
          left -= 1;
          if (left === 0) finished(failure);
        });
      });
    });
  }
${include}
};`;

describe('unbounded-concurrency (default): a fan-out that recurses through I/O', () => {
  it('reports a class field that uploads every child node at once, each child doing the same (TypeScript)', () => {
    byDefault.expectInvalid({
      code: folderNodeTs(
        `  uploadChildren = async (): Promise<void> => {\n    await /*!*/Promise.all([...this.children.values()].map((child) => child.upload(this.id)));\n  };`,
      ),
      messageId: 'unbounded',
      message: /a recursive walk/,
    });
  });

  it('reports the same in JavaScript, where the children are an untyped store of more nodes', () => {
    byDefault.expectInvalid({
      code: folderNodeJs(
        `  uploadChildren = async () => {\n    const nodes = Object.values(this.children);\n    await /*!*/Promise.all(nodes.map((node) => node.upload(this.id)));\n  };`,
      ),
      messageId: 'unbounded',
      fileName: 'src/folder-node.js',
    });
  });

  it('reports a recursive function declaration that fans out over what it holds in memory and fetches per node', () => {
    byDefault.expectInvalid({
      code: `declare function mirror(url: string): Promise<void>;
type Page = { url: string; children: Page[] };
async function publish(page: Page): Promise<void> {
  await mirror(page.url);
  await /*!*/Promise.all(page.children.map(publish));
}
void publish;`,
      messageId: 'unbounded',
    });
  });

  it('leaves the bounded fix: three workers take the children one at a time', () => {
    byDefault.expectValid(
      folderNodeTs(`  uploadChildren = async (): Promise<void> => {
    const queue = [...this.children.values()];
    const work = async (): Promise<void> => {
      for (let next = queue.pop(); next !== undefined; next = queue.pop()) await next.upload(this.id);
    };
    const workers: Promise<void>[] = [];
    for (let i = 0; i < 3 && i < queue.length; i += 1) workers.push(work());
    await Promise.all(workers);
  };`),
    );
  });

  it('leaves the same fix in JavaScript', () => {
    byDefault.expectValid({
      code: folderNodeJs(`  uploadChildren = async () => {
    const nodes = Object.values(this.children);
    const work = async () => {
      while (nodes.length > 0) {
        const node = nodes.pop();
        if (node) await node.upload(this.id);
      }
    };
    const workers = [];
    for (let i = 0; i < 3 && i < nodes.length; i += 1) workers.push(work());
    await Promise.all(workers);
  };`),
      fileName: 'src/folder-node.js',
    });
  });

  it('reports a callback-style walk that stats and reads every entry it meets (CommonJS)', () => {
    byDefault.expectInvalid({
      code: zipWalk(`  function include(entry, finished) {
    fs.stat(entry, function (error, stats) {
      if (error) return finished(error);
      if (stats.isDirectory()) return walk(entry, finished);
      fs.readFile(entry, function (readError, contents) {
        onFile(entry, contents);
        finished(readError);
      });
    });
  }`),
      messageId: 'unboundedIteration',
      fileName: 'lib/collect.js',
    });
  });

  it('leaves the fix: the walk only stats and lists on the way round, the reads go through a bounded queue (CommonJS)', () => {
    byDefault.expectValid({
      code: zipWalk(`  const reads = require('async').queue(function (entry, finished) {
    fs.readFile(entry, function (readError, contents) {
      onFile(entry, contents);
      finished(readError);
    });
  }, 16);
  function include(entry, finished) {
    fs.stat(entry, function (error, stats) {
      if (error) return finished(error);
      if (stats.isDirectory()) return walk(entry, finished);
      reads.push(entry, finished);
    });
  }`).replace('/*!*/', ''),
      fileName: 'lib/collect.js',
    });
  });

  it('leaves the same fix with fs/promises: every entry is stat-ed at once, every read waits for a permit', () => {
    byDefault.expectValid(`import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
const reads = pLimit(16);
export async function collect(folder: string, onFile: (path: string, text: string) => void): Promise<void> {
  const names = await readdir(folder);
  await Promise.all(
    names.map(async (name) => {
      const entry = join(folder, name);
      if ((await stat(entry)).isDirectory()) return collect(entry, onFile);
      return reads(async () => onFile(entry, await readFile(entry, 'utf8')));
    }),
  );
}`);
  });

  it('reports that walk when it reads every file itself (fs/promises)', () => {
    byDefault.expectInvalid({
      code: `import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
export async function collect(folder: string, onFile: (path: string, text: string) => void): Promise<void> {
  const names = await readdir(folder);
  await /*!*/Promise.all(
    names.map(async (name) => {
      const entry = join(folder, name);
      if ((await stat(entry)).isDirectory()) return collect(entry, onFile);
      onFile(entry, await readFile(entry, 'utf8'));
    }),
  );
}`,
      messageId: 'unbounded',
    });
  });
});

describe('unbounded-concurrency (default): promises stored by index in a loop', () => {
  const uploadParts = (loop: string): string => `export interface Started {
  readonly id: string;
  readonly partUrls: readonly string[];
}
async function start(name: string): Promise<Started> {
  const response = await fetch('/uploads', { method: 'POST', body: name });
  return (await response.json()) as Started;
}
export async function uploadFile(file: File): Promise<void> {
  const started = await start(file.name);
  const size = 8 * 1024 * 1024;
${loop}
}`;

  it('reports a counted loop over an exported function’s input that stores each started request by index', () => {
    byDefault.expectInvalid({
      code: `export async function putAll(urls: string[], body: Blob): Promise<void> {
  const puts: Promise<Response>[] = [];
  for (let i = 0; i < urls.length; i += 1) {
    puts[i] = fetch(urls[i]!, { method: 'PUT', body });
  }
  await /*!*/Promise.all(puts);
}`,
      messageId: 'unbounded',
    });
  });

  it('reports the same with promises pushed in a counted loop over a directory listing, in JavaScript', () => {
    byDefault.expectInvalid({
      code: `const fs = require('fs');
async function putAll(folder, target) {
  const names = await fs.promises.readdir(folder);
  const puts = [];
  for (let i = 0; i < names.length; i++) {
    puts.push(fetch(target + names[i], { method: 'PUT', body: fs.createReadStream(folder + names[i]) }));
  }
  await /*!*/Promise.all(puts);
}
module.exports = { putAll };`,
      messageId: 'unbounded',
      fileName: 'lib/put-all.js',
    });
  });

  it('reports parts of a response stored by index while the loop awaits only the reading', () => {
    byDefault.expectInvalid({
      code: uploadParts(`  const puts: Promise<Response>[] = [];
  for (let part = 0; part < started.partUrls.length; part += 1) {
    const bytes = await file.slice(part * size, (part + 1) * size).arrayBuffer();
    puts[part] = fetch(started.partUrls[part]!, { method: 'PUT', body: bytes });
  }
  await /*!*/Promise.all(puts);`),
      messageId: 'unbounded',
    });
  });

  it('leaves the fix that awaits each part in turn', () => {
    byDefault.expectValid(
      uploadParts(`  const etags: string[] = [];
  for (let part = 0; part < started.partUrls.length; part += 1) {
    const bytes = await file.slice(part * size, (part + 1) * size).arrayBuffer();
    const response = await fetch(started.partUrls[part]!, { method: 'PUT', body: bytes });
    etags[part] = response.headers.get('etag') ?? '';
  }
  void etags;`),
    );
  });

  it('leaves a window: the loop awaits what it gathered and starts a new array every few parts', () => {
    byDefault.expectValid(
      uploadParts(`  let puts: Promise<Response>[] = [];
  for (let part = 0; part < started.partUrls.length; part += 1) {
    const bytes = await file.slice(part * size, (part + 1) * size).arrayBuffer();
    puts.push(fetch(started.partUrls[part]!, { method: 'PUT', body: bytes }));
    if (puts.length === 4) {
      await Promise.all(puts);
      puts = [];
    }
  }
  await Promise.all(puts);`),
    );
  });

  it('leaves the same window in JavaScript, emptied with length = 0', () => {
    byDefault.expectValid({
      code: `const fs = require('fs');
async function putAll(folder, target) {
  const names = await fs.promises.readdir(folder);
  const puts = [];
  for (let i = 0; i < names.length; i++) {
    puts[puts.length] = fetch(target + names[i], { method: 'PUT', body: fs.createReadStream(folder + names[i]) });
    if (puts.length >= 8) {
      await Promise.all(puts);
      puts.length = 0;
    }
  }
  await Promise.all(puts);
}
module.exports = { putAll };`,
      fileName: 'lib/put-all.js',
    });
  });

  it('leaves results stored by index after each is awaited', () => {
    byDefault.expectValid(`export async function sizes(urls: string[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < urls.length; i++) out[i] = (await fetch(urls[i]!)).status;
  return Promise.all(out);
}`);
  });

  it('leaves a counted loop over a literal list', () => {
    byDefault.expectValid(`export async function warm(): Promise<void> {
  const urls = ['/a', '/b', '/c'];
  const pending: Promise<Response>[] = [];
  for (let i = 0; i < urls.length; i++) pending[i] = fetch(urls[i]!);
  await Promise.all(pending);
}`);
  });
});
