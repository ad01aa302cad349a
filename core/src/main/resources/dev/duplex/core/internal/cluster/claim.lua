-- Claims a nickname in a room for a member of this node, atomically over every node.
-- KEYS: 1 members (hash: nickname key -> node \n connection \n session \n nickname), 2 meta,
--       3 nodes (zset: node -> expiry ms), 4 this node's rooms (set), 5 the room's channel, 6 stream
-- ARGV: 1 nickname key, 2 this node, 3 connection, 4 session, 5 nickname, 6 max members,
--       7 candidate epoch, 8 "1" if this node has no member of that nickname now, 9 room, 10 meta ttl (ms)
-- Returns {outcome, epoch, last sequence, then per member: node, nickname}.
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local outcome = 'JOINED'
local entry = redis.call('HGET', KEYS[1], ARGV[1])
if entry then
  local node, conn, session, nick = string.match(entry, '^([^\n]*)\n([^\n]*)\n([^\n]*)\n(.*)$')
  local alive
  if node == ARGV[2] then
    alive = ARGV[8] ~= '1'
  else
    alive = tonumber(redis.call('ZSCORE', KEYS[3], node) or '0') > nowMs
  end
  if node == ARGV[2] and conn == ARGV[3] then
    -- This node claims its member's nickname again (Redis was away): the claim is still its own.
    outcome = 'TAKEN_OVER'
  elseif string.sub(ARGV[4], 1, 8) == 'session:' and session == ARGV[4] then
    outcome = 'TAKEN_OVER'
    if node ~= ARGV[2] then
      redis.call('PUBLISH', 'duplex:node:' .. node, 'R\n' .. ARGV[9] .. '\n' .. ARGV[1] .. '\n' .. conn)
    end
  elseif alive then
    outcome = 'NICKNAME_TAKEN'
  else
    redis.call('HDEL', KEYS[1], ARGV[1])
    redis.call('PUBLISH', KEYS[5], 'L\n' .. node .. '\n' .. nick)
  end
elseif redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[6]) then
  outcome = 'FULL'
end
local epoch = redis.call('HGET', KEYS[2], 'e')
if not epoch then
  epoch = ARGV[7]
  redis.call('HSET', KEYS[2], 'e', epoch)
  redis.call('DEL', KEYS[6])
end
if redis.call('PTTL', KEYS[2]) < 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[10])
end
local out = {outcome, epoch, tonumber(redis.call('HGET', KEYS[2], 's') or '0')}
if outcome ~= 'JOINED' and outcome ~= 'TAKEN_OVER' then
  return out
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. '\n' .. ARGV[3] .. '\n' .. ARGV[4] .. '\n' .. ARGV[5])
redis.call('SADD', KEYS[4], ARGV[9])
if outcome == 'JOINED' then
  redis.call('PUBLISH', KEYS[5], 'J\n' .. ARGV[2] .. '\n' .. ARGV[5])
end
for _, v in ipairs(redis.call('HVALS', KEYS[1])) do
  local node, nick = string.match(v, '^([^\n]*)\n[^\n]*\n[^\n]*\n(.*)$')
  out[#out + 1] = node
  out[#out + 1] = nick
end
return out
