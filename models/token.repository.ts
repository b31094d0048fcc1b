import type { Connection } from 'mongoose';
import { tokenModelOf, tokenRedemptionModelOf } from './token.model';
import type { Token, TokenPurpose } from './token.schema';
import { isDuplicateKey } from './duplicate-key';

/** Tokens, stored by the hash of their secret. */
export interface TokenRepository {
  create(token: Omit<Token, 'createdAt' | 'revokedAt' | 'redeemedAt'>): Promise<Token>;
  /** The token with this hash, with `redeemedAt` when it was redeemed; null when unknown. */
  findByHash(hash: string): Promise<Token | null>;
  /** Records the redemption; false when it was already redeemed (by this call's rival, too). */
  redeem(hash: string, now: Date): Promise<boolean>;
  /** Marks one token revoked; false when there is no such token. */
  revoke(hash: string, now: Date): Promise<boolean>;
  /** Revokes every unrevoked token of `purpose` about `subject`; returns how many. */
  revokeAll(purpose: TokenPurpose, subject: string, now: Date): Promise<number>;
  /** The unrevoked, unexpired tokens of `purpose` about `subject`, newest first. */
  listActive(purpose: TokenPurpose, subject: string, now: Date): Promise<Token[]>;
  /** Every token (any purpose, revoked or not) about one of `subjects`, newest first. */
  listAbout(subjects: string[]): Promise<Token[]>;
  /**
   * Revokes every token about one of `subjects` and removes what it carried (`payload`: a pending
   * registration's answers, an outcome link's recipient name); returns how many tokens there were.
   */
  revokeAndClear(subjects: string[], now: Date): Promise<number>;
}

function tokenOf(doc: Record<string, unknown>, redeemedAt: Date | undefined): Token {
  const { _id, ...rest } = doc;
  return { hash: String(_id), ...(rest as Omit<Token, 'hash'>), ...(redeemedAt ? { redeemedAt } : {}) };
}

/** The token repository on `conn`. */
export function createTokenRepository(conn: Connection): TokenRepository {
  const tokens = tokenModelOf(conn);
  const redemptions = tokenRedemptionModelOf(conn);
  return {
    async create(token) {
      const { hash, ...rest } = token;
      const created = await tokens.create({ _id: hash, ...rest });
      return tokenOf(created.toObject(), undefined);
    },
    async findByHash(hash) {
      const [doc, redemption] = await Promise.all([
        tokens.findById(hash).lean<Record<string, unknown>>(),
        redemptions.findById(hash).lean<{ redeemedAt: Date }>(),
      ]);
      return doc ? tokenOf(doc, redemption?.redeemedAt) : null;
    },
    async redeem(hash, now) {
      try {
        await redemptions.create({ _id: hash, redeemedAt: now });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async revoke(hash, now) {
      const result = await tokens.updateOne({ _id: hash }, { $set: { revokedAt: now } });
      return result.matchedCount > 0;
    },
    async revokeAll(purpose, subject, now) {
      const result = await tokens.updateMany(
        { purpose, subject, revokedAt: { $exists: false } },
        { $set: { revokedAt: now } },
      );
      return result.modifiedCount;
    },
    async listAbout(subjects) {
      if (subjects.length === 0) return [];
      const docs = await tokens
        .find({ subject: { $in: subjects } })
        .sort({ createdAt: -1 })
        .lean<Record<string, unknown>[]>();
      return Promise.all(
        docs.map(async (doc) => {
          const redemption = await redemptions.findById(doc._id).lean<{ redeemedAt: Date }>();
          return tokenOf(doc, redemption?.redeemedAt);
        }),
      );
    },
    async revokeAndClear(subjects, now) {
      if (subjects.length === 0) return 0;
      const open = await tokens.updateMany(
        { subject: { $in: subjects }, revokedAt: { $exists: false } },
        { $set: { revokedAt: now } },
      );
      await tokens.updateMany({ subject: { $in: subjects } }, { $unset: { payload: '' } });
      return open.modifiedCount;
    },
    async listActive(purpose, subject, now) {
      const docs = await tokens
        .find({ subject, purpose, revokedAt: { $exists: false }, expiresAt: { $gt: now } })
        .sort({ createdAt: -1 })
        .lean<Record<string, unknown>[]>();
      return docs.map((doc) => tokenOf(doc, undefined));
    },
  };
}
