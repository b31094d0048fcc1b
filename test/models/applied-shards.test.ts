import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { getConfig } from '../../config';
import { createRankingStore, ensureIndexes, getRepositories, type Repositories } from '../../models';

/**
 * A profile's applied version is the lowest over the shards the rankings are written in now, which
 * the newest index hint names: after a deployment goes from two shards back to one, the second
 * shard's applied versions stay behind in the database and must not hold every list stale.
 * Against the real database (FerretDB here).
 */
const config = getConfig();
let conn: Connection;
let repos: Repositories;

// A database of its own for each case: the shards' index positions and hints start empty.
beforeEach(async () => {
  conn = await mongoose
    .createConnection(config.MONGODB_URI, { dbName: `test-applied-shards-${randomUUID()}` })
    .asPromise();
  await ensureIndexes(conn);
  repos = getRepositories(conn);
});

afterEach(async () => {
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
});

const applied = (startupId: string, appliedVersion: number) => ({
  startupId,
  appliedVersion,
  deleted: false,
  modelVersion: 'm1',
});

it('after two shards go back to one, a profile counts as applied by the one shard left', async () => {
  const store = createRankingStore(conn);
  const startupId = randomUUID();
  // Two shards, each with the profile applied at version 1.
  for (const shard of [0, 1]) {
    await store.appendIndex({ shard, shards: 2, fence: 1, writer: 'w1', after: 0, entries: new Map() });
    await store.writeApplied(shard, [applied(startupId, 1)]);
  }
  expect((await repos.matches.appliedState('startup', startupId))?.appliedVersion).toBe(1);

  // Then one shard: its new owner applies version 2; shard 1's records are left behind.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await store.appendIndex({ shard: 0, shards: 1, fence: 2, writer: 'w2', after: 1, entries: new Map() });
  await store.writeApplied(0, [applied(startupId, 2)]);

  expect((await repos.matches.appliedState('startup', startupId))?.appliedVersion).toBe(2);
  expect((await repos.matches.appliedStartups()).get(startupId)?.appliedVersion).toBe(2);
});

it('while a second shard has not applied a profile yet, the profile counts as not applied', async () => {
  const store = createRankingStore(conn);
  const startupId = randomUUID();
  await store.appendIndex({ shard: 0, shards: 2, fence: 1, writer: 'w1', after: 0, entries: new Map() });
  await store.appendIndex({ shard: 1, shards: 2, fence: 1, writer: 'w1', after: 0, entries: new Map() });
  await store.writeApplied(0, [applied(startupId, 3)]);
  expect(await repos.matches.appliedState('startup', startupId)).toBeNull();
  expect((await repos.matches.appliedStartups()).has(startupId)).toBe(false);
});
