import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { getConfig } from '../../config';
import { BULK_WRITE_CHUNK, chunkedBulkWrite } from '../../models/ferretdb/chunked-bulk-write';

/**
 * Large bulk writes against the real database (FerretDB here). One update command of 100 or more
 * statements on existing documents never returns from FerretDB 1.x and wedges that database (seen:
 * a full recompute of 25 needs × 20 pairs hung a worker for good), so these tests send such a
 * batch only through chunkedBulkWrite, never whole.
 */
describe('chunkedBulkWrite', () => {
  const config = getConfig();
  const dbName = `test-bulk-${randomUUID()}`;
  let db: Connection;

  beforeAll(async () => {
    db = await mongoose
      .createConnection(config.MONGODB_URI, {
        dbName,
        serverSelectionTimeoutMS: 5_000,
        monitorCommands: true,
      })
      .asPromise();
  });

  afterAll(async () => {
    await db.dropDatabase().catch(() => undefined);
    await db.close();
  });

  it('replaces 250 existing documents in commands of at most the chunk size, in order', async () => {
    const collection = db.collection<{ _id: string; v: number }>('replaced');
    await collection.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: `k${i}`, v: 0 })));
    const sizes: number[] = [];
    const client = db.getClient();
    const onStarted = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'update')
        sizes.push((event.command.updates as unknown[] | undefined)?.length ?? 0);
    };
    client.on('commandStarted', onStarted);
    try {
      await chunkedBulkWrite(
        collection,
        Array.from({ length: 250 }, (_, i) => ({
          replaceOne: { filter: { _id: `k${i}` }, replacement: { v: i + 1 }, upsert: true },
        })),
        true,
      );
    } finally {
      client.off('commandStarted', onStarted);
    }
    expect(sizes.length).toBeGreaterThanOrEqual(Math.ceil(250 / BULK_WRITE_CHUNK));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(BULK_WRITE_CHUNK);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(250);
    const stored = await collection.find({}).toArray();
    expect(stored.map((doc) => doc.v).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 250 }, (_, i) => i + 1),
    );
  });

  it('ordered: stops at the first failure, so no later chunk is sent', async () => {
    const collection = db.collection<{ _id: string; v: number }>('ordered');
    const operations = Array.from({ length: BULK_WRITE_CHUNK * 2 + 1 }, (_, i) => ({
      insertOne: { document: { _id: i === 10 ? 'k0' : `k${i}`, v: i } },
    }));
    await expect(chunkedBulkWrite(collection, operations, true)).rejects.toThrow();
    // k0 .. k9 landed, the duplicate k0 failed, nothing after it was written.
    expect(await collection.countDocuments({})).toBe(10);
  });
});
