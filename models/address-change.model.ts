import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

/**
 * A host's change of e-mail address still being carried to the records the address keys
 * (collection `address_changes`, `_id` = the host's id). Inserted before the host is written and
 * deleted once every record has followed, so a change cut short is found and finished; an `_id`
 * insert is atomic, so one host has at most one change under way.
 */
export const addressChangeMongooseSchema = new Schema(
  {
    _id: { type: String, required: true },
    from: { type: String, required: true },
    to: { type: String, required: true },
    at: { type: Date, required: true },
    /** Who asked for the change: the author of the records it changes when it is finished later. */
    actor: {
      type: new Schema(
        {
          role: { type: String, required: true },
          via: { type: String, enum: ['key', 'session', 'link'], required: true },
          id: { type: String, required: true },
        },
        { _id: false, strict: 'throw' },
      ),
      required: false,
    },
  },
  { collection: 'address_changes', versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the AddressChange model. */
export function addressChangeModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'AddressChange', addressChangeMongooseSchema);
}
