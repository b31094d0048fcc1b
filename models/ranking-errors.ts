/**
 * A ranking write whose fencing token is older than the one the database holds for its shard: a
 * newer lease owner has taken the shard over, so this writer's rankings must never be seen. The
 * write was refused; nothing it wrote is visible to readers. Like BullMQ's `UnrecoverableError`,
 * a named class callers test with `instanceof` (or `name` across processes).
 */
export class StaleFenceError extends Error {
  constructor(
    readonly shard: number,
    readonly fence: number,
    readonly storedFence: number,
  ) {
    super(
      `shard ${shard}: fence ${fence} is older than the stored fence ${storedFence}; the write was refused`,
    );
    this.name = 'StaleFenceError';
  }
}
