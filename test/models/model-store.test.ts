import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { getConfig } from '../../config';
import { createModelStore, type ModelStore } from '../../models';
import type { ScoringModel } from '../../scoring';

/**
 * The shared scoring model's store, against the real database (FerretDB here): every shard's owner
 * publishes through it at once when a rebuild is asked for, each from its own process.
 */
const config = getConfig();
/** One connection per publisher, as the worker processes have; a database of its own per case. */
let conns: Connection[] = [];

beforeEach(async () => {
  const dbName = `test-model-store-${randomUUID()}`;
  conns = await Promise.all(
    [0, 1, 2, 3].map(() => mongoose.createConnection(config.MONGODB_URI, { dbName }).asPromise()),
  );
});

afterEach(async () => {
  await conns[0]?.dropDatabase().catch(() => undefined);
  await Promise.all(conns.map((conn) => conn.close()));
});

/** A stand-in model: the store keeps any JSON and reads its `version`. */
function modelOf(version: string): ScoringModel {
  return { version, padding: 'x'.repeat(1_000) } as unknown as ScoringModel;
}

async function chunksOf(conn: Connection, snapshotId: string): Promise<number> {
  return conn.collection('scoring_snapshots').countDocuments({ snapshotId });
}

it('publishers racing for one generation: one model wins, every publisher gets it, and it loads', async () => {
  const stores: ModelStore[] = conns.map((conn) => createModelStore(conn));
  const [first] = stores as [ModelStore];
  await first.loadOrCreate(async () => modelOf('v0'));
  // FerretDB 1.x let two publishers both pass `updateOne({ generation })`: about one round in
  // fifty with two publishers, most rounds within a hundred with four.
  for (let round = 0; round < 60; round += 1) {
    const generation = (await first.pointer())?.generation as number;
    const results = await Promise.all(
      stores.map((store, n) => store.publish(modelOf(`r${round}-p${n}`), generation)),
    );
    const pointer = await first.pointer();
    expect({ round, generation: pointer?.generation }).toEqual({ round, generation: generation + 1 });
    expect({ round, snapshots: [...new Set(results.map((each) => each.snapshotId))] }).toEqual({
      round,
      snapshots: [pointer?.snapshotId],
    });
    expect({ round, chunks: await chunksOf(conns[0] as Connection, pointer?.snapshotId as string) }).toEqual({
      round,
      chunks: 1,
    });
  }
});

it('a publish keeps the chunks saved since the previous model was published: the next publish may name them', async () => {
  const conn = conns[0] as Connection;
  const store = createModelStore(conn);
  await store.loadOrCreate(async () => modelOf('a0'));
  const second = await store.publish(modelOf('a1'), (await store.pointer())?.generation as number);
  // A publisher of the generation after the next one has saved its chunks and not yet claimed.
  const inFlight = randomUUID();
  await conn.collection('scoring_snapshots').insertOne({
    _id: `${inFlight}:0`,
    snapshotId: inFlight,
    seq: 0,
    chunkCount: 1,
    modelVersion: 'a3',
    data: JSON.stringify(modelOf('a3')),
    createdAt: new Date(),
  } as never);
  const third = await store.publish(modelOf('a2'), second.generation);
  expect(third.generation).toBe(second.generation + 1);
  expect(await chunksOf(conn, inFlight)).toBe(1);
  // The previous model stays (a worker may be loading it); it is dropped a publish later.
  expect(await chunksOf(conn, second.snapshotId)).toBe(1);
});
