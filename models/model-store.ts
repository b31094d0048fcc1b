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
  /**
   * Publishes a new model as generation `expectedGeneration + 1` unless another publisher took that
   * generation; returns what is current afterwards (the one model every caller of this generation gets).
   */
  publish(model: ScoringModel, expectedGeneration: number): Promise<CurrentModel>;
}

/**
 * Who published each generation (collection `scoring_generations`, `_id` the generation as a
 * string): the compare-and-set of a publish. FerretDB 1.x evaluates an update's filter and then
 * writes without holding the row, so `updateOne({ generation: expected })` let two concurrent
 * publishers both "win" (6 of 300 rounds of two publishers here): each adopted its own model, and
 * each deleted the other's snapshot as older, so the pointer could name a deleted snapshot, which
 * no worker could load again. An `_id` insert is atomic on both servers (as in
 * ferretdb/ranking-chain.ts): exactly one publisher inserts a generation's claim.
 */
interface GenerationClaim {
  _id: string;
  snapshotId: string;
  modelVersion: string;
  generation: number;
  publishedAt: Date;
}

/** Chunks a model is stored in. */
function chunkCountOf(model: ScoringModel): number {
  return Math.max(1, Math.ceil(JSON.stringify(model).length / CHUNK_CHARS));
}

/** A {@link ModelStore} over collections `scoring_snapshots`, `scoring_current` and `scoring_generations`. */
export function createModelStore(conn: Connection): ModelStore {
  const chunks = snapshotChunkModelOf(conn);
  const current = currentSnapshotModelOf(conn);
  const claims = () => conn.collection<GenerationClaim>('scoring_generations');

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
        await removeSnapshot(snapshotId, chunkCountOf(model));
        const winner = await pointer();
        if (!winner) throw error;
        return loadChunks(winner);
      }
    },
    async publish(model, expectedGeneration) {
      const snapshotId = await saveChunks(model);
      const claim: GenerationClaim = {
        _id: String(expectedGeneration + 1),
        snapshotId,
        modelVersion: model.version,
        generation: expectedGeneration + 1,
        publishedAt: new Date(),
      };
      try {
        await claims().insertOne(claim);
      } catch (error) {
        // Any other error leaves the chunks: the claim may have been written (a lost answer), and
        // a later publish drops them if not.
        if (!isDuplicateKey(error)) throw error;
        const winner = await claims().findOne({ _id: claim._id });
        if (winner?.snapshotId !== snapshotId) {
          await removeSnapshot(snapshotId, chunkCountOf(model));
          // Another publisher has this generation. Its pointer is moved here too, in case it
          // stopped between its claim and its pointer (moving it twice to one generation is harmless).
          if (winner) await advancePointer(winner);
          return loadCurrent();
        }
      }
      const before = await pointer();
      await advancePointer(claim);
      const after = await pointer();
      // A pointer of the same generation with another snapshot was set without a claim (by a
      // version of this code before claims): it stays current, and this model is not used.
      if (after?.snapshotId !== snapshotId) return loadCurrent();
      // Keep the previous snapshot (a worker may be loading it right now); drop older ones lazily.
      if (before) await dropOlderThan(before, snapshotId);
      return { model, snapshotId, generation: claim.generation };
    },
  };

  async function loadCurrent(): Promise<CurrentModel> {
    const now = await pointer();
    if (!now) throw new Error('scoring_current vanished while publishing');
    return loadChunks(now);
  }

  /** Sets the pointer to a claimed generation unless it already names that generation or a newer one. */
  async function advancePointer(claim: GenerationClaim): Promise<void> {
    const { snapshotId, modelVersion, generation, publishedAt } = claim;
    await current.updateOne(
      { _id: 'current', generation: { $lt: generation } },
      { $set: { snapshotId, modelVersion, generation, publishedAt } },
    );
  }

  /**
   * Deletes the chunks of snapshots older than `previous` (made before it was published), keeping
   * it and the new one. Chunks made since are another publisher's, in flight: it keeps or removes
   * them itself.
   */
  async function dropOlderThan(previous: CurrentSnapshotRecord, newId: string): Promise<void> {
    const stale = await chunks
      .find(
        { snapshotId: { $nin: [previous.snapshotId, newId] }, createdAt: { $lt: previous.publishedAt } },
        { _id: 1 },
      )
      .lean();
    for (const chunk of stale) await chunks.deleteOne({ _id: chunk._id });
  }
}
