/**
 * The Lua scripts that do every state change inside Redis, atomically. Times come from Redis `TIME` and Redis key
 * expiry, never from a client clock. Locks and semaphores share the waiting line and the fence, and differ in how
 * they record holders:
 *
 * - lock `owner` (string): the holder's lease id, expiring with the lease (`PX`). Taking a free lock is `SET NX PX`,
 *   releasing it `GET` + `DEL`, so the uncontended path touches only this key, the fence and the line's existence.
 * - semaphore `holders` (sorted set): lease id → expiry in Redis milliseconds. A lease is alive while its score is in
 *   the future; the key itself also carries a `PEXPIRE`, so a crashed client never leaves it behind.
 * - `queue` (list) + `waiters` (sorted set): the fair waiting line, in arrival order, each entry with an expiry that
 *   its waiter refreshes while it waits. A waiter that dies drops out when its entry expires.
 * - `fence` (string): the last fencing token minted for this key, a counter that starts at Redis time in µs and goes
 *   up by one per lease, so it keeps increasing even when Redis restarts without persistence and the counter is lost
 *   (see {@link minted}).
 *
 * @module
 */

/**
 * The Redis clock, read once by the scripts that need it: `nowUs` (µs) and `nowMs` (ms). Lua numbers are doubles,
 * exact for integers up to 2^53, far above the µs clock.
 */
const clock = `
local t = redis.call('TIME')
local nowUs = t[1] * 1000000 + t[2]
local nowMs = math.floor(nowUs / 1000)
`;

/**
 * Minting, shared by every layout: `fence` is a counter that goes up by one per lease. When it does not exist (first
 * use, after its `fenceTtl` ms, or lost in a restart without persistence) it starts again at Redis time in µs. The
 * counter rises by one per lease while the clock rises by a million a second, so it stays below the clock unless a key
 * sees more than a million leases a second, and a restarted counter starts above every token minted before. These
 * statements end the enclosing block by returning the token. The common case is one command: INCR.
 */
const minted = (fence: string, fenceTtl: string): string => `
  local token = redis.call('INCR', ${fence})
  if token == 1 then
    local now = redis.call('TIME')
    token = now[1] * 1000000 + now[2]
    redis.call('SET', ${fence}, token, 'PX', ${fenceTtl})
  end
  return token`;

/** {@link minted} as a function of the fence ttl, for the slow paths. Needs `fence`. */
const mint = `
local function mint(fenceTtl)${minted('fence', 'fenceTtl')}
end
`;

/**
 * The lock layout: `owner` (string) holds the lease id and expires with the lease (`PX`, Redis time). While someone
 * may be queued the id carries a `+` (lease ids never contain one): set by a waiter joining the line and by a take
 * that leaves the line non-empty. So a release, whose one `GET` finds its plain id, knows nobody is queued without
 * looking at the line. Defines the holder operations the shared parts use: `liveHolders()`, `take(id, ttl, n)`,
 * `holds(id)`, `drop(id)` (true when the lease was this id's and alive), `nextExpiry()` (ms until the holder
 * expires, 0 when unknown) and `markQueued()`.
 */
const lockHolders = `
local owner, queue, waiters, fence = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local function liveHolders() return redis.call('EXISTS', owner) end
local function take(id, ttl, n)
  if redis.call('EXISTS', queue) == 1 then id = id .. '+' end
  redis.call('SET', owner, id, 'PX', ttl)
end
local function holds(id)
  local v = redis.call('GET', owner)
  return v == id or v == id .. '+'
end
local function drop(id)
  if not holds(id) then return false end
  redis.call('DEL', owner)
  return true
end
local function nextExpiry() return math.max(redis.call('PTTL', owner), 0) end
local function markQueued()
  local v = redis.call('GET', owner)
  if v and string.byte(v, -1) ~= 43 then redis.call('APPEND', owner, '+') end
end
`;

/**
 * The semaphore layout: `holders` (sorted set) maps each lease id to its expiry in Redis ms; the key also carries a
 * `PEXPIRE` covering the latest expiry. The same operations as {@link lockHolders}.
 */
const semaphoreHolders = `
local holders, queue, waiters, fence = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local function liveHolders()
  local n = redis.call('ZCARD', holders)
  if n > 0 then n = n - redis.call('ZREMRANGEBYSCORE', holders, '-inf', nowMs) end
  return n
end
local function take(id, ttl, n)
  redis.call('ZADD', holders, nowMs + ttl, id)
  if n == 0 or redis.call('PTTL', holders) < ttl then redis.call('PEXPIRE', holders, ttl) end
end
local function holds(id) return redis.call('ZSCORE', holders, id) ~= false end
local function drop(id)
  local score = redis.call('ZSCORE', holders, id)
  if not score then return false end
  redis.call('ZREM', holders, id)
  return tonumber(score) > nowMs
end
local function nextExpiry()
  local first = redis.call('ZRANGE', holders, 0, 0, 'WITHSCORES')
  if first[2] then return math.max(tonumber(first[2]) - nowMs, 0) end
  return 0
end
local function markQueued() end
`;

/**
 * The hand-off that grants free slots straight to the head of the line. A waiter's id starts with `<grant ttl>:`,
 * the lease time a hand-off gives it (short, so a waiter that died just before its turn blocks the key briefly; the
 * new holder extends it at once). Needs a holder layout and `mint`.
 */
const grantHeads = `
local function grantHeads(permits, channel, except, n)
  local granted = 0
  while n < permits do
    local head = redis.call('LPOP', queue)
    if not head then break end
    local expiry = redis.call('ZSCORE', waiters, head)
    redis.call('ZREM', waiters, head)
    if head == except then return granted, n, true end
    if expiry and tonumber(expiry) > nowMs then
      local ttl = tonumber(string.match(head, '^(%d+):') or '1000')
      take(head, ttl, n)
      local token = mint(math.max(86400000, ttl * 2))
      redis.call('PUBLISH', channel, head .. '|' .. string.format('%.0f', token) .. '|' .. ttl)
      n = n + 1
      granted = granted + 1
    end
  end
  return granted, n, false
end
`;

/**
 * What an acquire does when the fast path did not answer: take a grant this id already got, serve the line first,
 * join it in `wait` mode, and report the wait.
 */
const acquireSlow = `
local id, ttl = ARGV[1], tonumber(ARGV[2])
local mode, permits, waiterTtl, channel = string.match(ARGV[3], '^(%a+) (%d+) (%d+) (.*)$')
permits, waiterTtl = tonumber(permits), tonumber(waiterTtl)
local fenceTtl = math.max(86400000, ttl * 2)
local n = liveHolders()
if n > 0 and holds(id) then
  take(id, ttl, n)
  return mint(fenceTtl)
end
local _, count, reached = grantHeads(permits, channel, id, n)
if reached or count < permits then
  take(id, ttl, count)
  return mint(fenceTtl)
end
if mode == 'wait' then
  if not redis.call('ZSCORE', waiters, id) then redis.call('RPUSH', queue, id) end
  redis.call('ZADD', waiters, nowMs + waiterTtl, id)
  if redis.call('PTTL', queue) < waiterTtl then redis.call('PEXPIRE', queue, waiterTtl) end
  if redis.call('PTTL', waiters) < waiterTtl then redis.call('PEXPIRE', waiters, waiterTtl) end
  markQueued()
end
return {nextExpiry(), tonumber(redis.call('GET', fence)) or nowUs}
`;

/**
 * What a release does when someone is queued: hand the freed slot to the head of the line, or announce it.
 */
const releaseSlow = `
local permits, channel = string.match(ARGV[2], '^(%d+) %d+ (.*)$')
if grantHeads(tonumber(permits), channel, false, liveHolders()) == 0 and ARGV[3] then
  redis.call('PUBLISH', channel, ARGV[3])
end
return held
`;

/** The publish of a release that found nobody queued: only when asked to announce it (ARGV[3], quorum mode). */
const announceFree = `
  if ARGV[3] then redis.call('PUBLISH', string.match(ARGV[2], '^%d+ %d+ (.*)$'), ARGV[3]) end`;

/**
 * Tries to take a lock. KEYS: owner, queue, waiters, fence. ARGV: lease id, ttl ms, and `<mode> <permits (1)>
 * <waiter ttl ms> <wake channel>` (`wait` mode joins the line when it cannot take the lock now, `try` does not): the
 * arguments only the slow path reads are packed into one, since every argument costs Redis and the client work.
 * Free slots go to the line first (granted and published to each waiter, see {@link grantHeads}), so a newcomer
 * never overtakes a waiter. Returns the fencing token (an integer) on success, also when a hand-off had already
 * granted this id, or `{ms until the holder expires (0 when unknown), watermark}`, where the watermark is the fence,
 * or Redis time in µs when there is no fence: every grant made after this call carries a larger token (see
 * {@link minted}), so a waiter can tell a grant that happened after this attempt (safe to date from its send time)
 * from a stale one.
 * Uncontended (nobody queued, the lock free) it runs 3 commands: EXISTS, SET NX PX, INCR, before any other work (the
 * slow path's functions are defined after it: creating them costs Redis CPU on every call).
 */
export const LOCK_ACQUIRE = `
if redis.call('EXISTS', KEYS[2]) == 0 and redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then${minted(
  'KEYS[4]',
  'math.max(86400000, ARGV[2] * 2)',
)}
end
${clock}${lockHolders}${mint}${grantHeads}${acquireSlow}`;

/**
 * Releases a lock, only if this caller holds it, and hands it to the head of the line (one hop: the waiter learns
 * of its grant from the published message). KEYS: owner, queue, waiters, fence. ARGV: lease id, `<permits (1)> <waiter
 * ttl ms> <wake channel>`, and optionally the message to publish when nobody is queued (quorum waiters, which do not queue, listen
 * for it). Publishes nothing when nobody waits. Uncontended it runs 2 commands: GET, DEL (see {@link lockHolders}
 * for how it knows nobody is queued).
 * Returns 1 when the lease was held, 0 when it had been lost.
 */
export const LOCK_RELEASE = `
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then
  redis.call('DEL', KEYS[1])${announceFree}
  return 1
end
local held = 0
if v == ARGV[1] .. '+' then
  redis.call('DEL', KEYS[1])
  held = 1
end
if redis.call('EXISTS', KEYS[2]) == 0 then${announceFree}
  return held
end
${clock}${lockHolders}${mint}${grantHeads}${releaseSlow}`;

/**
 * Extends a live lock. KEYS: owner. ARGV: lease id, ttl ms. Returns 1 when extended, 0 when the lease had expired
 * or was released (an expired lease is never revived).
 */
export const LOCK_EXTEND = `
local v = redis.call('GET', KEYS[1])
if v ~= ARGV[1] and v ~= ARGV[1] .. '+' then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`;

/**
 * Tries to take a semaphore permit: {@link LOCK_ACQUIRE}'s contract on the semaphore layout (KEYS: holders, queue,
 * waiters, fence; ARGV as there, with `permits`). Uncontended it runs TIME, ZCARD, EXISTS, ZADD, PEXPIRE, INCR.
 */
export const SEMAPHORE_ACQUIRE = `${clock}${semaphoreHolders}${mint}
local free = liveHolders()
if free < tonumber(string.match(ARGV[3], '^%a+ (%d+)')) and redis.call('EXISTS', queue) == 0 then
  take(ARGV[1], tonumber(ARGV[2]), free)
  return mint(math.max(86400000, ARGV[2] * 2))
end
${grantHeads}${acquireSlow}`;

/**
 * Releases a semaphore permit: {@link LOCK_RELEASE}'s contract on the semaphore layout. Uncontended it runs TIME,
 * ZSCORE, ZREM, EXISTS.
 */
export const SEMAPHORE_RELEASE = `${clock}${semaphoreHolders}${mint}
local held = 0
if drop(ARGV[1]) then held = 1 end
if redis.call('EXISTS', queue) == 0 then${announceFree}
  return held
end
${grantHeads}${releaseSlow}`;

/**
 * Extends a live semaphore permit. KEYS: holders. ARGV: lease id, ttl ms. Returns 1 when extended, 0 when the lease
 * had expired or was released (an expired lease is never revived).
 */
export const SEMAPHORE_EXTEND = `
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', nowMs + ttl, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

/** The body of a leave: out of the line, a grant it got but never used voided, the slot handed on. */
const leaveBody = `
redis.call('LREM', queue, 0, ARGV[1])
redis.call('ZREM', waiters, ARGV[1])
drop(ARGV[1])
local permits, channel = string.match(ARGV[2], '^(%d+) %d+ (.*)$')
grantHeads(tonumber(permits), channel, false, liveHolders())
return 1
`;

/**
 * Leaves the waiting line (abort, timeout), voiding a grant the waiter got but never used, and hands the lock on.
 * KEYS: owner, queue, waiters, fence. ARGV: waiter id, `<permits> <waiter ttl ms> <wake channel>`.
 */
export const LOCK_LEAVE = `${clock}${lockHolders}${mint}${grantHeads}${leaveBody}`;

/** {@link LOCK_LEAVE} on the semaphore layout. KEYS: holders, queue, waiters, fence. */
export const SEMAPHORE_LEAVE = `${clock}${semaphoreHolders}${mint}${grantHeads}${leaveBody}`;

/**
 * Quorum mode: raises a server's fence to the token the lease settled on, while the lease is still held there, so
 * any later majority (which overlaps this one) mints a larger token. KEYS: owner, fence. ARGV: lease id, token.
 * Returns 1 when raised, 0 when the lease is not held on this server.
 */
export const RAISE_FENCE = `
local v = redis.call('GET', KEYS[1])
if v ~= ARGV[1] and v ~= ARGV[1] .. '+' then return 0 end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[2]) > last then redis.call('SET', KEYS[2], ARGV[2], 'PX', 86400000) end
return 1
`;

/**
 * Idempotency: claims a key, or reports its stored result. KEYS: the record. ARGV: runner id, in-progress ttl ms.
 * The record is `p:<id>` while a runner works (expiring unless the runner keeps extending it) and `d:<payload>` once
 * done. Returns `{1}` when claimed, `{2, payload}` when done, `{0, ms until the marker expires}` while in progress.
 */
export const CLAIM = `
local value = redis.call('GET', KEYS[1])
if not value then
  redis.call('SET', KEYS[1], 'p:' .. ARGV[1], 'PX', tonumber(ARGV[2]))
  return {1}
end
if string.sub(value, 1, 2) == 'd:' then return {2, string.sub(value, 3)} end
if value == 'p:' .. ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return {1}
end
return {0, math.max(redis.call('PTTL', KEYS[1]), 0)}
`;

/** Idempotency: extends this runner's in-progress marker. KEYS: record. ARGV: runner id, ttl ms. Returns 1 or 0. */
export const EXTEND_CLAIM = `
if redis.call('GET', KEYS[1]) ~= 'p:' .. ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
`;

/**
 * Idempotency: stores the result or drops the marker so another caller may run,
 * only while this runner still owns the marker, and wakes the waiters. KEYS: record. ARGV: runner id, `'1'` to
 * store or `'0'` to drop, payload, result ttl ms, wake channel, waiter message. Returns 1 when the record was this runner's, 0 otherwise.
 */
export const SETTLE_CLAIM = `
if redis.call('GET', KEYS[1]) ~= 'p:' .. ARGV[1] then return 0 end
if ARGV[2] == '1' then
  redis.call('SET', KEYS[1], 'd:' .. ARGV[3], 'PX', tonumber(ARGV[4]))
else
  redis.call('DEL', KEYS[1])
end
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1
`;
