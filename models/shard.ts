/**
 * The shard a need belongs to: a stable hash of its id (32-bit FNV-1a) modulo the number of shards,
 * the same in every process and across restarts, so one worker at a time (the shard's lease
 * owner) writes a need's ranking.
 */
export function shardOf(needId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < needId.length; i += 1) {
    hash ^= needId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return shards <= 1 ? 0 : hash % shards;
}
