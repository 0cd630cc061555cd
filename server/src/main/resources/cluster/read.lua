-- A page of messages with ids in (ARGV[1], ARGV[2]], at most ARGV[3], from the oldest ('old') or newest end
-- (ARGV[4]), one more to tell whether there are more. Returns {oldest id kept, entries (newest first for 'new')}.
local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
local oldest = first[1] and first[1][1] or '0-0'
local low = '(' .. ARGV[1] .. '-0'
local high = ARGV[2] .. '-0'
local count = tonumber(ARGV[3]) + 1
if tonumber(ARGV[2]) <= tonumber(ARGV[1]) then return {oldest, {}} end
if ARGV[4] == 'old' then
  return {oldest, redis.call('XRANGE', KEYS[2], low, high, 'COUNT', count)}
end
return {oldest, redis.call('XREVRANGE', KEYS[2], high, low, 'COUNT', count)}
