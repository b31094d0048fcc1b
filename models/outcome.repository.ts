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
