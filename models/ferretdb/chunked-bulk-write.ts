import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

/**
 * Most operations sent in one bulkWrite command. FerretDB 1.x (the MongoDB-protocol server the
 * project's tests and benchmarks run on) keeps each update statement's query open until the whole
 * command ends, one SQLite connection each, out of 100 per database: an update command of 100 or
 * more statements on existing documents then waits for a connection for ever, and every later
 * request to that database with it. A full recompute writes up to 25 needs × 20 pairs at once.
 */
export const BULK_WRITE_CHUNK = 50;

/**
 * `collection.bulkWrite(operations)` sent in commands of at most {@link BULK_WRITE_CHUNK}
 * operations, one after another: with `ordered`, an operation is sent only after every earlier
 * one succeeded, as in one ordered bulkWrite.
 */
export async function chunkedBulkWrite<T extends Document>(
  collection: Collection<T>,
  operations: readonly AnyBulkWriteOperation<T>[],
  ordered: boolean,
): Promise<void> {
  for (let start = 0; start < operations.length; start += BULK_WRITE_CHUNK) {
    await collection.bulkWrite(operations.slice(start, start + BULK_WRITE_CHUNK), { ordered });
  }
}
