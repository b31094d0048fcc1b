--[[
  Gives a lease up (a worker stopping), so a standby takes the shard at once.

  Input:
    KEYS[1] the lease key
    ARGV[1] '<fence>:<owner>' as the holder took it

  Output:
    1 when released, 0 when it was no longer this holder's
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
