--[[
  Extends a lease its holder still holds. A lease that expired while no one took the shard since
  (the counter still stands at the holder's fence) is taken again: no newer owner exists.

  Input:
    KEYS[1] the lease key
    KEYS[2] the shard's fence counter
    ARGV[1] '<fence>:<owner>' as the holder took it
    ARGV[2] lease lifetime, milliseconds
    ARGV[3] the holder's fence

  Output:
    1 when the holder holds the lease for ARGV[2] more milliseconds, 0 when another owner took it
]]
local current = redis.call('GET', KEYS[1])
if current == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if not current and redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
