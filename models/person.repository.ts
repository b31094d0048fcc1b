import { isValidObjectId, type Connection } from 'mongoose';
import { personModelOf } from './person.model';
import type { Person, PersonCreateInput } from './person.schema';
import { toPlain } from './to-plain';
import { isDuplicateKey } from './duplicate-key';

/** People who sign in. */
export interface PersonRepository {
  /** Stores a new person; null when the e-mail address already belongs to someone. */
  create(input: PersonCreateInput): Promise<Person | null>;
  findById(id: string): Promise<Person | null>;
  /** `email` is compared lower-case, as stored. */
  findByEmail(email: string): Promise<Person | null>;
  /** The people who speak for one startup profile (oldest first). */
  listOfStartup(startupId: string): Promise<Person[]>;
  /** Everyone, oldest first (at most 1,000). */
  list(): Promise<Person[]>;
  /** Deletes a person; false when there was none. */
  remove(id: string): Promise<boolean>;
  /** Whether someone who signs in is this host (a development head's `hostId`). */
  isHost(hostId: string): Promise<boolean>;
  /** The development heads who are this host (oldest first). */
  listOfHost(hostId: string): Promise<Person[]>;
  /**
   * Gives person `id` the address `to` if they still sign in with `from` (both lower-case):
   * `changed`, `unchanged` (they no longer have `from`), or `taken` (someone else signs in with `to`).
   */
  changeEmail(id: string, from: string, to: string): Promise<'changed' | 'unchanged' | 'taken'>;
}

/** The person repository on `conn`. */
export function createPersonRepository(conn: Connection): PersonRepository {
  const model = personModelOf(conn);
  return {
    async create(input) {
      try {
        const created = await model.create(input);
        return toPlain<Person>(created.toObject());
      } catch (error) {
        if (isDuplicateKey(error)) return null;
        throw error;
      }
    },
    async findById(id) {
      if (!isValidObjectId(id)) return null;
      const doc = await model.findById(id).lean<Record<string, unknown>>();
      return doc ? toPlain<Person>(doc) : null;
    },
    async findByEmail(email) {
      const doc = await model.findOne({ email: email.trim().toLowerCase() }).lean<Record<string, unknown>>();
      return doc ? toPlain<Person>(doc) : null;
    },
    async listOfStartup(startupId) {
      if (!isValidObjectId(startupId)) return [];
      const docs = await model
        .find({ startupId })
        .sort({ _id: 1 })
        .limit(100)
        .lean<Record<string, unknown>[]>();
      return docs.map((doc) => toPlain<Person>(doc));
    },
    async list() {
      const docs = await model.find({}).sort({ _id: 1 }).limit(1_000).lean<Record<string, unknown>[]>();
      return docs.map((doc) => toPlain<Person>(doc));
    },
    async listOfHost(hostId) {
      if (!isValidObjectId(hostId)) return [];
      const docs = await model.find({ hostId }).sort({ _id: 1 }).limit(100).lean<Record<string, unknown>[]>();
      return docs.map((doc) => toPlain<Person>(doc));
    },
    async changeEmail(id, from, to) {
      if (!isValidObjectId(id)) return 'unchanged';
      try {
        const result = await model.updateOne({ _id: id, email: from }, { $set: { email: to } });
        return result.modifiedCount > 0 ? 'changed' : 'unchanged';
      } catch (error) {
        if (isDuplicateKey(error)) return 'taken';
        throw error;
      }
    },
    async isHost(hostId) {
      if (!isValidObjectId(hostId)) return false;
      return (await model.countDocuments({ hostId })) > 0;
    },
    async remove(id) {
      if (!isValidObjectId(id)) return false;
      const result = await model.deleteOne({ _id: id });
      return result.deletedCount > 0;
    },
  };
}
