-- Stores one text of a room, once: the dedupe, the room sequence, the stream entry and the
-- publication happen in one step, so every node sees the room in one order.
-- KEYS: 1 meta (hash: s = last sequence, e = epoch), 2 stream, 3 dedupe key, 4 the room's channel
-- ARGV: 1 candidate epoch, 2 max messages, 3 max age (ms), 4 dedupe ttl (s), 5 message id, 6 time (us),
--       7 sender, 8 body, 9 origin node, 10 "1" if the origin already showed it to its own members
-- Returns {sequence, 1 if it was stored before, epoch}.
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[1]
  redis.call('HSET', KEYS[1], 'e', epoch)
  redis.call('DEL', KEYS[2])
end
local known = redis.call('GET', KEYS[3])
if known then
  return {tonumber(known), 1, epoch}
end
local seq = redis.call('HINCRBY', KEYS[1], 's', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], seq .. '-0', 'm', ARGV[5], 't', ARGV[6], 'n', ARGV[7],
  'b', ARGV[8], 'a', nowMs, 'o', ARGV[9], 'p', ARGV[10])
redis.call('SET', KEYS[3], seq, 'EX', ARGV[4])
-- Age: the oldest few entries stored before the cutoff go, a few per append; an idle room's whole
-- stream expires with its key.
local cutoff = nowMs - tonumber(ARGV[3])
local last_old = nil
for _, entry in ipairs(redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 8)) do
  local fields = entry[2]
  local at = nil
  for i = 1, #fields, 2 do
    if fields[i] == 'a' then at = tonumber(fields[i + 1]) end
  end
  if at and at < cutoff then last_old = entry[1] else break end
end
if last_old then
  redis.call('XTRIM', KEYS[2], 'MINID', (tonumber(string.match(last_old, '^(%d+)')) + 1) .. '-0')
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
redis.call('PUBLISH', KEYS[4], 'T\n' .. epoch .. '\n' .. seq .. '\n' .. ARGV[5] .. '\n' .. ARGV[6] .. '\n'
  .. ARGV[9] .. '\n' .. ARGV[10] .. '\n' .. ARGV[7] .. '\n' .. ARGV[8])
return {seq, 0, epoch}
