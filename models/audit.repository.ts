import type { Connection } from 'mongoose';
import { auditModelOf } from './audit.model';
import type { AuditEntry, AuditEntryInput } from './audit.schema';
import type { Page } from './pagination.schema';
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

/** The audit repository on `conn`. */
export function createAuditRepository(conn: Connection): AuditRepository {
  const model = auditModelOf(conn);
  return {
    async append(entry) {
      const created = await model.create(entry);
      return toPlain<AuditEntry>(created.toObject());
    },
    async list(filter, { limit, page }) {
      const query = queryOf(filter);
      const [docs, total] = await Promise.all([
        model
          .find(query)
          .sort({ at: -1, _id: -1 })
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
    },
  };
}
