import { Types } from 'mongoose';

/** Fields every stored, versioned record carries. */
export interface StoredFields {
  id: string;
  /** Starts at 1; every successful update adds 1. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

function plainValue(value: unknown): unknown {
  if (value instanceof Types.ObjectId) return value.toHexString();
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = plainValue(inner);
    return out;
  }
  return value;
}

/**
 * A lean MongoDB document as the API shows it: `_id` becomes `id`, ObjectIds become hex strings,
 * internal fields (`__v`, `fixtureKey`) disappear.
 */
export function toPlain<T>(doc: Record<string, unknown>): T {
  const { _id, __v: _v, fixtureKey: _fixtureKey, ...rest } = doc;
  return { id: String(plainValue(_id)), ...(plainValue(rest) as object) } as T;
}
