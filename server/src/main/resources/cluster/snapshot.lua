-- A room's state at one instant. ARGV: after id (-1: the newest ARGV[2] messages instead), limit, id floor.
-- Returns {seq, last id, members (flat token, nick pairs), messages (XRANGE entries)}.
raise_id_floor(KEYS, ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'seq', 'id')
local members = {}
for _, value in ipairs(redis.call('HVALS', KEYS[3])) do
  local token, nick = string.match(value, '^([^\t]*)\t(.*)$')
  members[#members + 1] = token
  members[#members + 1] = nick
end
local messages
if tonumber(ARGV[1]) < 0 then
  messages = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', ARGV[2])
else
  messages = redis.call('XRANGE', KEYS[2], '(' .. ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])
end
return {tonumber(state[1] or '0'), tonumber(state[2] or '0'), members, messages}
