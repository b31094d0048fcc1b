import mongoose, { type Connection } from 'mongoose';

/** Options of {@link connectDatabase}. */
export interface ConnectDatabaseOptions {
  /** Overrides the database named in the URI (tests use `test-<uuid>`). */
  dbName?: string;
  /** How long to wait for the server. @default 5000 (milliseconds) */
  serverSelectionTimeoutMS?: number;
}

/**
 * Opens a dedicated mongoose connection (never the global default one, so several databases can
 * be used in one process) and waits until it is ready.
 */
export async function connectDatabase(
  uri: string,
  options: ConnectDatabaseOptions = {},
): Promise<Connection> {
  const conn = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000,
    ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
    autoIndex: false,
  });
  return conn.asPromise();
}
