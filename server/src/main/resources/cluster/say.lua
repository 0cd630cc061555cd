-- Stores a message and publishes it. KEYS[4]: the cid key (ignored without a cid). ARGV: channel, nick key, token
-- ('' = no membership check), nick, text, cid ('' = none), id floor, deadline, history max, ttl (s), cid ttl (ms).
-- Returns {'ok', seq, id, ts}, {'dup', id, ts, text} (text false if trimmed, '' if deleted), {'gone'} or
-- {'expired'}.
-- Runs for every message, so it reads and writes the room's state hash once each.
local now = now_ms()
if now > tonumber(ARGV[8]) then return {'expired'} end
if ARGV[3] ~= '' and holder_token(redis.call('HGET', KEYS[3], ARGV[2])) ~= ARGV[3] then return {'gone'} end
local cid = ARGV[6]
if cid ~= '' then
  local original = redis.call('GET', KEYS[4])
  if original then
    local entry = redis.call('XRANGE', KEYS[2], original .. '-0', original .. '-0')
    if entry[1] then
      local f = entry[1][2]
      return {'dup', tonumber(original), tonumber(f[2]), f[6]}
    end
    -- gone: trimming keeps at least the newest ARGV[9] ids, so a newer one was deleted by an operator (text '');
    -- an older one was trimmed (false)
    local last = tonumber(redis.call('HGET', KEYS[1], 'id') or '0')
    if tonumber(original) > last - tonumber(ARGV[9]) then
      return {'dup', tonumber(original), 0, ''}
    end
    return {'dup', tonumber(original), 0, false}
  end
end
local state = redis.call('HMGET', KEYS[1], 'id', 'seq', 'ts', 'touched')
local id = math.max(tonumber(state[1] or '0'), tonumber(ARGV[7])) + 1
local seq = tonumber(state[2] or '0') + 1
local ts = math.max(now, tonumber(state[3] or '0'))
local touched = tonumber(state[4] or '0')
-- the keys' expiry is renewed once an hour, not on every message
if now - touched > 3600000 then
  touched = now
  touch(KEYS, ARGV[10])
end
redis.call('HSET', KEYS[1], 'id', id, 'seq', seq, 'ts', ts, 'touched', touched)
local trim_below = math.max(id - tonumber(ARGV[9]) + 1, 0)
if cid ~= '' then
  redis.call('XADD', KEYS[2], 'MINID', '~', trim_below, id .. '-0', 'ts', ts, 'from', ARGV[4], 'text', ARGV[5],
    'cid', cid)
  redis.call('SET', KEYS[4], id, 'PX', ARGV[11])
else
  redis.call('XADD', KEYS[2], 'MINID', '~', trim_below, id .. '-0', 'ts', ts, 'from', ARGV[4], 'text', ARGV[5])
end
redis.call('PUBLISH', ARGV[1], cjson.encode({s = seq, t = 'm', i = id, ts = ts, f = ARGV[4], x = ARGV[5],
  c = cid ~= '' and cid or nil}))
return {'ok', seq, id, ts}
