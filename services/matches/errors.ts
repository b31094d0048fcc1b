import { StaleFenceError } from '../../models';

export { StaleFenceError };

/**
 * The worker no longer holds its shard's lease (it expired while the process was paused or cut off
 * from Redis, or another owner holds it now). The owner stops: it takes no further job for the shard
 * and drops its rankings in memory; the job in hand fails and is retried by the new owner. Named in
 * the style of BullMQ's `UnrecoverableError`.
 */
export class LeaseLostError extends Error {
  constructor(
    readonly shard: number,
    readonly fence: number,
    reason: string,
  ) {
    super(`shard ${shard}: the lease with fence ${fence} was lost (${reason})`);
    this.name = 'LeaseLostError';
  }
}

/** True for the errors that mean "this worker is no longer the shard's owner". */
export function isOwnershipLost(error: unknown): boolean {
  return error instanceof LeaseLostError || error instanceof StaleFenceError;
}
