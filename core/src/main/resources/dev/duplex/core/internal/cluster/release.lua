-- A member of this node left: its claim goes, unless another connection holds it now.
-- KEYS: 1 members, 2 the room's channel
-- ARGV: 1 nickname key, 2 connection, 3 this node, 4 nickname
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if entry and string.match(entry, '^[^\n]*\n([^\n]*)\n') == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('PUBLISH', KEYS[2], 'L\n' .. ARGV[3] .. '\n' .. ARGV[4])
  return {1}
end
return {0}
