import type { Connection } from 'mongoose';
import { connectDatabase, type ConnectDatabaseOptions } from './connection';
import { migrateNeedOwnersToHosts, type NeedOwnerMigrationReport } from './need-owner-migration';
import { ensureIndexes, getRepositories, type Repositories } from './repositories';

/**
 * An open database as the rest of the code sees it: its repositories and its upkeep. Services and
 * workers hold this (or only `repos`), never the connection underneath.
 */
export interface Database {
  /** The database's name (for messages). */
  readonly name: string;
  /** Every read and write of stored data. */
  readonly repos: Repositories;
  /** Creates the indexes of the API's collections (see {@link ensureIndexes}). */
  ensureIndexes(): Promise<void>;
  /** Refers needs to hosts made from their stored owners (see {@link migrateNeedOwnersToHosts}); run after {@link ensureIndexes}. */
  migrateNeedOwnersToHosts(): Promise<NeedOwnerMigrationReport>;
  /** Resolves when the server answers a ping; rejects when the connection is not open or the server does not answer. */
  ping(): Promise<void>;
  /** Drops the whole database, every collection: only for a database of its own (a bench's run). */
  drop(): Promise<void>;
  close(): Promise<void>;
}

const cache = new WeakMap<Connection, Database>();

/** The {@link Database} over an open connection (tests open their own; one per connection). */
export function databaseOf(conn: Connection): Database {
  let database = cache.get(conn);
  if (!database) {
    database = {
      name: conn.name,
      repos: getRepositories(conn),
      ensureIndexes: () => ensureIndexes(conn),
      migrateNeedOwnersToHosts: () => migrateNeedOwnersToHosts(conn),
      async ping() {
        const db = conn.db;
        if (conn.readyState !== 1 || !db) throw new Error('not connected');
        await db.admin().command({ ping: 1 });
      },
      async drop() {
        await conn.dropDatabase();
      },
      close: () => conn.close(),
    };
    cache.set(conn, database);
  }
  return database;
}

/** Connects (see {@link connectDatabase}) and returns the {@link Database}. */
export async function openDatabase(uri: string, options: ConnectDatabaseOptions = {}): Promise<Database> {
  return databaseOf(await connectDatabase(uri, options));
}
