-- A node's heartbeat. KEYS[1]: the beats hash (node -> counter), KEYS[2]: this node's reaped marker. ARGV: node.
-- Returns {'reaped'} if other nodes have declared it dead, else {'ok', redis time ms, beats as flat pairs}.
if redis.call('EXISTS', KEYS[2]) == 1 then return {'reaped'} end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
local t = redis.call('TIME')
return {'ok', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), redis.call('HGETALL', KEYS[1])}
