import { z } from 'zod';
import { isoDateSchema, objectIdSchema } from './common.schema';
import type { Role } from './api-key.schema';
import { listQuerySchema } from './pagination.schema';

/**
 * How the author of a change authenticated: an API key, a signed-in person's session, or a link
 * e-mailed to them (an outcome link, a sign-up confirmation) used without signing in.
 */
export type AuditVia = 'key' | 'session' | 'link';

/**
 * Who made a change: their role, how they signed in, and the id of the key or person. No name is
 * stored (the log is append-only and must not hold what a person may have erased); the API adds
 * the name while the key or person still exists.
 */
export interface AuditActor {
  /** `participant`: the person an outcome link was sent to (a meeting's host or startup contact). */
  role: Role | 'participant';
  via: AuditVia;
  /**
   * The API key's id (`via: key`), the person's id (`via: session`), or for a link the record of the
   * person it was sent to (a person, a host, or a startup whose contact got it).
   */
  id: string;
}

/**
 * One changed field: its path (`contact.email`, `status`) and the value before and after (absent
 * when there was none). `withheld` fields are personal contact details or free text that may hold
 * them: the entry says they changed, not what they were.
 */
export interface AuditChange {
  path: string;
  before?: unknown;
  after?: unknown;
  withheld?: true;
}

/** The record a change was made to: its kind (`need`, `host`, `event`, …) and id. */
export interface AuditRecordRef {
  kind: string;
  id: string;
}

/** One entry of the append-only audit log (collection `audit_log`). */
export interface AuditEntry {
  id: string;
  /** When the change was made. */
  at: Date;
  actor: AuditActor;
  /** What was done: `create`, `update`, `delete`, `review`, `publish`, `erase`, … */
  action: string;
  record: AuditRecordRef;
  changes: AuditChange[];
}

/** What {@link AuditEntry} is appended as (the id is given by the database). */
export type AuditEntryInput = Omit<AuditEntry, 'id'>;

/** Where a page of the log ends, newest first: the last entry's instant and id (ties on `at` go by id, descending). */
export interface AuditCursor {
  at: Date;
  id: string;
}

const AUDIT_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{24})$/;

/** The `nextCursor` of a page ending with `entry`: `<at, ISO 8601 in UTC>_<id>`. */
export function auditCursorOf(entry: Pick<AuditEntry, 'at' | 'id'>): string {
  return `${new Date(entry.at).toISOString()}_${entry.id}`;
}

/** The instant and id of a cursor made by {@link auditCursorOf}, or null for any other text. */
export function parseAuditCursor(text: string): AuditCursor | null {
  const [, instant, id] = AUDIT_CURSOR.exec(text) ?? [];
  if (instant === undefined || id === undefined) return null;
  const at = new Date(instant);
  return !Number.isNaN(at.getTime()) && at.toISOString() === instant ? { at, id } : null;
}

/** `?cursor` of `GET /audit`: the `nextCursor` of the page before (the entries older than its last). */
export const auditCursorSchema = z
  .string()
  .refine((text) => parseAuditCursor(text) !== null, 'must be the nextCursor of a page before');

/**
 * Query of `GET /audit`: by actor (a person's or key's id), by record, by time; newest first, paged
 * by cursor (or by page number, as every list).
 */
export const auditListQuerySchema = listQuerySchema(
  {
    /** The id of the person or API key that made the changes. */
    actorId: objectIdSchema.optional(),
    recordKind: z
      .string()
      .regex(/^[a-z][a-z_]{0,39}$/, 'must be a record kind such as need or host')
      .optional(),
    recordId: z.string().min(1).max(200).optional(),
    /** Entries made at or after this instant (ISO 8601 date or date-time). */
    from: z.union([z.iso.datetime({ offset: true }), isoDateSchema]).optional(),
    /** Entries made before this instant (ISO 8601 date or date-time). */
    to: z.union([z.iso.datetime({ offset: true }), isoDateSchema]).optional(),
  },
  auditCursorSchema,
);
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;
