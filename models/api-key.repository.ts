import { isValidObjectId, type Connection } from 'mongoose';
import { apiKeyModelOf } from './api-key.model';
import type { ApiKey, ApiKeyCreateInput } from './api-key.schema';
import { toPlain } from './to-plain';

/** A key looked up by hash, with the fields authorisation needs. */
export type ApiKeyRecord = ApiKey;

/** API keys: stored by hash, never returned with it. */
export interface ApiKeyRepository {
  create(input: ApiKeyCreateInput & { keyHash: string; prefix: string }): Promise<ApiKey>;
  /** The key with this hash unless it was revoked. */
  findActiveByHash(keyHash: string): Promise<ApiKey | null>;
  list(): Promise<ApiKey[]>;
  /** Marks the key revoked; false when there is no such key. */
  revoke(id: string, now: Date): Promise<boolean>;
  /** Revokes every unrevoked key bound to this organisation or startup profile; returns how many. */
  revokeBoundTo(owner: { organisationId: string } | { startupId: string }, now: Date): Promise<number>;
}

function withoutHash(doc: Record<string, unknown>): ApiKey {
  const { keyHash: _keyHash, ...rest } = doc;
  return toPlain<ApiKey>(rest);
}

/** The API key repository on `conn`. */
export function createApiKeyRepository(conn: Connection): ApiKeyRepository {
  const model = apiKeyModelOf(conn);
  return {
    async create(input) {
      const created = await model.create(input);
      return withoutHash(created.toObject());
    },
    async findActiveByHash(keyHash) {
      const doc = await model
        .findOne({ keyHash, revokedAt: { $exists: false } })
        .lean<Record<string, unknown>>();
      return doc ? withoutHash(doc) : null;
    },
    async list() {
      const docs = await model.find({}).sort({ _id: 1 }).limit(1_000).lean<Record<string, unknown>[]>();
      return docs.map(withoutHash);
    },
    async revokeBoundTo(owner, now) {
      const bound = 'organisationId' in owner ? owner.organisationId : owner.startupId;
      if (!isValidObjectId(bound)) return 0;
      const result = await model.updateMany(
        { ...owner, revokedAt: { $exists: false } },
        { $set: { revokedAt: now } },
      );
      return result.modifiedCount;
    },
    async revoke(id, now) {
      if (!isValidObjectId(id)) return false;
      const updated = await model.findOneAndUpdate({ _id: id }, { $set: { revokedAt: now } }).lean();
      return updated !== null;
    },
  };
}
