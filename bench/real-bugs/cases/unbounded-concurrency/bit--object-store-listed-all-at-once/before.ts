// Case: teambit/bit, fix commit c6b15547bc40d481b34e619888e27a524c8e4f4e ("limit concurrency of some Promise.all()
// calls", pull request #3808; the object repository of the fix). Rewritten in our own code: listing the local object
// store globs every object file and then reads and inflates all of them at once with Promise.all; a scope with tens
// of thousands of objects opens as many files at the same time and runs out of file descriptors.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';
import { glob } from 'tinyglobby';

const inflateAsync = promisify(inflate);

/** Number of files read, written or removed at the same time. */
export const CONCURRENT_IO_LIMIT = 100;

export class ObjectRef {
  constructor(readonly hash: string) {}
}

export interface StoredObject {
  hash: string;
  type: string;
  content: Buffer;
}

export class ObjectStore {
  constructor(private readonly root: string) {}

  objectPath(ref: ObjectRef): string {
    return path.join(this.root, ref.hash.slice(0, 2), ref.hash.slice(2));
  }

  async loadRaw(ref: ObjectRef): Promise<Buffer> {
    return readFile(this.objectPath(ref));
  }

  async load(ref: ObjectRef): Promise<StoredObject> {
    const raw = await inflateAsync(await this.loadRaw(ref));
    const headerEnd = raw.indexOf(0);
    return { hash: ref.hash, type: raw.subarray(0, headerEnd).toString('utf8'), content: raw.subarray(headerEnd + 1) };
  }

  async list(): Promise<StoredObject[]> {
    const refs = await this.listRefs();
    return Promise.all(refs.map((ref) => this.load(ref)));
  }

  async listRefs(cwd = this.root): Promise<ObjectRef[]> {
    const matches = await glob('*/*', { cwd });
    return matches.map((match) => new ObjectRef(match.replace('/', '')));
  }

  async listRawObjects(): Promise<Array<StoredObject | null>> {
    const refs = await this.listRefs();
    return Promise.all(
      refs.map(async (ref) => {
        try {
          return await this.load(ref);
        } catch {
          console.error(`cannot load the object ${ref.hash}; it is probably corrupted and should be deleted`);
          return null;
        }
      }),
    );
  }
}
