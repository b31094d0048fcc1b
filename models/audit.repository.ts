import type { Connection } from 'mongoose';
import { auditModelOf } from './audit.model';
import { auditCursorOf, parseAuditCursor, type AuditEntry, type AuditEntryInput } from './audit.schema';
import type { ListPage, ListPageQuery, Page } from './pagination.schema';
import { toPlain } from './to-plain';

/** Which entries to read: by actor, by record, by time (`from` inclusive, `to` exclusive). */
export interface AuditFilter {
  actorId?: string;
  recordKind?: string;
  recordId?: string;
  from?: Date;
  to?: Date;
}

/**
 * The audit log: append and read, nothing else. There is deliberately no update or delete: an
 * entry, once written, stays as it was.
 */
export interface AuditRepository {
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  /** A page of entries matching `filter`, newest first. */
  list(filter: AuditFilter, page: { limit: number; page: number }): Promise<Page<AuditEntry>>;
  /**
   * A page of `GET /audit`, newest first (by `at`, then by id): the entries older than `cursor` (an
   * {@link auditCursorOf} of the page before's last entry), so a deep page costs what the first
   * does and entries appended meanwhile (newer than every page) neither repeat nor shift one; or
   * page number `page`. `nextCursor` is null on the last page.
   */
  listPage(filter: AuditFilter, query: ListPageQuery): Promise<ListPage<AuditEntry>>;
}

function queryOf(filter: AuditFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.actorId !== undefined) query['actor.id'] = filter.actorId;
  if (filter.recordKind !== undefined) query['record.kind'] = filter.recordKind;
  if (filter.recordId !== undefined) query['record.id'] = filter.recordId;
  if (filter.from !== undefined || filter.to !== undefined)
    query.at = {
      ...(filter.from === undefined ? {} : { $gte: filter.from }),
      ...(filter.to === undefined ? {} : { $lt: filter.to }),
    };
  return query;
}

/** Newest first; entries of one instant by id, descending (ObjectIds grow with time). */
const NEWEST_FIRST = { at: -1, _id: -1 } as const;

/** The audit repository on `conn`. */
export function createAuditRepository(conn: Connection): AuditRepository {
  const model = auditModelOf(conn);

  async function list(filter: AuditFilter, { limit, page }: { limit: number; page: number }) {
    const query = queryOf(filter);
    const [docs, total] = await Promise.all([
      model
        .find(query)
        .sort(NEWEST_FIRST)
        .skip((page - 1) * limit)
        .limit(limit)
        .lean<Record<string, unknown>[]>(),
      model.countDocuments(query),
    ]);
    return {
      items: docs.map((doc) => toPlain<AuditEntry>(doc)),
      page,
      limit,
      total,
      nextPage: page * limit < total ? page + 1 : null,
    };
  }

  /** The entries of `filter` older than `cursor`: one more than `limit` is read to know whether more follow. */
  async function listAfter(
    filter: AuditFilter,
    cursor: string,
    limit: number,
  ): Promise<ListPage<AuditEntry>> {
    const after = parseAuditCursor(cursor);
    if (after === null) throw new Error(`not an audit cursor: ${cursor}`);
    const query = queryOf(filter);
    const older = { $or: [{ at: { $lt: after.at } }, { at: after.at, _id: { $lt: after.id } }] };
    const [docs, total] = await Promise.all([
      model
        .find({ $and: [query, older] })
        .sort(NEWEST_FIRST)
        .limit(limit + 1)
        .lean<Record<string, unknown>[]>(),
      model.countDocuments(query),
    ]);
    const items = docs.slice(0, limit).map((doc) => toPlain<AuditEntry>(doc));
    const last = items[items.length - 1];
    return { items, limit, total, nextCursor: docs.length > limit && last ? auditCursorOf(last) : null };
  }

  return {
    async append(entry) {
      const created = await model.create(entry);
      return toPlain<AuditEntry>(created.toObject());
    },
    list,
    async listPage(filter, { limit, page, cursor }) {
      if (cursor !== undefined) return listAfter(filter, cursor, limit);
      const found = await list(filter, { limit, page: page ?? 1 });
      const last = found.items[found.items.length - 1];
      return { ...found, nextCursor: found.nextPage !== null && last ? auditCursorOf(last) : null };
    },
  };
}
