import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { ScoringModel } from '../scoring';
import {
  currentSnapshotModelOf,
  snapshotChunkModelOf,
  type CurrentSnapshotRecord,
} from './scoring-snapshot.model';
import { isDuplicateKey } from './duplicate-key';

/** Characters per chunk document: far below MongoDB's 16 MB document limit. */
const CHUNK_CHARS = 4 * 1024 * 1024;

/** A loaded model and the pointer it came from. */
export interface CurrentModel {
  model: ScoringModel;
  snapshotId: string;
  generation: number;
}

/**
 * The shared scoring model in MongoDB: every worker ranks with the same fitted model, so their
 * results agree. Chunks are written first, then the `current` pointer, so a reader never sees a
 * pointer to a half-written model.
 */
export interface ModelStore {
  /** The current pointer, or null before the first model was published. */
  pointer(): Promise<CurrentSnapshotRecord | null>;
  /** Loads the current model; when there is none, fits one with `fit` and publishes it (the first publisher wins; the others load its model). */
  loadOrCreate(fit: () => Promise<ScoringModel>): Promise<CurrentModel>;
  /** Publishes a new model as current unless someone else published since `expectedGeneration`; returns what is current afterwards. */
  publish(model: ScoringModel, expectedGeneration: number): Promise<CurrentModel>;
}

/** A {@link ModelStore} over collections `scoring_snapshots` and `scoring_current`. */
export function createModelStore(conn: Connection): ModelStore {
  const chunks = snapshotChunkModelOf(conn);
  const current = currentSnapshotModelOf(conn);

  async function saveChunks(model: ScoringModel): Promise<string> {
    const snapshotId = randomUUID();
    const json = JSON.stringify(model);
    const chunkCount = Math.max(1, Math.ceil(json.length / CHUNK_CHARS));
    const createdAt = new Date();
    for (let seq = 0; seq < chunkCount; seq += 1) {
      await chunks.collection.insertOne({
        _id: `${snapshotId}:${seq}`,
        snapshotId,
        seq,
        chunkCount,
        modelVersion: model.version,
        data: json.slice(seq * CHUNK_CHARS, (seq + 1) * CHUNK_CHARS),
        createdAt,
      } as never);
    }
    return snapshotId;
  }

  async function loadChunks(pointer: CurrentSnapshotRecord): Promise<CurrentModel> {
    const first = await chunks.findById(`${pointer.snapshotId}:0`).lean();
    if (!first) throw new Error(`scoring snapshot ${pointer.snapshotId} is missing`);
    const parts = [first.data];
    for (let seq = 1; seq < first.chunkCount; seq += 1) {
      const chunk = await chunks.findById(`${pointer.snapshotId}:${seq}`).lean();
      if (!chunk) throw new Error(`scoring snapshot ${pointer.snapshotId} lacks chunk ${seq}`);
      parts.push(chunk.data);
    }
    return {
      model: JSON.parse(parts.join('')) as ScoringModel,
      snapshotId: pointer.snapshotId,
      generation: pointer.generation,
    };
  }

  async function removeSnapshot(snapshotId: string, chunkCount: number): Promise<void> {
    for (let seq = 0; seq < chunkCount; seq += 1) await chunks.deleteOne({ _id: `${snapshotId}:${seq}` });
  }

  async function pointer(): Promise<CurrentSnapshotRecord | null> {
    return current.findById('current').lean<CurrentSnapshotRecord>();
  }

  return {
    pointer,
    async loadOrCreate(fit) {
      const existing = await pointer();
      if (existing) return loadChunks(existing);
      const model = await fit();
      const snapshotId = await saveChunks(model);
      try {
        await current.collection.insertOne({
          _id: 'current',
          snapshotId,
          modelVersion: model.version,
          generation: 1,
          publishedAt: new Date(),
        } as never);
        return { model, snapshotId, generation: 1 };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await removeSnapshot(snapshotId, Math.max(1, Math.ceil(JSON.stringify(model).length / CHUNK_CHARS)));
        const winner = await pointer();
        if (!winner) throw error;
        return loadChunks(winner);
      }
    },
    async publish(model, expectedGeneration) {
      const snapshotId = await saveChunks(model);
      const before = await pointer();
      const result = await current.updateOne(
        { _id: 'current', generation: expectedGeneration },
        {
          $set: {
            snapshotId,
            modelVersion: model.version,
            generation: expectedGeneration + 1,
            publishedAt: new Date(),
          },
        },
      );
      if (result.modifiedCount === 1) {
        // Keep the previous snapshot (a worker may be loading it right now); drop older ones lazily.
        if (before && before.generation === expectedGeneration)
          await dropOlderThan(before.snapshotId, snapshotId);
        return { model, snapshotId, generation: expectedGeneration + 1 };
      }
      await removeSnapshot(snapshotId, Math.max(1, Math.ceil(JSON.stringify(model).length / CHUNK_CHARS)));
      const winner = await pointer();
      if (!winner) throw new Error('scoring_current vanished while publishing');
      return loadChunks(winner);
    },
  };

  async function dropOlderThan(previousId: string, newId: string): Promise<void> {
    const stale = await chunks.find({ snapshotId: { $nin: [previousId, newId] } }, { _id: 1 }).lean();
    for (const chunk of stale) await chunks.deleteOne({ _id: chunk._id });
  }
}
