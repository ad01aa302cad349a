-- The last sequence and the epoch of each room given (to find what a node missed).
-- KEYS: the rooms' meta keys
-- Returns {last sequence, epoch} per room, in order.
local out = {}
for i = 1, #KEYS do
  out[#out + 1] = tonumber(redis.call('HGET', KEYS[i], 's') or '0')
  out[#out + 1] = redis.call('HGET', KEYS[i], 'e') or '0'
end
return out
