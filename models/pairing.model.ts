import { Schema, type Connection, type Model } from 'mongoose';
import type { PairRef, ScheduleChange } from '../scheduling';

/**
 * A facilitator's pins, bans and recorded cancellations for one event (collection
 * `event_pairings`, `_id` = eventId). Pins and bans change with `$addToSet`/`$pull` (single-document
 * atomic); cancellations are appended and applied to every later build.
 */
export interface PairingRecord {
  _id: string;
  pins: PairRef[];
  bans: PairRef[];
  cancellations: { change: ScheduleChange; at: Date }[];
}

const pairSchema = new Schema<PairRef>(
  { needId: { type: String, required: true }, startupId: { type: String, required: true } },
  { _id: false },
);

const pairingSchema = new Schema<PairingRecord>(
  {
    _id: { type: String, required: true },
    pins: { type: [pairSchema], default: [] },
    bans: { type: [pairSchema], default: [] },
    cancellations: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'event_pairings', versionKey: false, _id: false },
);

/** Compiles (once per connection) the Pairing model. */
export function pairingModelOf(conn: Connection): Model<PairingRecord> {
  return (
    (conn.models.EventPairing as Model<PairingRecord> | undefined) ??
    conn.model<PairingRecord>('EventPairing', pairingSchema)
  );
}
