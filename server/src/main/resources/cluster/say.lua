-- Stores a message and publishes it. KEYS[4]: the cid key (ignored without a cid). ARGV: channel, nick key, token
-- ('' = no membership check), nick, text, cid ('' = none), id floor, deadline, history max, ttl (s), cid ttl (ms).
-- Returns {'ok', seq, id, ts}, {'dup', id, ts, text} (text may be false if trimmed), {'gone'} or {'expired'}.
if expired(ARGV[8]) then return {'expired'} end
if ARGV[3] ~= '' and holder_token(redis.call('HGET', KEYS[3], ARGV[2])) ~= ARGV[3] then return {'gone'} end
if ARGV[6] ~= '' then
  local original = redis.call('GET', KEYS[4])
  if original then
    local entry = redis.call('XRANGE', KEYS[2], original .. '-0', original .. '-0')
    if entry[1] then
      local f = entry[1][2]
      return {'dup', tonumber(original), tonumber(f[2]), f[6]}
    end
    return {'dup', tonumber(original), 0, false}
  end
end
raise_id_floor(ARGV[7])
local id = redis.call('HINCRBY', KEYS[1], 'id', 1)
local ts = math.max(now_ms(), tonumber(redis.call('HGET', KEYS[1], 'ts') or '0'))
redis.call('HSET', KEYS[1], 'ts', ts)
local max = tonumber(ARGV[9])
if ARGV[6] ~= '' then
  redis.call('XADD', KEYS[2], 'MINID', '~', math.max(id - max + 1, 0), id .. '-0',
    'ts', ts, 'from', ARGV[4], 'text', ARGV[5], 'cid', ARGV[6])
  redis.call('SET', KEYS[4], id, 'PX', ARGV[11])
else
  redis.call('XADD', KEYS[2], 'MINID', '~', math.max(id - max + 1, 0), id .. '-0',
    'ts', ts, 'from', ARGV[4], 'text', ARGV[5])
end
local seq = next_seq()
redis.call('PUBLISH', ARGV[1], cjson.encode({s = seq, t = 'm', i = id, ts = ts, f = ARGV[4], x = ARGV[5],
  c = ARGV[6] ~= '' and ARGV[6] or nil}))
touch(ARGV[10])
return {'ok', seq, id, ts}
