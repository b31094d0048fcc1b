--[[
  Whether a change of one need or profile is not yet acknowledged by a stream's consumer group:
  delivered to a consumer and pending (being applied, or left by a dead owner), or not delivered
  yet. Without the group (no owner has joined) every entry waits. One atomic look, so an entry
  delivered between two reads can neither be missed nor counted twice.

  Input:
    KEYS[1] the shard's change stream
    ARGV[1] the consumer group ('owners')
    ARGV[2] the change's kind ('need' or 'startup')
    ARGV[3] the need's or profile's id

  Output:
    1 when an unacknowledged entry names the need or profile, else 0
]]
local function names(fields)
  local kind, id
  for i = 1, #fields, 2 do
    if fields[i] == 'kind' then kind = fields[i + 1] elseif fields[i] == 'id' then id = fields[i + 1] end
  end
  return kind == ARGV[2] and id == ARGV[3]
end

local function anyNames(entries)
  for _, entry in ipairs(entries) do
    if names(entry[2]) then return true end
  end
  return false
end

if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end

local group
for _, each in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local fields = {}
  for i = 1, #each, 2 do fields[each[i]] = each[i + 1] end
  if fields['name'] == ARGV[1] then group = fields end
end
if group == nil then
  return anyNames(redis.call('XRANGE', KEYS[1], '-', '+')) and 1 or 0
end

-- Delivered and not acknowledged: exactly the group's pending entries (those trimmed away read as none).
if tonumber(group['pending']) > 0 then
  for _, pending in ipairs(redis.call('XPENDING', KEYS[1], ARGV[1], '-', '+', group['pending'])) do
    if anyNames(redis.call('XRANGE', KEYS[1], pending[1], pending[1])) then return 1 end
  end
end
-- Not delivered yet: every entry after the group's last delivered one.
return anyNames(redis.call('XRANGE', KEYS[1], '(' .. group['last-delivered-id'], '+')) and 1 or 0
