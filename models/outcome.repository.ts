import type { Connection } from 'mongoose';
import { outcomeMailClaimModelOf, outcomeModelOf } from './outcome.model';
import type { Outcome, OutcomeBody, OutcomeEntry } from './outcome.schema';
import { toPlain } from './to-plain';
import { createVersionedRepository, type VersionedWriteResult } from './versioned-repository';
import { isDuplicateKey } from './duplicate-key';

/** What identifies a new record besides its first answer. */
export type OutcomeIdentity = Pick<
  Outcome,
  'key' | 'eventId' | 'meetingId' | 'needId' | 'startupId' | 'organisationId' | 'side'
>;

/** Outcomes: one record per side of a meeting, its earlier answers kept in `history`. */
export interface OutcomeRepository {
  findByKey(key: string): Promise<Outcome | null>;
  /** Every record of an event (all sides, all meetings). */
  listByEvent(eventId: string): Promise<Outcome[]>;
  /** Stores the first answer; null when the side has a record already (a concurrent first answer won). */
  createFirst(identity: OutcomeIdentity, entry: OutcomeEntry): Promise<Outcome | null>;
  /** Replaces the answer of the record at `version`, pushing the answer it had onto `history`. */
  replace(current: Outcome, entry: OutcomeEntry): Promise<VersionedWriteResult<Outcome>>;
  /** Claims the right to queue the e-mail `mailId`; false when it was queued before. */
  claimMail(mailId: string, now: Date): Promise<boolean>;
  /** Gives a claim back (its e-mail could not be queued), so a later publish tries again. */
  releaseMail(mailId: string): Promise<void>;
  /**
   * The records in `scope` (meetings of these needs or startups, or every record written with
   * the facilitator role) of which `name` wrote the current answer or an earlier one.
   */
  listWrittenBy(name: string, scope: AuthorScope): Promise<Outcome[]>;
  /** Replaces `name` as the author of every answer in `scope` (current and earlier) by `replacement`; returns how many records changed. */
  renameAuthor(name: string, scope: AuthorScope, replacement: string): Promise<number>;
}

/** Where {@link OutcomeRepository.listWrittenBy} looks: meetings of these needs or startups, and records written as a facilitator. */
export interface AuthorScope {
  needIds: string[];
  startupIds: string[];
  facilitator: boolean;
}

function writtenBy(outcome: Outcome, name: string): boolean {
  return outcome.recordedBy.name === name || outcome.history.some((entry) => entry.recordedBy.name === name);
}

/** The answer fields of a record, with `undefined` for the ones it lacks (so `$set`/`$unset` is exact). */
function answerOf(entry: OutcomeEntry): Record<keyof OutcomeBody | 'recordedBy' | 'recordedAt', unknown> {
  return {
    attendance: entry.attendance,
    absent: entry.absent,
    interest: entry.interest,
    nextStep: entry.nextStep,
    note: entry.note,
    recordedBy: entry.recordedBy,
    recordedAt: entry.recordedAt,
  };
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** The outcome repository on `conn`. */
export function createOutcomeRepository(conn: Connection): OutcomeRepository {
  const model = outcomeModelOf(conn);
  const base = createVersionedRepository<Outcome, object, object>(model);
  const mailClaims = outcomeMailClaimModelOf(conn);
  async function listWrittenBy(name: string, scope: AuthorScope): Promise<Outcome[]> {
    const or: Record<string, unknown>[] = [];
    if (scope.needIds.length > 0) or.push({ needId: { $in: scope.needIds } });
    if (scope.startupIds.length > 0) or.push({ startupId: { $in: scope.startupIds } });
    if (scope.facilitator) or.push({ 'recordedBy.role': 'facilitator' }, { side: 'facilitator' });
    if (or.length === 0) return [];
    const docs = await model.find({ $or: or }).sort({ _id: 1 }).lean<Record<string, unknown>[]>();
    return docs.map((doc) => toPlain<Outcome>(doc)).filter((outcome) => writtenBy(outcome, name));
  }
  return {
    async claimMail(mailId, now) {
      try {
        await mailClaims.create({ _id: mailId, queuedAt: now });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async releaseMail(mailId) {
      await mailClaims.deleteOne({ _id: mailId });
    },
    findByKey(key) {
      return base.findOne({ key });
    },
    listWrittenBy,
    async renameAuthor(name, scope, replacement) {
      let changed = 0;
      for (const outcome of await listWrittenBy(name, scope)) {
        const rename = <T extends { recordedBy: Outcome['recordedBy'] }>(entry: T): T =>
          entry.recordedBy.name === name
            ? { ...entry, recordedBy: { ...entry.recordedBy, name: replacement } }
            : entry;
        const written = await base.updateRaw(outcome.id, outcome.version, {
          $set: { recordedBy: rename(outcome).recordedBy, history: outcome.history.map(rename) },
        });
        if (written.ok) changed += 1;
      }
      return changed;
    },
    async listByEvent(eventId) {
      const docs = await model.find({ eventId }).sort({ _id: 1 }).lean<Record<string, unknown>[]>();
      return docs.map((doc) => toPlain<Outcome>(doc));
    },
    async createFirst(identity, entry) {
      try {
        return await base.create({ ...identity, ...withoutUndefined(answerOf(entry)), history: [] });
      } catch (error) {
        if (isDuplicateKey(error)) return null;
        throw error;
      }
    },
    replace(current, entry) {
      const next = answerOf(entry);
      const $set = withoutUndefined(next);
      const $unset = Object.fromEntries(
        Object.entries(next)
          .filter(([, value]) => value === undefined)
          .map(([field]) => [field, '']),
      );
      const previous = { ...withoutUndefined(answerOf(current)), version: current.version };
      return base.updateRaw(current.id, current.version, {
        $set,
        ...(Object.keys($unset).length > 0 ? { $unset } : {}),
        $push: { history: previous },
      });
    },
  };
}
