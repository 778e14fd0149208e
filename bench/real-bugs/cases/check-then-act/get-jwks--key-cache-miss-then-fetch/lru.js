// Shared by before.js and after.js: a small expiring LRU cache with the tiny-lru/lru-cache calls the original uses
// (get, set, del, clear).
function createLru(max, ttl) {
  const entries = new Map();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires < Date.now()) {
        entries.delete(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, expires: Date.now() + ttl });
      if (entries.size > max) entries.delete(entries.keys().next().value);
    },
    del(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}

module.exports = createLru;
