import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';

/** The Lua scripts, kept as files with KEYS/ARGV headers (named `<command>-<number of keys>.lua`, as BullMQ keeps its own). */
function script(name: string): { numberOfKeys: number; lua: string } {
  const numberOfKeys = Number(/-(\d+)\.lua$/.exec(name)?.[1]);
  return { numberOfKeys, lua: readFileSync(path.join(__dirname, 'lua', name), 'utf8') };
}

interface LeaseCommands {
  acquireLease(
    lease: string,
    counter: string,
    owner: string,
    ms: number,
    stored: number,
  ): Promise<number | null>;
  renewLease(lease: string, counter: string, holder: string, ms: number, fence: number): Promise<number>;
  releaseLease(lease: string, holder: string): Promise<number>;
}

/** One held lease: the shard, its fencing token, and what the key holds while it is this holder's. */
export interface HeldLease {
  shard: number;
  fence: number;
  holder: string;
}

/**
 * Shard leases in Redis: `<prefix>:matches:lease:<shard>` names the owner and its fencing token and
 * expires unless renewed; `<prefix>:matches:fence:<shard>` counts up with every lease taken, so a
 * newer owner always holds a larger token than any before it.
 */
export interface Leases {
  /** Takes the shard's lease when free; `storedFence` is the newest fence the database holds for it. Null when held by another. */
  tryAcquire(shard: number, storedFence: number): Promise<HeldLease | null>;
  /** Extends the lease (or takes it again if it expired and no one took it since); false when another owner holds it. */
  renew(lease: HeldLease): Promise<boolean>;
  /** Gives the lease up (best effort). */
  release(lease: HeldLease): Promise<void>;
  /** How long the shard's lease still lasts, in milliseconds (0 when nobody holds it). */
  heldFor(shard: number): Promise<number>;
}

/** {@link Leases} on `redis`, each lasting `leaseMs` from its last renewal. */
export function createLeases(redis: Redis, prefix: string, owner: string, leaseMs: number): Leases {
  for (const name of ['acquireLease-2.lua', 'renewLease-2.lua', 'releaseLease-1.lua']) {
    const command = name.replace(/-\d+\.lua$/, '');
    if (!(command in redis)) redis.defineCommand(command, script(name));
  }
  const commands = redis as unknown as LeaseCommands;
  const leaseKey = (shard: number) => `${prefix}:matches:lease:${shard}`;
  const counterKey = (shard: number) => `${prefix}:matches:fence:${shard}`;
  return {
    async tryAcquire(shard, storedFence) {
      const fence = await commands.acquireLease(
        leaseKey(shard),
        counterKey(shard),
        owner,
        leaseMs,
        storedFence,
      );
      return fence === null ? null : { shard, fence, holder: `${fence}:${owner}` };
    },
    async renew(lease) {
      const { shard, holder, fence } = lease;
      return (await commands.renewLease(leaseKey(shard), counterKey(shard), holder, leaseMs, fence)) === 1;
    },
    async release(lease) {
      await commands.releaseLease(leaseKey(lease.shard), lease.holder).catch(() => undefined);
    },
    async heldFor(shard) {
      const ms = await redis.pttl(leaseKey(shard));
      // -2: no key; -1: a key without expiry (never set so here): held, for as long as a lease.
      return ms === -2 ? 0 : ms === -1 ? leaseMs : ms;
    },
  };
}
