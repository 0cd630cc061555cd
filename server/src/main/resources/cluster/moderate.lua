-- An operator's action on a room, published in the room's order like every other event. ARGV: channel, action,
-- then per action: kick: nick key, reason; notice: text; delete: message id; close: reason.
-- Returns {'ok', seq} or {'missing'} (no such member, message, or no member at all).
local action = ARGV[2]
local event
if action == 'kick' then
  local current = redis.call('HGET', KEYS[3], ARGV[3])
  if not current then return {'missing'} end
  redis.call('HDEL', KEYS[3], ARGV[3])
  local token, nick = string.match(current, '^([^\t]*)\t(.*)$')
  event = {t = 'k', n = nick, k = token, r = ARGV[4]}
elseif action == 'notice' then
  if redis.call('EXISTS', KEYS[3]) == 0 then return {'missing'} end
  event = {t = 'n', x = ARGV[3], ts = now_ms()}
elseif action == 'delete' then
  if redis.call('XDEL', KEYS[2], ARGV[3] .. '-0') == 0 then return {'missing'} end
  event = {t = 'd', i = tonumber(ARGV[3])}
elseif action == 'close' then
  if redis.call('EXISTS', KEYS[3]) == 0 then return {'missing'} end
  redis.call('DEL', KEYS[3])
  event = {t = 'c', r = ARGV[3]}
else
  return redis.error_reply('unknown action ' .. action)
end
event.s = next_seq(KEYS)
redis.call('PUBLISH', ARGV[1], cjson.encode(event))
return {'ok', event.s}
