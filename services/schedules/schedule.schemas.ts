import { z } from 'zod';
import { emailSchema, isoDateSchema, objectIdSchema, wallTimeSchema } from '../../models';

/** Body of `POST /events/:id/schedule` (all optional). */
export const buildBodySchema = z.strictObject({
  /** Lowest match score a candidate pair needs. @default 0.3 */
  minScore: z.number().min(0).max(1).default(0.3),
  /** Most candidates per need, best first. @default 20 */
  topK: z.number().int().min(1).max(500).default(20),
  /** Lowest match score of a meeting (pins exempt). @default the score about 3 profiles of the scoring corpus reach by chance */
  relevanceFloor: z.number().min(0).max(1).optional(),
  /** Per-need floors (need id → floor), overriding `relevanceFloor`. */
  needFloors: z.record(objectIdSchema, z.number().min(0).max(1)).optional(),
  /** Solve exactly with HiGHS within this many milliseconds instead of the heuristic. */
  exactTimeLimitMs: z.number().int().min(100).max(120_000).optional(),
  /** PRNG seed of the heuristic. @default 1 */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(1),
});
export type BuildBody = z.infer<typeof buildBodySchema>;

/** Body of `POST /events/:id/schedule/publish`: the draft the caller reviewed (stale → 409). */
export const publishBodySchema = z.strictObject({ draftVersion: z.number().int().min(1).optional() });

/** Why a meeting is cancelled or declined, in the canceller's words. */
const reasonSchema = z.string().trim().min(1, 'give a reason').max(500);

/** A meeting id as the schedule gives it (`<eventId>:<needId>:<startupId>`). */
const meetingIdSchema = z.string().min(1).max(200);

/** Body of `POST /events/:id/cancellations`. */
export const cancellationBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('meeting'), meetingId: meetingIdSchema, reason: reasonSchema }),
  z.strictObject({ kind: z.literal('startup'), startupId: objectIdSchema }),
  z.strictObject({ kind: z.literal('host'), hostId: emailSchema }),
  z.strictObject({
    kind: z.literal('room'),
    roomId: z.string().min(1).max(64),
    date: isoDateSchema.optional(),
    start: wallTimeSchema.optional(),
    end: wallTimeSchema.optional(),
  }),
]);
export type CancellationBody = z.infer<typeof cancellationBodySchema>;

/** Body of `POST`/`DELETE /events/:id/pins` and `/bans`. */
export const pairBodySchema = z.strictObject({ needId: objectIdSchema, startupId: objectIdSchema });

/** Query of `GET /events/:id/schedule`: which version. @default the published one, else the draft */
export const scheduleQuerySchema = z.strictObject({
  version: z.union([z.enum(['draft', 'published']), z.coerce.number().int().min(1)]).optional(),
  format: z.enum(['json', 'csv', 'ics', 'html']).optional(),
});

/** Query of `GET /events/:id/scouting`: the draft's scouting list, words in Swedish (default) or English. */
export const scoutingQuerySchema = z.strictObject({
  format: z.enum(['json', 'csv']).optional(),
  lang: z.enum(['sv', 'en']).default('sv'),
});

/** Query of `GET /events/:id/agenda`: facilitators name the participant; others get their own. */
export const agendaQuerySchema = z.strictObject({
  format: z.enum(['json', 'ics', 'html']).optional(),
  startupId: objectIdSchema.optional(),
  hostId: emailSchema.optional(),
});

/** Body of `POST /events/:id/meetings/:meetingId/decline` (the reason is optional for a participant). */
export const declineBodySchema = z.strictObject({ reason: reasonSchema.optional() });

/** Body of `POST /events/:id/meetings/:meetingId/move`: where to; a field left out stays as it is. */
export const moveBodySchema = z
  .strictObject({
    date: isoDateSchema.optional(),
    start: wallTimeSchema.optional(),
    roomId: z.string().min(1).max(64).optional(),
  })
  .refine((body) => body.date !== undefined || body.start !== undefined || body.roomId !== undefined, {
    message: 'give date, start or roomId (where the meeting should go)',
    path: ['start'],
  });
