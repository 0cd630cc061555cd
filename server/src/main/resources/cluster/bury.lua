-- Declares a node dead if its counter is still the one observed. KEYS[1]: beats hash, KEYS[2]: its buried marker,
-- KEYS[3]: the set of dead nodes whose members are still to be removed. ARGV: node, observed counter, marker ttl
-- (s). Returns {1} if this call declared it, else {0}.
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return {0} end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
redis.call('SADD', KEYS[3], ARGV[1])
return {1}
