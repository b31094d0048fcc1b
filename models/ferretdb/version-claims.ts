import type { Connection } from 'mongoose';
import { isDuplicateKey } from '../duplicate-key';

/** Collection of short-lived claims on "the next version of record X". */
export const VERSION_CLAIMS_COLLECTION = 'version_claims';
/** A claim older than this is from a writer that died between claiming and writing; it may be taken over. */
export const STALE_CLAIM_MS = 30_000;

interface Claim {
  _id: string;
  claimedAt: Date;
}

/** A writer held its claim too long to write safely (it may have been taken over); nothing was written. */
export class ClaimExpiredError extends Error {
  constructor(collectionName: string, id: string) {
    super(
      `the write to ${collectionName}/${id} was not sent within its claim's deadline; nothing was written, retry`,
    );
    this.name = 'ClaimExpiredError';
  }
}

/**
 * Compare-and-set guard for versioned writes. FerretDB 1.x (SQLite) evaluates the filter of
 * `findOneAndUpdate` / `updateOne` and then writes, without holding the row in between, so two
 * writers holding the same version can both "win" (measured: 18 of 20 races). Inserting a document
 * whose `_id` names the next version is atomic on FerretDB and MongoDB alike, so exactly one writer
 * holds the right to write that version; it then checks the stored version (catching writers that
 * were stale before the race began) and writes by `_id`.
 */
export class VersionClaims {
  constructor(private readonly conn: Connection) {}

  private collection() {
    const db = this.conn.db;
    if (!db) throw new Error('VersionClaims: the connection is not open');
    return db.collection<Claim>(VERSION_CLAIMS_COLLECTION);
  }

  /** Claims `nextVersion` of `collectionName/id`; false when another writer holds that claim. */
  async claim(
    collectionName: string,
    id: string,
    nextVersion: number,
    now: Date = new Date(),
  ): Promise<string | null> {
    const key = `${collectionName}:${id}:${nextVersion}`;
    const claims = this.collection();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await claims.insertOne({ _id: key, claimedAt: now });
        return key;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const existing = await claims.findOne({ _id: key });
      if (!existing) continue;
      if (now.getTime() - existing.claimedAt.getTime() < STALE_CLAIM_MS) return null;
      await claims.deleteOne({ _id: key, claimedAt: existing.claimedAt });
    }
    return null;
  }

  /** Drops a claim once its write is done (or did not happen); best effort, a leftover only blocks stale writers. */
  async release(key: string): Promise<void> {
    await this.collection()
      .deleteOne({ _id: key })
      .catch(() => undefined);
  }
}
