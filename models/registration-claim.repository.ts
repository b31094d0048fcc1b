import type { Connection } from 'mongoose';
import { registrationClaimModelOf } from './registration-claim.model';
import { isDuplicateKey } from './duplicate-key';

/** Which startup profile holds a registration number (one profile per number). */
export interface RegistrationClaimRepository {
  /** Records that `startupId` holds `key`; false when another profile holds it already. */
  claim(key: string, startupId: string): Promise<boolean>;
  /** The profile holding `key`, or null. */
  holderOf(key: string): Promise<string | null>;
  /** Frees `key` (a profile that was not made after all). */
  release(key: string): Promise<void>;
}

/** The registration-claim repository on `conn`. */
export function createRegistrationClaimRepository(conn: Connection): RegistrationClaimRepository {
  const model = registrationClaimModelOf(conn);
  return {
    async claim(key, startupId) {
      try {
        await model.create({ _id: key, startupId });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async holderOf(key) {
      const doc = await model.findById(key).lean<{ startupId: unknown }>();
      return doc ? String(doc.startupId) : null;
    },
    async release(key) {
      await model.deleteOne({ _id: key });
    },
  };
}
