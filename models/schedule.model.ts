import { Schema, type Connection, type Model } from 'mongoose';
import type { Meeting, Reason, ScoutingEntry, Shortfall, UnmetPin } from '../scheduling';

/** What a draft was repaired for, and what the repair did (ids of meetings). */
export interface RepairReport {
  change: Record<string, unknown>;
  kept: number;
  moved: string[];
  added: string[];
  dropped: string[];
  /** Why (a cancelled meeting's reason, or what happened to a participant that left). */
  reason?: string;
  /** The name of a participant that left. */
  label?: string;
  /** A participant declined the meeting. */
  declined?: boolean;
}

/**
 * One immutable schedule version (collection `schedule_versions`, `_id` = `<eventId>:<version>`, so
 * the insert itself allocates the number atomically). A published version is a copy of the draft it
 * froze (`basedOnVersion`).
 */
export interface ScheduleVersionRecord {
  _id: string;
  eventId: string;
  version: number;
  status: 'draft' | 'published';
  meetings: Meeting[];
  objective: number;
  bound: number;
  gap: number;
  shortfalls: Shortfall[];
  /** Needs short of startups that fit well, with near misses (absent in versions stored before the relevance floor). */
  scouting?: ScoutingEntry[];
  unmetPins: UnmetPin[];
  /** Locked meetings of the published version that could not be kept, with the reason (a code with its words; a sentence in versions stored before codes). */
  droppedLocked: { meeting: Meeting; reason: Reason | string }[];
  basedOnVersion: number | null;
  /** Candidate threshold, relevance floors and candidate count the draft was built with. */
  build: {
    minScore: number;
    topK: number;
    candidates: number;
    relevanceFloor?: number;
    needFloors?: Record<string, number>;
  } | null;
  repair: RepairReport | null;
  createdAt: Date;
}

/** A meeting as last published, kept after it is cancelled so calendars get STATUS:CANCELLED. */
export interface CalendarEntry {
  sequence: number;
  cancelled: boolean;
  meeting: Meeting;
}

/**
 * The one mutable document per event (collection `schedule_pointers`, `_id` = eventId). Every write
 * holds a claim on `revision + 1` and filters on `revision` (FerretDB evaluates the filter of a
 * findOneAndUpdate without holding the row; see models/version-claim.ts). Keys of `calendar` are
 * meeting ids with '.' and '$' percent-encoded (document keys may not hold them).
 */
export interface SchedulePointerRecord {
  _id: string;
  eventId: string;
  revision: number;
  /** Highest version number handed out (a hint; the unique `_id` of versions is the guard). */
  lastVersion: number;
  /** 0 = no draft yet. */
  draftVersion: number;
  /** 0 = never published. */
  publishedVersion: number;
  /** The draft the current published version was frozen from (0 = none). */
  publishedFromDraft: number;
  publishedVersions: number[];
  calendar: Record<string, CalendarEntry>;
  updatedAt: Date;
}

const versionSchema = new Schema<ScheduleVersionRecord>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, enum: ['draft', 'published'], required: true },
    meetings: { type: Schema.Types.Mixed, required: true },
    objective: { type: Number, required: true },
    bound: { type: Number, required: true },
    gap: { type: Number, required: true },
    shortfalls: { type: Schema.Types.Mixed, required: true },
    scouting: { type: Schema.Types.Mixed, required: false },
    unmetPins: { type: Schema.Types.Mixed, required: true },
    droppedLocked: { type: Schema.Types.Mixed, required: true },
    basedOnVersion: { type: Number, default: null },
    build: { type: Schema.Types.Mixed, default: null },
    repair: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'schedule_versions', versionKey: false, _id: false, minimize: false },
);

const pointerSchema = new Schema<SchedulePointerRecord>(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    revision: { type: Number, required: true },
    lastVersion: { type: Number, required: true },
    draftVersion: { type: Number, required: true },
    publishedVersion: { type: Number, required: true },
    publishedFromDraft: { type: Number, required: true },
    publishedVersions: { type: [Number], default: [] },
    calendar: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'schedule_pointers', versionKey: false, _id: false, minimize: false },
);

/** Compiles (once per connection) the ScheduleVersion model. */
export function scheduleVersionModelOf(conn: Connection): Model<ScheduleVersionRecord> {
  return (
    (conn.models.ScheduleVersion as Model<ScheduleVersionRecord> | undefined) ??
    conn.model<ScheduleVersionRecord>('ScheduleVersion', versionSchema)
  );
}

/** Compiles (once per connection) the SchedulePointer model. */
export function schedulePointerModelOf(conn: Connection): Model<SchedulePointerRecord> {
  return (
    (conn.models.SchedulePointer as Model<SchedulePointerRecord> | undefined) ??
    conn.model<SchedulePointerRecord>('SchedulePointer', pointerSchema)
  );
}
