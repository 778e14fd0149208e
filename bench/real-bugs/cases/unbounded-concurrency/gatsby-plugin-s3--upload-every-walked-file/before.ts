#!/usr/bin/env node
// Case: gatsby-uc/gatsby-plugin-s3, fix commit 9420f208b07184764c16430e7d5f68736c2141fe (merge of PR https://github.com/gatsby-uc/gatsby-plugin-s3/pull/58,
// "Limit concurrent uploads to 20 to prevent memory exhaustion on huge websites", issue #57). Rewritten in our own
// code: the deploy command walks the site's build folder and, for every file the walk emits, reads and hashes it and
// uploads it when it changed, from an async 'data' handler that never pauses the walk: every file at once.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import klaw, { type Item } from 'klaw';

export interface RemoteObject {
  readonly key: string;
  readonly etag: string;
}

export interface Storage {
  upload(key: string, body: NodeJS.ReadableStream): Promise<void>;
}

export async function deploy(storage: Storage, existing: RemoteObject[]): Promise<Set<string>> {
  const root = resolve('./public');
  const walk = klaw(root);
  const uploads: Promise<void>[] = [];
  const keysInUse = new Set<string>();

  walk.on('data', async ({ path, stats }: Item) => {
    if (!stats.isFile()) return;
    const key = relative(root, path).split('\\').join('/');
    const contents = await readFile(path);
    const tag = `"${createHash('md5').update(contents).digest('hex')}"`;
    keysInUse.add(key);
    if (existing.some((object) => object.key === key && object.etag === tag)) return;
    const upload = storage.upload(key, createReadStream(path));
    uploads.push(upload);
    await upload;
  });

  await new Promise((done, fail) => {
    walk.on('end', done);
    walk.on('error', fail);
  });
  await Promise.all(uploads);
  return keysInUse;
}
