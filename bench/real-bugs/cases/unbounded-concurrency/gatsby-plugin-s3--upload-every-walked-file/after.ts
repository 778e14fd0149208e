#!/usr/bin/env node
// Case: gatsby-uc/gatsby-plugin-s3, fix commit 9420f208b07184764c16430e7d5f68736c2141fe (merge of PR https://github.com/gatsby-uc/gatsby-plugin-s3/pull/58,
// "Limit concurrent uploads to 20 to prevent memory exhaustion on huge websites", issue #57). Rewritten in our own
// code: the 'data' handler only pushes each file onto a queue that hashes and uploads at most 20 at a time.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import klaw, { type Item } from 'klaw';
import queue from 'async/queue';

export interface RemoteObject {
  readonly key: string;
  readonly etag: string;
}

export interface Storage {
  upload(key: string, body: NodeJS.ReadableStream): Promise<void>;
}

interface UploadTask {
  readonly storage: Storage;
  readonly root: string;
  readonly path: string;
  readonly existing: RemoteObject[];
  readonly keysInUse: Set<string>;
}

const uploads = queue<UploadTask>((task, done) => {
  const key = relative(task.root, task.path).split('\\').join('/');
  readFile(task.path)
    .then((contents) => {
      const tag = `"${createHash('md5').update(contents).digest('hex')}"`;
      task.keysInUse.add(key);
      if (task.existing.some((object) => object.key === key && object.etag === tag)) return undefined;
      return task.storage.upload(key, createReadStream(task.path));
    })
    .then(() => done(), done);
}, 20);

export async function deploy(storage: Storage, existing: RemoteObject[]): Promise<Set<string>> {
  const root = resolve('./public');
  const walk = klaw(root);
  const keysInUse = new Set<string>();

  walk.on('data', ({ path, stats }: Item) => {
    if (!stats.isFile()) return;
    uploads.push({ storage, root, path, existing, keysInUse });
  });

  await new Promise((done, fail) => {
    walk.on('end', done);
    walk.on('error', fail);
  });
  await uploads.drain();
  return keysInUse;
}
