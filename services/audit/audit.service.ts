import type { Logger } from 'pino';
import {
  auditListQuerySchema,
  type AuditActor,
  type AuditChange,
  type AuditEntry,
  type AuditEntryInput,
  type ListPage,
  type Repositories,
} from '../../models';
import { assertRole, type Principal } from '../auth';
import { invalidFields, parseInput } from '../validation';
import { diffRecords } from './audit-diff';

/** What recording a change needs: the repositories and a logger for an entry that could not be stored. */
export interface AuditDeps {
  repos: Repositories;
  logger?: Logger;
}

/** One change to one record, as a use-case knows it. */
export interface ChangeToRecord {
  /** `create`, `update`, `delete`, or the use-case's own verb (`review`, `publish`, `enrol`, …). */
  action: string;
  record: { kind: string; id: string };
  /** The record before the change (null or absent when it did not exist). */
  before?: object | null;
  /** The record after the change (null or absent when it is gone). */
  after?: object | null;
  /** Changes the use-case names itself, besides (or instead of) the difference of before and after. */
  changes?: AuditChange[];
}

/** The author of a change as the log records it: role, how they signed in, and the key's or person's id. */
export function actorOf(principal: Principal): AuditActor {
  return principal.keyId === undefined
    ? { role: principal.role, via: 'session', id: principal.personId }
    : { role: principal.role, via: 'key', id: principal.keyId };
}

/**
 * Appends one entry to the audit log: who (`principal`), what (`change`), when (`now`), and the
 * fields that changed with their values before and after (personal contact details withheld).
 * Every use-case that changes stored data calls this once the change is committed. The write has
 * happened by then, so a log that cannot be written does not undo it: the failure and the whole
 * entry are logged at error level, and the caller's answer stands.
 */
export function recordChange(
  deps: AuditDeps,
  principal: Principal,
  change: ChangeToRecord,
  now: Date = new Date(),
): Promise<void> {
  return recordChangeBy(deps, actorOf(principal), change, now);
}

/**
 * {@link recordChange} for a change made without a key or session: through a link e-mailed to the
 * person (`via: link`, the link's id), such as an outcome link or a sign-up confirmation.
 */
export async function recordChangeBy(
  deps: AuditDeps,
  actor: AuditActor,
  change: ChangeToRecord,
  now: Date = new Date(),
): Promise<void> {
  const entry: AuditEntryInput = {
    at: now,
    actor,
    action: change.action,
    record: { kind: change.record.kind, id: change.record.id },
    changes: [...diffRecords(change.record.kind, change.before, change.after), ...(change.changes ?? [])],
  };
  try {
    await deps.repos.audit.append(entry);
  } catch (error) {
    if (!deps.logger) throw error;
    deps.logger.error({ err: error, auditEntry: entry }, 'audit entry not stored; the change itself stands');
  }
}

/** An audit entry as `GET /audit` shows it: the actor's current name while the key or person exists. */
export type AuditEntryView = AuditEntry & { actor: AuditEntry['actor'] & { name?: string } };

/** Names of the actors of `entries` (people and API keys that still exist). */
async function actorNames(repos: Repositories, entries: AuditEntry[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const personIds = new Set(entries.filter((e) => e.actor.via === 'session').map((e) => e.actor.id));
  for (const id of personIds) {
    const person = await repos.people.findById(id);
    if (person) names.set(id, person.name);
  }
  if (entries.some((entry) => entry.actor.via === 'key'))
    for (const key of await repos.apiKeys.list()) names.set(key.id, key.name);
  return names;
}

function instantOf(text: string | undefined, path: string): Date | undefined {
  if (text === undefined) return undefined;
  const instant = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(instant.getTime()))
    throw invalidFields([{ path, message: 'must be a date or date-time' }]);
  return instant;
}

/**
 * `GET /audit` (facilitators): a page of the log, newest first, filtered by actor (the id of a
 * person or API key), record (kind, id) and time (`from` inclusive, `to` exclusive); the page
 * after `?cursor` (a `nextCursor`), or page number `?page` as every list.
 */
export async function listAudit(
  deps: AuditDeps,
  principal: Principal,
  query: unknown,
): Promise<ListPage<AuditEntryView>> {
  assertRole(principal, 'facilitator');
  const { limit, page, cursor, actorId, recordKind, recordId, from, to } = parseInput(
    auditListQuerySchema,
    query,
    'query',
  );
  const result = await deps.repos.audit.listPage(
    {
      ...(actorId === undefined ? {} : { actorId }),
      ...(recordKind === undefined ? {} : { recordKind }),
      ...(recordId === undefined ? {} : { recordId }),
      ...(from === undefined ? {} : { from: instantOf(from, 'from') }),
      ...(to === undefined ? {} : { to: instantOf(to, 'to') }),
    },
    { limit, page, cursor },
  );
  const names = await actorNames(deps.repos, result.items);
  return {
    ...result,
    items: result.items.map((entry) => {
      const name = names.get(entry.actor.id);
      return name === undefined ? entry : { ...entry, actor: { ...entry.actor, name } };
    }),
  };
}
