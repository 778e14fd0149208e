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

/** Shared prelude: the Redis clock, expired-holder pruning, dead-waiter pruning and the targeted wake-up. */
const prelude = `
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nowUs = tonumber(t[1]) * 1000000 + tonumber(t[2])
local holders, queue, waiters, fence = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
redis.call('ZREMRANGEBYSCORE', holders, '-inf', nowMs)
local function firstAliveWaiter()
  local head = redis.call('LINDEX', queue, 0)
  while head do
    local expiry = redis.call('ZSCORE', waiters, head)
    if expiry and tonumber(expiry) > nowMs then return head end
    redis.call('LPOP', queue)
    redis.call('ZREM', waiters, head)
    head = redis.call('LINDEX', queue, 0)
  end
  return false
end
local function keepAlive(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end
local function wakeHead(permits, channel, except)
  if redis.call('ZCARD', holders) < permits then
    local head = firstAliveWaiter()
    if head and head ~= except then redis.call('PUBLISH', channel, head) end
  end
end
`;

/**
 * Tries to take a lease. KEYS: holders, queue, waiters, fence. ARGV: lease id, ttl ms, permits, mode (`wait` joins
 * the line when it cannot take the lease now, `try` does not), waiter ttl ms, wake channel.
 * Returns `{1, token, ttl}` on success, or `{0, ms until the earliest holder expires (0 when unknown)}`.
 */
export const ACQUIRE = `${prelude}
local id, ttl, permits, mode, waiterTtl, channel = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), ARGV[6]
local head = firstAliveWaiter()
local count = redis.call('ZCARD', holders)
local held = redis.call('ZSCORE', holders, id)
if held or (count < permits and ((not head) or head == id)) then
  if head == id then
    redis.call('LPOP', queue)
  end
  redis.call('ZREM', waiters, id)
  redis.call('ZADD', holders, nowMs + ttl, id)
  keepAlive(holders, ttl)
  local last = tonumber(redis.call('GET', fence) or '0')
  local token = math.max(last + 1, nowUs)
  redis.call('SET', fence, string.format('%.0f', token), 'PX', math.max(86400000, ttl * 2))
  wakeHead(permits, channel, id)
  return {1, token, ttl}
end
if mode == 'wait' then
  if not redis.call('ZSCORE', waiters, id) then redis.call('RPUSH', queue, id) end
  redis.call('ZADD', waiters, nowMs + waiterTtl, id)
  keepAlive(queue, waiterTtl)
  keepAlive(waiters, waiterTtl)
  if count < permits then wakeHead(permits, channel, id) end
end
local first = redis.call('ZRANGE', holders, 0, 0, 'WITHSCORES')
local wait = 0
if first[2] then wait = math.max(tonumber(first[2]) - nowMs, 0) end
return {0, wait}
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
 * Releases a lease, only if it is this caller's and still alive, and wakes the first waiter. KEYS: holders, queue,
 * waiters, fence. ARGV: lease id, permits, wake channel, the message to publish when nobody is queued (quorum
 * waiters, which do not queue, listen for it; empty to publish nothing). Returns 1 when the lease was held, 0 when it had been lost.
 */
export const RELEASE = `${prelude}
local removed = redis.call('ZREM', holders, ARGV[1])
if firstAliveWaiter() then
  wakeHead(tonumber(ARGV[2]), ARGV[3], false)
elseif ARGV[4] ~= '' then
  redis.call('PUBLISH', ARGV[3], ARGV[4])
end
return removed
`;

/**
 * Leaves the waiting line (abort, timeout) and wakes the next waiter if the slot is free. KEYS: holders, queue,
 * waiters, fence. ARGV: waiter id, permits, wake channel.
 */
export const LEAVE = `${prelude}
redis.call('LREM', queue, 0, ARGV[1])
redis.call('ZREM', waiters, ARGV[1])
wakeHead(tonumber(ARGV[2]), ARGV[3], false)
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
