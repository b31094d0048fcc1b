import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/**
 * MongoDB shape of one audit entry (collection `audit_log`). Append-only: the repository inserts
 * and reads, and has no way to change or remove an entry.
 */
export const auditMongooseSchema = new Schema(
  {
    at: { type: Date, required: true, index: true },
    actor: {
      type: new Schema(
        {
          role: { type: String, required: true },
          via: { type: String, enum: ['key', 'session', 'link'], required: true },
          id: { type: String, required: true },
        },
        { _id: false, id: false },
      ),
      required: true,
    },
    action: { type: String, required: true },
    record: {
      type: new Schema(
        { kind: { type: String, required: true }, id: { type: String, required: true } },
        { _id: false, id: false },
      ),
      required: true,
    },
    /** `{ path, before?, after?, withheld? }` per changed field; values are kept as they were. */
    changes: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'audit_log', versionKey: false, strict: 'throw' },
);
auditMongooseSchema.index({ 'actor.id': 1, at: -1 });
auditMongooseSchema.index({ 'record.id': 1, at: -1 });

/** Compiles (once per connection) the AuditEntry model. */
export function auditModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'AuditEntry', auditMongooseSchema);
}
