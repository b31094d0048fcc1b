import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { getConfig } from '../../config';
import { connectDatabase, ensureIndexes } from '../../models';

/** A fresh database name for one test file: `test-<uuid>`. */
export function testDatabaseName(): string {
  return `test-${randomUUID()}`;
}

/** Connects to `dbName` on the server of MONGODB_URI and creates the indexes. */
export async function connectTestDatabase(dbName: string = testDatabaseName()): Promise<Connection> {
  const db = await connectDatabase(getConfig().MONGODB_URI, { dbName });
  await ensureIndexes(db);
  return db;
}
