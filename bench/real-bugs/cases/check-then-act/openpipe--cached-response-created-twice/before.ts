// Case: OpenPipe/OpenPipe, fix commit 3543ab7f5be084cc6dab4678eb32fb739dc47a5a ("Upsert new cache entries (#499)";
// https://github.com/OpenPipe/OpenPipe/pull/499), file app/src/server/api/external/v1Api.router.ts.
// The code just before the fix, rewritten in our own code: a completion endpoint looks its cache row up by
// (project, key), and when there is none it asks the model and then inserts the row. Two identical requests both
// find no row, both wait for the model, and the second insert fails on the unique (project, key) index.
import { createHash } from 'node:crypto';

interface CachedReply {
  projectId: string;
  cacheKey: string;
  body: string;
}

interface CachedReplyTable {
  findUnique(args: { where: { projectId_cacheKey: { projectId: string; cacheKey: string } } }): Promise<CachedReply | null>;
  create(args: { data: CachedReply }): Promise<CachedReply>;
}

declare const db: { cachedReply: CachedReplyTable };
declare function askModel(prompt: string): Promise<string>;

export async function complete(projectId: string, prompt: string, useCache: boolean): Promise<string> {
  const cacheKey = createHash('sha256').update(prompt).digest('hex');
  let cached: CachedReply | null = null;
  if (useCache) {
    cached = await db.cachedReply.findUnique({ where: { projectId_cacheKey: { projectId, cacheKey } } });
  }
  if (cached) {
    return cached.body;
  }
  const body = await askModel(prompt);
  if (useCache && !cached) {
    await db.cachedReply.create({ data: { projectId, cacheKey, body } });
  }
  return body;
}
