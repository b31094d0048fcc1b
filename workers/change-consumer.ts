import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChangeJob } from '../services/queue/queues';
import { isOwnershipLost } from '../services/matches/errors';
import { createChangeReader, isNoGroup, type ChangeEntry } from '../services/matches/change-stream';
import type { ShardOwner } from '../services/matches/shard-owner';

/** Entries read at a time: a burst of changes to one profile coalesces within one read. */
const BATCH = 200;
/** Longest one XREADGROUP waits for an entry. Milliseconds. */
const BLOCK_MS = 1_000;

/** What a shard's change consumer needs. */
export interface ChangeConsumerDeps {
  shard: number;
  /** A connection of the consumer's own (XREADGROUP BLOCK holds it). */
  redis: Redis;
  key: string;
  /** The consumer's name in the group (this worker). */
  consumer: string;
  owner: ShardOwner;
  logger: Logger;
  /** Tries of one change before it is left to the reconciliation. */
  attempts: number;
  /** First retry delay; doubles each try. Milliseconds. */
  backoffMs: number;
  /** Called when a write finds the shard taken over: the worker then steps down. */
  onOwnershipLost(error: Error): void;
  /** Called after each batch applied (the dense pass follows the lexical rankings). */
  onApplied?(): void;
  /** Told when a batch of changes is being applied (the dense pass waits for quiet: see createLexicalFirst). */
  lexicalWork?: { working(): () => void };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads a shard's change stream as its owner: `join` (before the owner loads, so every change is
 * either loaded or read after), then `start` claims what former owners left unacknowledged and
 * applies every entry in order, a batch at a time (changes of one entity in a batch applied once:
 * the owner reads the stored document anyway), acknowledging each batch once applied. A change
 * that fails is retried with backoff; after `attempts` tries it is left to the reconciliation, as
 * is a malformed entry (logged, acknowledged). After a gap (an entry past the position trimmed, or
 * the group gone with Redis restarted empty) the owner reconciles with the database and resumes.
 */
export function createChangeConsumer(deps: ChangeConsumerDeps) {
  const { shard, logger, owner } = deps;
  const reader = createChangeReader(deps.redis, deps.key, deps.consumer);
  let position = '0-0';
  let stopping = false;
  let reading = false;
  let done: Promise<void> = Promise.resolve();

  /**
   * Applies one change, retrying with backoff (after `attempts` tries it is logged and left). True
   * when it changed nothing scoring reads (applied without re-ranking).
   */
  async function apply(change: ChangeJob): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return (await owner.applyChange(change.kind, change.id, change.version)).unscored;
      } catch (error) {
        if (isOwnershipLost(error)) throw error;
        const err = `${(error as Error).name}: ${(error as Error).message}`;
        if (attempt >= deps.attempts || stopping) {
          logger.error({ shard, kind: change.kind, id: change.id, attempts: attempt, err }, 'change failed');
          return false;
        }
        logger.warn(
          { shard, kind: change.kind, id: change.id, attempts: attempt, err },
          'change failed; retrying',
        );
        await sleep(deps.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  async function applyEntries(entries: ChangeEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const latest = new Map<string, ChangeJob>();
    for (const entry of entries) {
      if (entry.change === null) {
        logger.error({ shard, entry: entry.id }, 'invalid change entry skipped');
        continue;
      }
      const key = `${entry.change.kind}:${entry.change.id}`;
      if ((latest.get(key)?.version ?? -1) <= entry.change.version) latest.set(key, entry.change);
    }
    let unscored = 0;
    for (const change of latest.values()) if (await apply(change)) unscored += 1;
    await reader.ack(entries.map((entry) => entry.id));
    deps.onApplied?.();
    logger.info({ shard, entries: entries.length, applied: latest.size, unscored }, 'changes applied');
  }

  /** Applies every stored version the owner has not (a gap, a lost publish). */
  async function reconcile(reason: string): Promise<void> {
    const changes = await owner.reconcile();
    for (const change of changes) await apply(change);
    if (changes.length > 0) logger.info({ shard, changes: changes.length, reason }, 'reconciled');
  }

  /** Runs `task` marked as lexical work: the dense pass waits until it is over (see createLexicalFirst). */
  async function marked(task: () => Promise<void>): Promise<void> {
    const over = deps.lexicalWork?.working();
    try {
      await task();
    } finally {
      over?.();
    }
  }

  async function loop(): Promise<void> {
    let claimed = false;
    while (!stopping) {
      try {
        if (!claimed) {
          await marked(async () => applyEntries(await reader.claimLeftovers()));
          claimed = true;
          continue;
        }
        reading = true;
        const entries = await reader.read(BATCH, BLOCK_MS).finally(() => (reading = false));
        if (entries.length === 0) continue;
        // Marked from the moment they are read, not only while applied.
        await marked(async () => {
          const before = position;
          position = entries[entries.length - 1]?.id ?? position;
          if (await reader.trimmedPast(before)) await reconcile('changes trimmed before they were read');
          await applyEntries(entries);
        });
      } catch (error) {
        // Refused even while stopping (the lease lost first): logged as such.
        if (isOwnershipLost(error)) {
          deps.onOwnershipLost(error as Error);
          return;
        }
        if (stopping) return;
        if (isNoGroup(error)) {
          position = await reader.join().catch(() => position);
          await reconcile('the change stream was lost (Redis restarted empty)').catch(() => undefined);
          continue;
        }
        logger.warn({ shard, err: (error as Error).message }, 'change stream not read; will try again');
        await sleep(deps.backoffMs);
      }
    }
  }

  return {
    /** Joins the group; the position is its last delivered entry. Call before the owner loads. */
    async join(): Promise<void> {
      position = await reader.join();
    },

    /** Starts reading (claims leftovers first). */
    start(): void {
      done = loop().catch((error: unknown) => {
        if (isOwnershipLost(error)) deps.onOwnershipLost(error as Error);
        else logger.error({ shard, err: (error as Error).message }, 'change consumer stopped');
      });
    },

    /** The periodic reconciliation (lost publishes while Redis was away from the API). */
    reconcile: () => reconcile('periodic'),

    /** Finishes the batch in hand (a read in progress is cut short), then stops. */
    async stop(): Promise<void> {
      stopping = true;
      if (reading) deps.redis.disconnect();
      await done;
      deps.redis.disconnect();
    },
  };
}

/** A shard's {@link createChangeConsumer}. */
export type ChangeConsumer = ReturnType<typeof createChangeConsumer>;
