import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { changeJobSchema, type ChangeJob } from '../queue/queues';

/**
 * The change streams: one Redis stream per shard (`<prefix>:matches:changes:<shard>`) holding, in
 * order, the changes of the shard's needs and every profile change (the API adds a profile's change
 * to every shard's stream). The shard's owner reads it through the consumer group `owners`
 * (XREADGROUP), acknowledges what it applied (XACK), and a new owner claims what a dead one left
 * unacknowledged (XAUTOCLAIM). Stream ids are the positions: an owner that finds an entry after its
 * position trimmed away, or the group gone (Redis restarted empty), reconciles with the database.
 */
export const CHANGE_GROUP = 'owners';

/** Entries kept per stream (XADD MAXLEN ~): far more than an owner falls behind while it runs. */
export const CHANGE_STREAM_MAX_LEN = 10_000;

/** The stream of one shard's changes. */
export function changeStreamKey(prefix: string, shard: number): string {
  return `${prefix}:matches:changes:${shard}`;
}

/** One entry as read: its stream id, and the change, or null when the entry is malformed. */
export interface ChangeEntry {
  id: string;
  change: ChangeJob | null;
}

/** Appends `change` to a shard's stream, trimming it to about {@link CHANGE_STREAM_MAX_LEN} entries. */
export async function addChange(redis: Redis, key: string, change: Omit<ChangeJob, 'type'>): Promise<string> {
  const id = await redis.xadd(
    key,
    'MAXLEN',
    '~',
    CHANGE_STREAM_MAX_LEN,
    '*',
    'kind',
    change.kind,
    'id',
    change.id,
    'version',
    String(change.version),
    'deleted',
    change.deleted ? '1' : '0',
  );
  return id ?? '';
}

/** Compares two stream ids (`<ms>-<seq>`) numerically. */
export function compareIds(a: string, b: string): number {
  const [aMs = 0n, aSeq = 0n] = a.split('-').map((part) => BigInt(part));
  const [bMs = 0n, bSeq = 0n] = b.split('-').map((part) => BigInt(part));
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/** A flat `[field, value, …]` reply (XINFO) as an object. */
function fieldsOf(reply: unknown): Record<string, unknown> {
  const list = reply as unknown[];
  const fields: Record<string, unknown> = {};
  for (let i = 0; i + 1 < list.length; i += 2) fields[String(list[i])] = list[i + 1];
  return fields;
}

/** The consumer group `owners` of a stream as XINFO GROUPS describes it, or undefined when it has none. */
async function ownersGroup(redis: Redis, key: string): Promise<Record<string, unknown> | undefined> {
  const groups = (await redis.xinfo('GROUPS', key)) as unknown[];
  return groups.map(fieldsOf).find((each) => each.name === CHANGE_GROUP);
}

/** An entry's `[id, [field, value, …]]` as a change (validated: a malformed entry reads as null). */
function entryOf([id, raw]: [string, string[]]): ChangeEntry {
  const fields = fieldsOf(raw);
  const parsed = changeJobSchema.safeParse({
    type: 'change',
    kind: fields.kind,
    id: fields.id,
    version: Number(fields.version),
    deleted: fields.deleted === '1',
  });
  return { id, change: parsed.success ? parsed.data : null };
}

/** True when the error says the stream or its group does not exist (Redis restarted empty). */
export function isNoGroup(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOGROUP');
}

/**
 * The owner's side of a shard's stream, over a connection of its own (XREADGROUP BLOCK holds the
 * connection while it waits).
 */
export function createChangeReader(redis: Redis, key: string, consumer: string) {
  return {
    /** Creates the group at the stream's end unless it exists; returns its last delivered id (the position). */
    async join(): Promise<string> {
      try {
        await redis.xgroup('CREATE', key, CHANGE_GROUP, '$', 'MKSTREAM');
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('BUSYGROUP'))) throw error;
      }
      return String((await ownersGroup(redis, key))?.['last-delivered-id'] ?? '0-0');
    },

    /** Takes over every entry other consumers (former owners) left unacknowledged, and removes them from the group. */
    async claimLeftovers(): Promise<ChangeEntry[]> {
      const claimed: ChangeEntry[] = [];
      let start = '0-0';
      do {
        const [next, entries] = (await redis.xautoclaim(
          key,
          CHANGE_GROUP,
          consumer,
          0,
          start,
          'COUNT',
          500,
        )) as [string, [string, string[]][]];
        // Entries trimmed while pending come back as null (Redis 7 lists their ids apart).
        for (const entry of entries) if (entry !== null) claimed.push(entryOf(entry));
        start = next;
      } while (start !== '0-0');
      const consumers = ((await redis.xinfo('CONSUMERS', key, CHANGE_GROUP)) as unknown[]).map(fieldsOf);
      for (const each of consumers)
        if (each.name !== consumer) await redis.xgroup('DELCONSUMER', key, CHANGE_GROUP, String(each.name));
      return claimed;
    },

    /** The next entries never delivered to the group, waiting up to `blockMs` for one. */
    async read(count: number, blockMs: number): Promise<ChangeEntry[]> {
      const reply = (await redis.xreadgroup(
        'GROUP',
        CHANGE_GROUP,
        consumer,
        'COUNT',
        count,
        'BLOCK',
        blockMs,
        'STREAMS',
        key,
        '>',
      )) as [string, [string, string[]][]][] | null;
      return (reply?.[0]?.[1] ?? []).map(entryOf);
    },

    async ack(ids: string[]): Promise<void> {
      if (ids.length > 0) await redis.xack(key, CHANGE_GROUP, ...ids);
    },

    /**
     * True when an entry after `position` was removed (trimmed) from the stream: the group never
     * got it. Redis 7 says so exactly (`max-deleted-entry-id`); on 6.2, a stream whose oldest entry
     * is already past the position may have lost some (a reconciliation too many at worst).
     */
    async trimmedPast(position: string): Promise<boolean> {
      const info = fieldsOf(await redis.xinfo('STREAM', key));
      const deleted = info['max-deleted-entry-id'];
      if (deleted !== undefined) return compareIds(String(deleted), position) > 0;
      const first = info['first-entry'] as [string, unknown] | null | undefined;
      return first != null && compareIds(first[0], position) > 0;
    },
  };
}

/** A shard's {@link createChangeReader}. */
export type ChangeReader = ReturnType<typeof createChangeReader>;

/** What a shard's owner has yet to acknowledge in its stream. */
export interface ChangeBacklog {
  /** Entries read by the owner and not yet acknowledged (being applied, or left by a dead owner). */
  delivered: number;
  /** Entries not yet read. */
  undelivered: number;
  /** Age of the oldest entry not acknowledged, from its stream id (0 when none). Milliseconds. */
  lagMs: number;
}

/** Entries of a stream the group has not acknowledged: delivered to the owner (being applied), and not yet delivered. */
export async function changeBacklog(redis: Redis, key: string, now = Date.now()): Promise<ChangeBacklog> {
  if ((await redis.exists(key)) === 0) return { delivered: 0, undelivered: 0, lagMs: 0 };
  const group = await ownersGroup(redis, key);
  const from = group ? `(${String(group['last-delivered-id'])}` : '-';
  const waiting = (await redis.xrange(key, from, '+')) as [string, string[]][];
  const delivered = Number(group?.pending ?? 0);
  let oldest = waiting[0]?.[0];
  if (delivered > 0) {
    const [, lowest] = (await redis.xpending(key, CHANGE_GROUP)) as [number, string | null];
    oldest = lowest ?? oldest;
  }
  // A stream id starts with the milliseconds Redis added the entry at.
  const lagMs = oldest === undefined ? 0 : Math.max(0, now - Number(oldest.split('-')[0]));
  return { delivered, undelivered: waiting.length, lagMs };
}

/** The pending check's script (lua/changePending-1.lua; KEYS and ARGV in its header). */
const CHANGE_PENDING = {
  numberOfKeys: 1,
  lua: readFileSync(path.join(__dirname, 'lua', 'changePending-1.lua'), 'utf8'),
};

interface ChangePendingCommand {
  changePending(key: string, group: string, kind: string, id: string): Promise<number>;
}

/**
 * Whether a change of this need or profile waits in the stream or is being applied: an entry for it
 * not yet acknowledged by the group (delivered and pending, or not delivered yet). Without a group
 * (no owner yet) every entry waits. One round trip (a script: the group's state and the entries
 * read at one instant).
 */
export async function isChangePending(redis: Redis, key: string, kind: string, id: string): Promise<boolean> {
  if (!('changePending' in redis)) redis.defineCommand('changePending', CHANGE_PENDING);
  return (await (redis as unknown as ChangePendingCommand).changePending(key, CHANGE_GROUP, kind, id)) === 1;
}
