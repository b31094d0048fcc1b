import type { Connection, Model, Schema } from 'mongoose';

/** A model whose documents are validated by zod before they reach mongoose. */
export type StoredModel = Model<Record<string, unknown>>;

/** The model `name` on `conn`, compiled on first use (models live on the connection, not the global mongoose). */
export function modelOf(conn: Connection, name: string, schema: Schema): StoredModel {
  return (conn.models[name] ?? conn.model(name, schema)) as unknown as StoredModel;
}
