-- One page of a room's history after a sequence, cut by count and by bytes of text (at least one
-- message). On a first page (keep >= 0) only the newest `keep` of the messages missed up to where
-- the member joined are given, and every one after that (said since it joined).
-- KEYS: 1 meta, 2 stream
-- ARGV: 1 after, 2 keep (-1: a later page), 3 max messages, 4 max bytes,
--       5 where the room was when the member joined (-1 or absent: where it is now)
-- Returns {last sequence, epoch, skipped, more (0/1), then per message: sequence, id, time, sender, body,
-- origin node, "1" if the origin showed it to its own members before it was stored}.
local last = tonumber(redis.call('HGET', KEYS[1], 's') or '0')
local epoch = redis.call('HGET', KEYS[1], 'e') or '0'
local after = tonumber(ARGV[1])
local keep = tonumber(ARGV[2])
local skipped = 0
if keep >= 0 then
  local joined = tonumber(ARGV[5] or '-1')
  if joined < 0 or joined > last then joined = last end
  local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)
  local first_seq = last + 1
  if first[1] then first_seq = tonumber(string.match(first[1][1], '^(%d+)')) end
  local missed = math.max(0, joined - math.max(after + 1, first_seq) + 1)
  if missed > keep then
    after = joined - keep
    skipped = missed - keep
  end
end
local max_messages = tonumber(ARGV[3])
local max_bytes = tonumber(ARGV[4])
local out = {last, epoch, skipped, 0}
local count = 0
local bytes = 0
for _, entry in ipairs(redis.call('XRANGE', KEYS[2], (after + 1) .. '-0', '+', 'COUNT', max_messages + 1)) do
  if count >= max_messages or (count > 0 and bytes >= max_bytes) then
    out[4] = 1
    break
  end
  local f = {}
  local fields = entry[2]
  for i = 1, #fields, 2 do f[fields[i]] = fields[i + 1] end
  out[#out + 1] = tonumber(string.match(entry[1], '^(%d+)'))
  out[#out + 1] = f['m']
  out[#out + 1] = f['t']
  out[#out + 1] = f['n']
  out[#out + 1] = f['b']
  out[#out + 1] = f['o'] or ''
  out[#out + 1] = f['p'] or '0'
  count = count + 1
  bytes = bytes + #f['b']
end
return out
