// Case: nearform/get-jwks, fix commit f5e590a4030e32271118866ffabe2746dd94e946 ("feat: allowed domains, avoid
// concurrent requests, use stale in case of error (#41)"), source https://github.com/nearform/get-jwks/issues/19.
// Rewritten in our own code: a JSON Web Key lookup caches each key by algorithm, key id and issuer domain. On a miss it
// downloads the issuer's key set and stores the key after the download. Every verification that arrives while the
// first download is in flight misses too, so a burst of requests after start-up or expiry downloads the same key set
// once per request. (The fix commit also added allowed domains and a stale fallback; only its concurrency part is kept.)
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

  async function keyFor(token) {
    const { domain, alg, kid } = token;
    const cacheKey = `${alg}:${kid}:${domain}`;
    const cached = cache.get(cacheKey);

    if (cached) {
      return cached;
    }

    const issuer = domain.endsWith('/') ? domain : `${domain}/`;
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

    cache.set(cacheKey, jwk);
    return jwk;
  }

  return { publicKeyFor, keyFor, clearCache: () => cache.clear(), cache };
}

module.exports = buildKeyLookup;
