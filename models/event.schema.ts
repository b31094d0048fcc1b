import { z } from 'zod';
import {
  lineTextSchema,
  emailSchema,
  isoDateSchema,
  minutesOfDay,
  objectIdSchema,
  wallTimeSchema,
} from './common.schema';
import { listQuerySchema } from './pagination.schema';
import type { StoredFields } from './to-plain';

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A wall-clock interval `{ start, end }` (`HH:MM`) with `start < end`. */
export const sessionSchema = z
  .strictObject({ start: wallTimeSchema, end: wallTimeSchema })
  .refine((session) => minutesOfDay(session.start) < minutesOfDay(session.end), {
    message: 'start must be before end',
    path: ['end'],
  });

/** One event day with its sessions (1–10), which may not share a minute (each would get its own meetings). */
export const eventDaySchema = z.strictObject({
  date: isoDateSchema,
  sessions: z
    .array(sessionSchema)
    .min(1)
    .max(10)
    .superRefine((sessions, ctx) => {
      sessions.forEach((session, s) => {
        const clash = sessions.findIndex(
          (other, o) =>
            o < s &&
            minutesOfDay(other.start) < minutesOfDay(session.end) &&
            minutesOfDay(session.start) < minutesOfDay(other.end),
        );
        if (clash >= 0)
          ctx.addIssue({
            code: 'custom',
            message: `overlaps session ${clash} (${sessions[clash]?.start}–${sessions[clash]?.end}); sessions may not share time`,
            path: [s],
          });
      });
    }),
});

/** A meeting room; `id` is a slug chosen by the facilitator. */
export const roomSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a lower-case slug'),
  name: lineTextSchema(1, 200),
});

/** A window in which a participant can meet: date plus wall-clock interval, `start < end`. */
export const availabilityWindowSchema = z
  .strictObject({ date: isoDateSchema, start: wallTimeSchema, end: wallTimeSchema })
  .refine((window) => minutesOfDay(window.start) < minutesOfDay(window.end), {
    message: 'start must be before end',
    path: ['end'],
  });

/**
 * Body of `PUT /events/:id/availability`: one participant's windows, replacing earlier ones.
 * Hosts are named by their e-mail (the owner e-mail of their needs), startups by profile id.
 */
export const availabilitySchema = z.discriminatedUnion('participantKind', [
  z.strictObject({
    participantKind: z.literal('host'),
    participantId: emailSchema,
    windows: z.array(availabilityWindowSchema).max(100),
  }),
  z.strictObject({
    participantKind: z.literal('startup'),
    participantId: objectIdSchema,
    windows: z.array(availabilityWindowSchema).max(100),
  }),
]);
export type Availability = z.infer<typeof availabilitySchema>;

/** A lower-case slug (letters, digits, dashes), 3–60 characters. */
export const signUpSlugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{1,58})[a-z0-9]$/,
    'must be a lower-case slug of 3-60 letters, digits and dashes',
  );

const uniqueIds = (ids: readonly string[]) => new Set(ids).size === ids.length;

const eventFields = {
  name: lineTextSchema(2, 200),
  /** IANA zone of every wall-clock time of the event. @default "Europe/Stockholm" */
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Stockholm'),
  /** Length of one meeting. @default 20 */
  meetingMinutes: z.number().int().min(5).max(240),
  /** Gap between two meetings in one room. @default 0 */
  changeoverMinutes: z.number().int().min(0).max(120),
  days: z
    .array(eventDaySchema)
    .min(1)
    .max(14)
    .refine((days) => uniqueIds(days.map((day) => day.date)), 'dates must be distinct'),
  rooms: z
    .array(roomSchema)
    .min(1)
    .max(200)
    .refine((rooms) => uniqueIds(rooms.map((room) => room.id)), 'room ids must be distinct'),
  needIds: z.array(objectIdSchema).max(1_000).refine(uniqueIds, 'ids must be distinct'),
  startupIds: z.array(objectIdSchema).max(5_000).refine(uniqueIds, 'ids must be distinct'),
  availability: z.array(availabilitySchema).max(10_000),
  /**
   * The event's public sign-up address, `/e/<signUpSlug>/anmalan`, where startups register
   * themselves. Absent: the event takes no sign-ups.
   */
  signUpSlug: signUpSlugSchema.optional(),
};

/** Body of `POST /events`. */
export const eventCreateSchema = z.strictObject({
  ...eventFields,
  timezone: eventFields.timezone.default('Europe/Stockholm'),
  meetingMinutes: eventFields.meetingMinutes.default(20),
  changeoverMinutes: eventFields.changeoverMinutes.default(0),
  needIds: eventFields.needIds.default([]),
  startupIds: eventFields.startupIds.default([]),
  availability: eventFields.availability.default([]),
});
export type EventCreateInput = z.infer<typeof eventCreateSchema>;

/** Body of `PATCH /events/:id`: any subset; arrays are replaced whole. */
export const eventPatchSchema = z
  .strictObject(eventFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');
export type EventPatchInput = z.infer<typeof eventPatchSchema>;

/** Body of `POST /events/:id/enrolments`: ids to add (already enrolled ids are ignored). */
export const enrolmentSchema = z
  .strictObject({
    needIds: z.array(objectIdSchema).max(1_000).default([]),
    startupIds: z.array(objectIdSchema).max(5_000).default([]),
  })
  .refine((body) => body.needIds.length + body.startupIds.length > 0, 'name at least one need or startup');
export type EnrolmentInput = z.infer<typeof enrolmentSchema>;

/** Query of `GET /events`. */
export const eventListQuerySchema = listQuerySchema({ q: z.string().max(200).optional() });
export type EventListQuery = z.infer<typeof eventListQuerySchema>;

/** A stored event as the API returns it. */
export type MatchmakingEvent = EventCreateInput & StoredFields;
