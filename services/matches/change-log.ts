import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { StoredNeed, StoredStartup } from '../../models';

/**
 * One applied change every worker must mirror in its in-memory index. A need or profile entry
 * carries the document as the appending worker read it at `version` (null: deleted), so the other
 * workers mirror it without reading MongoDB again; an entry without it (`stored` undefined) is read
 * from MongoDB by each reader.
 */
export type LogEntry =
  | { kind: 'need'; id: string; version: number; stored?: StoredNeed | null }
  | { kind: 'startup'; id: string; version: number; stored?: StoredStartup | null }
  | { kind: 'model'; id: string; version: number };

/** Where a reader stands in the log. */
export interface LogPosition {
  /** Changes when the log was lost (Redis restarted without persistence): readers then reload everything. */
  epoch: string;
  /** Last stream id read. */
  lastId: string;
}

/** Result of reading the log after a position. */
export type LogRead =
  { reset: false; entries: LogEntry[]; position: LogPosition } | { reset: true; position: LogPosition };

/**
 * The index change log: a Redis stream every worker appends to before it writes rankings, and
 * reads before it ranks, so all workers' in-memory indexes see the same documents. A reader that
 * finds the epoch changed (the stream was lost) reloads from MongoDB, the source of truth.
 */
export interface ChangeLog {
  append(entry: LogEntry): Promise<string>;
  /** The current end of the log (read this before a full reload, then read after it). */
  head(): Promise<LogPosition>;
  readAfter(position: LogPosition): Promise<LogRead>;
}

/**
 * Longest kept log (entries, about); a reader that falls further behind reloads instead. Entries
 * carry their document's scoring fields (1 to 5 KB for a profile), so this bounds the log's memory
 * in Redis to some tens of megabytes.
 */
const DEFAULT_MAX_LENGTH = 20_000;
const PAGE = 500;

/** The document a need or profile entry carries: undefined when it carries none or it cannot be read. */
function storedOf(text: string | undefined): StoredNeed | StoredStartup | null | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null) return null;
    const candidate = value as Partial<StoredStartup>;
    return typeof candidate === 'object' &&
      typeof candidate.version === 'number' &&
      typeof candidate.doc?.id === 'string'
      ? (value as StoredNeed | StoredStartup)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A stream entry's fields as a {@link LogEntry}; undefined for an entry of no known kind. */
function entryOf(record: Record<string, string>): LogEntry | undefined {
  const id = record.id ?? '';
  const version = Number(record.version ?? 0);
  const stored = storedOf(record.stored);
  switch (record.kind) {
    case 'model':
      return { kind: 'model', id, version };
    case 'need':
      return { kind: 'need', id, version, stored: stored as StoredNeed | null | undefined };
    case 'startup':
      return { kind: 'startup', id, version, stored: stored as StoredStartup | null | undefined };
    default:
      return undefined;
  }
}

/** Orders two stream ids (`<ms>-<seq>`). */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}

/**
 * A {@link ChangeLog} under `${prefix}:matches:` (so obliterating the matches queue removes it).
 * Trimming keeps it near `maxLength` entries; a reader that may have missed trimmed entries is told
 * to reload.
 */
export function createChangeLog(redis: Redis, prefix: string, maxLength = DEFAULT_MAX_LENGTH): ChangeLog {
  const streamKey = `${prefix}:matches:index-log`;
  const epochKey = `${prefix}:matches:index-epoch`;

  async function ensureEpoch(): Promise<string> {
    await redis.set(epochKey, randomUUID(), 'NX');
    return (await redis.get(epochKey)) ?? '';
  }

  /**
   * Whether trimming removed entries a reader at `lastId` has not read (`info`: XINFO STREAM's
   * answer, null when there is no stream): its position is older than the oldest entry left (then
   * it is at least about `maxLength` behind), or it has read nothing and entries were trimmed
   * (Redis 7's `entries-added` exceeds the length).
   */
  function missedByTrimming(info: unknown, lastId: string): boolean {
    if (!Array.isArray(info)) return false;
    const field = (name: string): unknown => {
      const at = info.indexOf(name);
      return at >= 0 ? info[at + 1] : undefined;
    };
    if (lastId === '0-0') {
      const added = field('entries-added');
      return typeof added === 'number' && added > Number(field('length'));
    }
    const first = field('first-entry');
    const firstId = Array.isArray(first) && typeof first[0] === 'string' ? first[0] : undefined;
    return firstId !== undefined && compareStreamIds(firstId, lastId) > 0;
  }

  async function lastStreamId(): Promise<string> {
    const last = (await redis.xrevrange(streamKey, '+', '-', 'COUNT', 1)) as [string, string[]][];
    return last[0]?.[0] ?? '0-0';
  }

  /** Adds the entries of one XRANGE page to `entries`. */
  function collect(page: [string, string[]][], entries: LogEntry[]): void {
    for (const [, fields] of page) {
      const record: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i] as string] = fields[i + 1] as string;
      const entry = entryOf(record);
      if (entry) entries.push(entry);
    }
  }

  // Each call below is one round trip (a pipeline): a change appends once and reads twice.
  return {
    async append(entry) {
      const fields = ['kind', entry.kind, 'id', entry.id, 'version', String(entry.version)];
      if (entry.kind !== 'model' && entry.stored !== undefined)
        fields.push('stored', JSON.stringify(entry.stored));
      // The epoch is set first, so a log Redis lost (and readers' positions with it) gets a new one.
      const results = await redis
        .pipeline()
        .set(epochKey, randomUUID(), 'NX')
        .xadd(streamKey, 'MAXLEN', '~', maxLength, '*', ...fields)
        .exec();
      const [, added] = results ?? [];
      if (!added || added[0]) throw added?.[0] ?? new Error('the change log append got no answer');
      return String(added[1] ?? '');
    },
    async head() {
      const epoch = await ensureEpoch();
      return { epoch, lastId: await lastStreamId() };
    },
    async readAfter(position) {
      // Epoch, trimming state and the first page in one round trip (Redis runs them in order).
      const results = await redis
        .pipeline()
        .get(epochKey)
        .xinfo('STREAM', streamKey)
        .xrange(streamKey, `(${position.lastId}`, '+', 'COUNT', PAGE)
        .exec();
      const [epochResult, infoResult, pageResult] = results ?? [];
      if (epochResult?.[0]) throw epochResult[0];
      if (pageResult?.[0]) throw pageResult[0];
      // XINFO fails when there is no stream yet: nothing can have been trimmed.
      const info = infoResult?.[0] ? null : infoResult?.[1];
      const epoch = (epochResult?.[1] as string | null) ?? null;
      if (epoch !== position.epoch || missedByTrimming(info, position.lastId))
        return { reset: true, position: await this.head() };
      const entries: LogEntry[] = [];
      let page = (pageResult?.[1] ?? []) as [string, string[]][];
      let lastId = position.lastId;
      for (;;) {
        collect(page, entries);
        lastId = page[page.length - 1]?.[0] ?? lastId;
        if (page.length < PAGE) break;
        page = (await redis.xrange(streamKey, `(${lastId}`, '+', 'COUNT', PAGE)) as [string, string[]][];
      }
      return { reset: false, entries, position: { epoch, lastId } };
    },
  };
}
