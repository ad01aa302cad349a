-- This node lives (until now + ttl) and has members in the rooms given; the members of nodes past
-- their time leave their rooms (a few nodes per call). On a node's start ("fresh"), what Redis still
-- holds of an earlier run under its name goes first, as for a dead node: restarted within the node
-- timeout, it would otherwise keep its old members listed.
-- KEYS: 1 nodes (zset)
-- ARGV: 1 this node, 2 ttl (ms), 3 "1" on the node's start, 4... this node's rooms
-- Returns {members of dead nodes removed, 1 if this node was still known (0: it had been given up)}.
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)

-- The members of node `dead` leave every room it had members in.
local function leave(dead)
  local rooms_key = 'duplex:node-rooms:' .. dead
  local removed = 0
  for _, room in ipairs(redis.call('SMEMBERS', rooms_key)) do
    local members = 'duplex:members:' .. room
    local all = redis.call('HGETALL', members)
    for i = 1, #all, 2 do
      local node, nick = string.match(all[i + 1], '^([^\n]*)\n[^\n]*\n[^\n]*\n(.*)$')
      if node == dead then
        redis.call('HDEL', members, all[i])
        redis.call('PUBLISH', 'duplex:text:' .. room, 'L\n' .. dead .. '\n' .. nick)
        removed = removed + 1
      end
    end
  end
  redis.call('DEL', rooms_key)
  redis.call('ZREM', KEYS[1], dead)
  return removed
end

local removed = 0
if ARGV[3] == '1' then
  removed = leave(ARGV[1])
end
local known = redis.call('ZSCORE', KEYS[1], ARGV[1])
local was_alive = 0
if known and tonumber(known) > nowMs then was_alive = 1 end
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[1])
local mine = 'duplex:node-rooms:' .. ARGV[1]
redis.call('DEL', mine)
for i = 4, #ARGV do redis.call('SADD', mine, ARGV[i]) end
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', nowMs, 'LIMIT', 0, 8)) do
  removed = removed + leave(dead)
end
return {removed, was_alive}
