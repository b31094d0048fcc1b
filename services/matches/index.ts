export { listNeedMatches, listStartupMatches, type MatchList } from './match-read.service';
export { createShardOwner, type ShardOwner, type RecomputeOutcome } from './shard-owner';
export { MatchEngine, type MatchEngineDeps } from './match-engine';
export { createLeases, type Leases, type HeldLease } from './lease';
export { LeaseLostError, StaleFenceError, isOwnershipLost } from './errors';
