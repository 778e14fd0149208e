// Case: atomantic/PortOS, fix commit 21b1c2c032ec8a95980a63e5c668574a164ca07b ("bound the catalog burst that
// triggered GOAWAY"). Fixed: every request to the hub goes through one module-wide gate that lets four run at a time,
// shared by the catalogue and the search.
const HUB = 'https://models.example.org/api/models';
const TIMEOUT_MS = 12_000;

/**
 * At most `limit` calls of `run` execute at once; the others wait in order.
 * @param {number} limit
 */
function createGate(limit) {
  let active = 0;
  /** @type {Array<() => void>} */
  const waiting = [];
  /**
   * @template T
   * @param {() => Promise<T>} task
   * @returns {Promise<T>}
   */
  async function run(task) {
    if (active >= limit) await new Promise((resolve) => waiting.push(() => resolve(undefined)));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  }
  return { run };
}

const hubGate = createGate(4);

/** @type {Map<string, unknown>} */
const repoCache = new Map();

/** @param {string} repoId */
async function fetchRepo(repoId) {
  if (repoCache.has(repoId)) return repoCache.get(repoId);
  const path = repoId.split('/').map(encodeURIComponent).join('/');
  const info = await hubGate
    .run(() => fetch(`${HUB}/${path}?blobs=true`, { signal: AbortSignal.timeout(TIMEOUT_MS) }))
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => undefined);
  if (info === undefined) return null;
  repoCache.set(repoId, info);
  return info;
}

/**
 * Adds file sizes to search results.
 * @param {Array<{ repository: string, sizeBytes?: number }>} results
 */
export async function addSizes(results) {
  await Promise.allSettled(
    results.map(async (result) => {
      const info = /** @type {{ usedStorage?: number } | null} */ (await fetchRepo(result.repository));
      if (info?.usedStorage) result.sizeBytes = info.usedStorage;
    }),
  );
  return results;
}

/**
 * Fills in the curated catalogue's variants from the hub.
 * @param {Array<{ id: string, repository?: string, variants?: string[] }>} catalog
 */
export async function enrichCatalog(catalog) {
  await Promise.allSettled(
    catalog.map(async (entry) => {
      const info = /** @type {{ siblings?: Array<{ rfilename: string }> } | null} */ (await fetchRepo(entry.id));
      if (!info) return;
      entry.repository = entry.id;
      entry.variants = (info.siblings ?? []).map((file) => file.rfilename).filter((name) => name.endsWith('.gguf'));
    }),
  );
  return catalog;
}
