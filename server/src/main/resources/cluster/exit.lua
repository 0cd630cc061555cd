-- Gives a nick up, if this token still holds it. ARGV: channel, nick key, token. Returns {'ok', seq} or {'gone'}.
local current = redis.call('HGET', KEYS[3], ARGV[2])
if not current or holder_token(current) ~= ARGV[3] then return {'gone'} end
redis.call('HDEL', KEYS[3], ARGV[2])
local seq = next_seq(KEYS)
local nick = string.match(current, '\t(.*)$')
redis.call('PUBLISH', ARGV[1], cjson.encode({s = seq, t = 'l', n = nick, k = ARGV[3]}))
return {'ok', seq}
