-- Helpers shared by the library's functions. Room keys: KEYS[1] state hash (id, seq, ts, touched), KEYS[2] the
-- message stream, KEYS[3] the members hash (nick key -> token TAB nick). All in one hash slot.

-- Redis' own clock in milliseconds: one clock for every node, and what deadlines are set in.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A request the node has already answered "unavailable" for must not run late.
local function expired(deadline)
  return now_ms() > tonumber(deadline)
end

-- The next event number of the room: every message, entry and exit gets one, in the order they happen.
local function next_seq(KEYS)
  return redis.call('HINCRBY', KEYS[1], 'seq', 1)
end

-- Ids never go below what some node or client has already seen (after Redis lost its data, say).
local function raise_id_floor(KEYS, floor)
  local floor_n = tonumber(floor)
  local id = tonumber(redis.call('HGET', KEYS[1], 'id') or '0')
  if floor_n > id then
    redis.call('HSET', KEYS[1], 'id', floor_n)
  end
end

local function holder_token(value)
  return value and string.match(value, '^([^\t]*)') or nil
end

local function touch(KEYS, ttl)
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
