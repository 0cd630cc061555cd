-- Removes a dead node's members from one room. ARGV: channel, token prefix of that node. Returns {how many}.
local removed = 0
local all = redis.call('HGETALL', KEYS[3])
for i = 1, #all, 2 do
  local value = all[i + 1]
  if string.sub(value, 1, #ARGV[2]) == ARGV[2] then
    redis.call('HDEL', KEYS[3], all[i])
    local seq = next_seq(KEYS)
    local token, nick = string.match(value, '^([^\t]*)\t(.*)$')
    redis.call('PUBLISH', ARGV[1], cjson.encode({s = seq, t = 'l', n = nick, k = token}))
    removed = removed + 1
  end
end
return {removed}
