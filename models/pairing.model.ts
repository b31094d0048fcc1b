import { Schema, type Connection, type Model } from 'mongoose';
import type { Meeting, PairRef, ScheduleChange } from '../scheduling';

/**
 * A facilitator's pins, bans and recorded cancellations for one event (collection
 * `event_pairings`, `_id` = eventId). Pins and bans change with `$addToSet`/`$pull` (single-document
 * atomic); cancellations are appended and applied to every later build.
 */
export interface PairingRecord {
  _id: string;
  pins: PairRef[];
  bans: PairRef[];
  cancellations: CancellationRecord[];
  /** Ids of cancellations undone since (no longer applied); appended, never rewritten. */
  undone?: string[];
}

/** One recorded cancellation, applied to every later build until it is undone. */
export interface CancellationRecord {
  /** Absent on cancellations recorded before they had ids (they cannot be undone). */
  id?: string;
  change: ScheduleChange;
  at: Date;
  /** Why, in the words of whoever cancelled (a meeting), or what happened (a departure). */
  reason?: string;
  /** Who cancelled: the API key's role and name. */
  by?: { role: string; name: string };
  /** The meeting as it stood when cancelled (`cancel-meeting`): where an undo puts it back. */
  meeting?: Meeting;
  /** True when a participant declined the meeting rather than a facilitator cancelling it. */
  declined?: boolean;
  /** The name of a participant that left (its record may be deleted). */
  label?: string;
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
    undone: { type: [String], default: [] },
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
