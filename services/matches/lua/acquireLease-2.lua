--[[
  Takes a shard's lease when nobody holds it, with a new fencing token.

  Input:
    KEYS[1] the lease key ('<fence>:<owner>' while held; expires unless renewed)
    KEYS[2] the shard's fence counter
    ARGV[1] owner id
    ARGV[2] lease lifetime, milliseconds
    ARGV[3] lowest fence to hand out minus one: the newest fence the database holds for the shard
            (so a counter Redis lost starts above it again)

  Output:
    the new fence, or nil when another owner holds the lease
]]
if redis.call('EXISTS', KEYS[1]) == 1 then
  return nil
end
local fence = redis.call('INCR', KEYS[2])
local stored = tonumber(ARGV[3])
if fence <= stored then
  fence = stored + 1
  redis.call('SET', KEYS[2], fence)
end
redis.call('SET', KEYS[1], fence .. ':' .. ARGV[1], 'PX', ARGV[2])
return fence
