import type { Connection } from 'mongoose';
import { addressChangeModelOf } from './address-change.model';
import type { AuditActor } from './audit.schema';
import { isDuplicateKey } from './duplicate-key';

/** A host's address change under way: from the old address to the new one, since `at`. */
export interface AddressChange {
  hostId: string;
  from: string;
  to: string;
  at: Date;
  /** Who asked for it (absent in changes recorded before it was kept). */
  actor?: AuditActor;
}

/** The address changes of hosts still being carried to the records their address keys. */
export interface AddressChangeRepository {
  /** Records that `change` is under way; false when another change of the same host is. */
  begin(change: AddressChange): Promise<boolean>;
  /** The change of `hostId` under way, or null. */
  pendingOf(hostId: string): Promise<AddressChange | null>;
  /** The change under way from or to `address` (lower-case), or null. */
  pendingWith(address: string): Promise<AddressChange | null>;
  /** Every change under way, oldest first (at most `limit`). */
  listPending(limit: number): Promise<AddressChange[]>;
  /** The change of `hostId` is done (or was never made). */
  finish(hostId: string): Promise<void>;
}

interface StoredChange {
  _id: string;
  from: string;
  to: string;
  at: Date;
  actor?: AuditActor;
}

function changeOf(doc: StoredChange | null): AddressChange | null {
  if (!doc) return null;
  const { _id, from, to, at, actor } = doc;
  return { hostId: _id, from, to, at, ...(actor ? { actor } : {}) };
}

/** The address-change repository on `conn`. */
export function createAddressChangeRepository(conn: Connection): AddressChangeRepository {
  const model = addressChangeModelOf(conn);
  return {
    async begin({ hostId, from, to, at, actor }) {
      try {
        await model.create({ _id: hostId, from, to, at, ...(actor ? { actor } : {}) });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async pendingOf(hostId) {
      return changeOf(await model.findById(hostId).lean<StoredChange>());
    },
    async pendingWith(address) {
      return changeOf(
        await model.findOne({ $or: [{ from: address }, { to: address }] }).lean<StoredChange>(),
      );
    },
    async listPending(limit) {
      const docs = await model.find({}).sort({ at: 1 }).limit(limit).lean<StoredChange[]>();
      return docs.map((doc) => changeOf(doc)!);
    },
    async finish(hostId) {
      await model.deleteOne({ _id: hostId });
    },
  };
}
