// Case: nearform/get-jwks, fix commit f5e590a4030e32271118866ffabe2746dd94e946 ("feat: allowed domains, avoid
// concurrent requests, use stale in case of error (#41)"), source https://github.com/nearform/get-jwks/issues/19.
// Rewritten in our own code: the fixed version (its concurrency part). The cache holds the download's promise, stored
// before any await, so requests that arrive while it is in flight share it; a failed download is taken out again.
'use strict';

const createLru = require('./lru');
const { createPublicKey } = require('crypto');

const NO_KEYS = 'The issuer returned no keys.';
const KEY_NOT_FOUND = 'No key in the set matches.';

function buildKeyLookup(settings = {}) {
  const max = settings.max || 100;
  const ttl = settings.ttl || 60 * 1000;
  const cache = createLru(max, ttl);

  async function publicKeyFor(token) {
    const jwk = await keyFor(token);
    return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  }

  function keyFor(token) {
    const { domain, alg, kid } = token;
    const issuer = domain.endsWith('/') ? domain : `${domain}/`;
    const cacheKey = `${alg}:${kid}:${issuer}`;
    const cached = cache.get(cacheKey);

    if (cached) {
      return cached;
    }

    const download = downloadKey(issuer, alg, kid).catch((error) => {
      cache.del(cacheKey);
      throw error;
    });

    cache.set(cacheKey, download);

    return download;
  }

  async function downloadKey(issuer, alg, kid) {
    const response = await fetch(`${issuer}.well-known/jwks.json`, { signal: AbortSignal.timeout(5000) });
    const body = await response.json();

    if (!response.ok) {
      const error = new Error(response.statusText);
      error.body = body;
      throw error;
    }
    if (!body.keys || body.keys.length === 0) {
      throw new Error(NO_KEYS);
    }

    const jwk = body.keys.find((key) => key.alg === alg && key.kid === kid);
    if (!jwk) {
      throw new Error(KEY_NOT_FOUND);
    }

    return jwk;
  }

  return { publicKeyFor, keyFor, clearCache: () => cache.clear(), cache };
}

module.exports = buildKeyLookup;
