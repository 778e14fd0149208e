// Case: OpenPipe/OpenPipe, fix commit 3543ab7f5be084cc6dab4678eb32fb739dc47a5a ("Upsert new cache entries (#499)";
// https://github.com/OpenPipe/OpenPipe/pull/499), file app/src/server/api/external/v1Api.router.ts.
// The fixed code, rewritten in our own code: the row is written with an upsert on the (project, key) index, so a
// second identical request that also missed the cache leaves the first row in place instead of failing.
import { createHash } from 'node:crypto';

interface CachedReply {
  projectId: string;
  cacheKey: string;
  body: string;
}

type CacheWhere = { projectId_cacheKey: { projectId: string; cacheKey: string } };

interface CachedReplyTable {
  findUnique(args: { where: CacheWhere }): Promise<CachedReply | null>;
  upsert(args: { where: CacheWhere; update: Partial<CachedReply>; create: CachedReply }): Promise<CachedReply>;
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
    await db.cachedReply.upsert({
      where: { projectId_cacheKey: { projectId, cacheKey } },
      update: {},
      create: { projectId, cacheKey, body },
    });
  }
  return body;
}
