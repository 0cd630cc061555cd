-- Claims a nick in a room for a connection. ARGV: channel, nick key, nick, token, id floor, deadline, ttl (s).
-- Returns {'ok', seq}, {'taken'} or {'expired'}.
if expired(ARGV[6]) then return {'expired'} end
local current = redis.call('HGET', KEYS[3], ARGV[2])
if current then
  if holder_token(current) ~= ARGV[4] then return {'taken'} end
  return {'ok', tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')}
end
raise_id_floor(KEYS, ARGV[5])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[4] .. '\t' .. ARGV[3])
local seq = next_seq(KEYS)
redis.call('PUBLISH', ARGV[1], cjson.encode({s = seq, t = 'j', n = ARGV[3], k = ARGV[4]}))
touch(KEYS, ARGV[7])
return {'ok', seq}
