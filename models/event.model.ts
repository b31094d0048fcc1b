import { Schema, type Connection } from 'mongoose';
import { modelOf, type StoredModel } from './model-of';

const interval = { start: String, end: String };
const windowSchema = new Schema({ date: String, ...interval }, { _id: false });

/** MongoDB shape of an event (collection `events`); availability is embedded so one write changes it atomically. */
export const eventMongooseSchema = new Schema(
  {
    name: { type: String, required: true },
    timezone: { type: String, required: true },
    meetingMinutes: { type: Number, required: true },
    changeoverMinutes: { type: Number, required: true },
    days: {
      type: [new Schema({ date: String, sessions: [new Schema(interval, { _id: false })] }, { _id: false })],
      required: true,
    },
    rooms: { type: [new Schema({ id: String, name: String }, { _id: false, id: false })], required: true },
    needIds: { type: [Schema.Types.ObjectId], default: [] },
    startupIds: { type: [Schema.Types.ObjectId], default: [] },
    availability: {
      type: [
        new Schema(
          { participantKind: String, participantId: String, windows: [windowSchema] },
          { _id: false },
        ),
      ],
      default: [],
    },
    signUpSlug: { type: String },
    version: { type: Number, required: true, min: 1 },
    fixtureKey: { type: String },
  },
  { collection: 'events', timestamps: true, versionKey: false, strict: 'throw' },
);

/** Compiles (once per connection) the Event model. */
export function eventModelOf(conn: Connection): StoredModel {
  return modelOf(conn, 'Event', eventMongooseSchema);
}
