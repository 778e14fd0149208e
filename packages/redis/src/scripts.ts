/**
 * The Lua scripts that do every state change inside Redis, atomically. Times come from Redis `TIME`, never from a
 * client clock. One layout serves locks (`permits = 1`) and semaphores:
 *
 * - `holders` (sorted set): lease id → expiry in Redis milliseconds. A lease is alive while its score is in the
 *   future; the key itself also carries a `PEXPIRE`, so a crashed client never leaves it behind.
 * - `queue` (list) + `waiters` (sorted set): the fair waiting line, in arrival order, each entry with an expiry that
 *   its waiter refreshes while it waits. A waiter that dies drops out when its entry expires.
 * - `fence` (string): the last fencing token minted for this key. A token is `max(previous + 1, Redis time in µs)`,
 *   so it keeps increasing even when Redis restarts without persistence and the counter is lost.
 *
 * @module
 */

/**
 * Shared prelude: the Redis clock, expired-holder pruning, minting, and the hand-off that grants free slots straight
 * to the head of the line. A waiter's id starts with `<grant ttl>:`, the lease time a hand-off gives it (short, so a
 * waiter that died just before its turn blocks the key briefly; the new holder extends it at once).
 */
const prelude = `
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nowUs = tonumber(t[1]) * 1000000 + tonumber(t[2])
local holders, queue, waiters, fence = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local function liveHolders()
  local n = redis.call('ZCARD', holders)
  if n > 0 then n = n - redis.call('ZREMRANGEBYSCORE', holders, '-inf', nowMs) end
  return n
end
local function mint(id, ttl, n)
  redis.call('ZADD', holders, nowMs + ttl, id)
  if n == 0 or redis.call('PTTL', holders) < ttl then redis.call('PEXPIRE', holders, ttl) end
  local token = math.max(tonumber(redis.call('GET', fence) or '0') + 1, nowUs)
  redis.call('SET', fence, string.format('%.0f', token), 'PX', math.max(86400000, ttl * 2))
  return token
end
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
      local token = mint(head, ttl, n)
      redis.call('PUBLISH', channel, head .. '|' .. string.format('%.0f', token) .. '|' .. ttl)
      n = n + 1
      granted = granted + 1
    end
  end
  return granted, n, false
end
`;

/**
 * Tries to take a lease. KEYS: holders, queue, waiters, fence. ARGV: lease id, ttl ms, permits, mode (`wait` joins
 * the line when it cannot take the lease now, `try` does not), waiter ttl ms, wake channel.
 * Free slots go to the line first (granted and published to each waiter, see the prelude), so a newcomer never
 * overtakes a waiter. Returns `{1, token, ttl}` on success (also when a hand-off had already granted this id), or
 * `{0, ms until the earliest holder expires (0 when unknown), watermark}`, where the watermark is
 * `max(fence, Redis time in µs)`: every grant made after this call carries a larger token, so a waiter can tell a
 * grant that happened after this attempt (safe to date from its send time) from a stale one.
 * Uncontended, it runs 7 commands: TIME, ZCARD, LPOP, ZADD, PEXPIRE, GET, SET.
 */
export const ACQUIRE = `${prelude}
local id, ttl, permits, mode, waiterTtl, channel = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), ARGV[6]
local n = liveHolders()
if n > 0 and redis.call('ZSCORE', holders, id) then return {1, mint(id, ttl, n), ttl} end
local _, count, reached = grantHeads(permits, channel, id, n)
if reached or count < permits then return {1, mint(id, ttl, count), ttl} end
if mode == 'wait' then
  if not redis.call('ZSCORE', waiters, id) then redis.call('RPUSH', queue, id) end
  redis.call('ZADD', waiters, nowMs + waiterTtl, id)
  if redis.call('PTTL', queue) < waiterTtl then redis.call('PEXPIRE', queue, waiterTtl) end
  if redis.call('PTTL', waiters) < waiterTtl then redis.call('PEXPIRE', waiters, waiterTtl) end
end
local first = redis.call('ZRANGE', holders, 0, 0, 'WITHSCORES')
local wait = 0
if first[2] then wait = math.max(tonumber(first[2]) - nowMs, 0) end
local mark = math.max(tonumber(redis.call('GET', fence) or '0'), nowUs)
return {0, wait, string.format('%.0f', mark)}
`;

/**
 * Extends a live lease. KEYS: holders. ARGV: lease id, ttl ms. Returns 1 when extended, 0 when the lease had
 * expired or was released (an expired lease is never revived).
 */
export const EXTEND = `
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', nowMs + ttl, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

/**
 * Releases a lease, only if it is this caller's and still alive, and hands the slot to the head of the line (one
 * hop: the waiter learns of its grant from the published message). KEYS: holders, queue, waiters, fence. ARGV:
 * lease id, permits, wake channel, the message to publish when nobody is queued (quorum waiters, which do not
 * queue, listen for it; empty to publish nothing). Publishes nothing when nobody waits. Uncontended, it runs 4
 * commands: TIME, ZSCORE, ZREM, LLEN. Returns 1 when the lease was held, 0 when it had been lost.
 */
export const RELEASE = `${prelude}
local score = redis.call('ZSCORE', holders, ARGV[1])
local held = 0
if score then
  redis.call('ZREM', holders, ARGV[1])
  if tonumber(score) > nowMs then held = 1 end
end
if redis.call('LLEN', queue) > 0 then
  if grantHeads(tonumber(ARGV[2]), ARGV[3], false, liveHolders()) == 0 and ARGV[4] ~= '' then
    redis.call('PUBLISH', ARGV[3], ARGV[4])
  end
elseif ARGV[4] ~= '' then
  redis.call('PUBLISH', ARGV[3], ARGV[4])
end
return held
`;

/**
 * Leaves the waiting line (abort, timeout), voiding a grant the waiter got but never used, and hands the slot on.
 * KEYS: holders, queue, waiters, fence. ARGV: waiter id, permits, wake channel.
 */
export const LEAVE = `${prelude}
redis.call('LREM', queue, 0, ARGV[1])
redis.call('ZREM', waiters, ARGV[1])
redis.call('ZREM', holders, ARGV[1])
grantHeads(tonumber(ARGV[2]), ARGV[3], false, liveHolders())
return 1
`;

/**
 * Quorum mode: raises a server's fence to the token the lease settled on, while the lease is still held there, so
 * any later majority (which overlaps this one) mints a larger token. KEYS: holders, fence. ARGV: lease id, token.
 * Returns 1 when raised, 0 when the lease is not held on this server.
 */
export const RAISE_FENCE = `
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local token = tonumber(ARGV[2])
if token > last then redis.call('SET', KEYS[2], ARGV[2], 'PX', 86400000) end
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
