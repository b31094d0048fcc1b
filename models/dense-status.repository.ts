import type { Connection } from 'mongoose';
import { denseStatusModelOf } from './dense-status.model';

/** The dense channel's status as the matches workers last recorded it. */
export interface DenseStatus {
  /** True when the embedding service failed or was too slow: some rankings are lexical only. */
  degraded: boolean;
  /** The service's error, when degraded. */
  error: string | null;
  /** When the service was first found down in the current spell (null when not degraded). */
  degradedSince: Date | null;
  /** Needs and profiles ranked without their vector (lexically) for now. */
  needsWithoutVector: number;
  startupsWithoutVector: number;
  updatedAt: Date;
}

/** One status document, replaced as a whole by each attempt. */
export interface DenseStatusRepository {
  /** The last recorded status, or null before any attempt. */
  get(): Promise<DenseStatus | null>;
  record(status: DenseStatus): Promise<void>;
}

const ID = 'dense';

/** The dense status repository on `conn`. */
export function createDenseStatusRepository(conn: Connection): DenseStatusRepository {
  const statuses = denseStatusModelOf(conn);
  return {
    async get() {
      const doc = await statuses.findById(ID).lean<DenseStatus & { _id: string }>();
      if (!doc) return null;
      return {
        degraded: doc.degraded,
        error: doc.error ?? null,
        degradedSince: doc.degradedSince ?? null,
        needsWithoutVector: doc.needsWithoutVector,
        startupsWithoutVector: doc.startupsWithoutVector,
        updatedAt: doc.updatedAt,
      };
    },
    async record(status) {
      await statuses.replaceOne({ _id: ID }, { _id: ID, ...status }, { upsert: true });
    },
  };
}
