import { z } from 'zod';
import { isoDateSchema, objectIdSchema, paragraphTextSchema } from './common.schema';
import { listQuerySchema } from './pagination.schema';
import type { StoredFields } from './to-plain';

/** Where a pilot stands: proposed → approved → running → done, or stopped on the way. */
export const pilotStatusSchema = z.enum(['proposed', 'approved', 'running', 'done', 'stopped']);
export type PilotStatus = z.infer<typeof pilotStatusSchema>;

/** Largest pilot budget, in thousands of kronor (kSEK). */
export const PILOT_BUDGET_MAX_KSEK = 100_000;

const pilotFields = {
  /** Budget in thousands of kronor (kSEK), e.g. 40–100 for the pilots of a municipal innovation programme. */
  budgetKSek: z.number().min(0).max(PILOT_BUDGET_MAX_KSEK),
  start: isoDateSchema,
  end: isoDateSchema,
  status: pilotStatusSchema,
  /** What the pilot taught, in a few lines; an empty text (or null) means none, and clears them on a PATCH. */
  learnings: paragraphTextSchema(0, 2000).nullable(),
};

const endNotBeforeStart = (pilot: { start?: string | undefined; end?: string | undefined }) =>
  pilot.start === undefined || pilot.end === undefined || pilot.start <= pilot.end;
const END_MESSAGE = {
  message: 'end must not be before start',
  path: ['end'],
  // Checked beside other fields' problems too (a form then names them all at once), unless the
  // body is no object or a date is itself wrong.
  when: (payload: { issues: readonly { path?: readonly PropertyKey[] | undefined }[] }) =>
    payload.issues.every(
      (issue) => (issue.path?.length ?? 0) > 0 && issue.path?.[0] !== 'start' && issue.path?.[0] !== 'end',
    ),
};

/**
 * Body of `POST /pilots`: a pilot that came from a meeting of an event's published schedule; its
 * need and startup are that meeting's. `status` defaults to `proposed`.
 */
export const pilotCreateSchema = z
  .strictObject({
    eventId: objectIdSchema,
    meetingId: z.string().min(1).max(300),
    budgetKSek: pilotFields.budgetKSek,
    start: pilotFields.start,
    end: pilotFields.end,
    status: pilotFields.status.default('proposed'),
    learnings: pilotFields.learnings.optional(),
  })
  .refine(endNotBeforeStart, END_MESSAGE);
export type PilotCreateInput = z.infer<typeof pilotCreateSchema>;

/**
 * Body of `PATCH /pilots/:id`: budget, dates, status or learnings (a pilot keeps its meeting).
 * `learnings: ""` or `null` removes them.
 */
export const pilotPatchSchema = z
  .strictObject(pilotFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change')
  .refine(endNotBeforeStart, END_MESSAGE);
export type PilotPatchInput = z.infer<typeof pilotPatchSchema>;

/** Query of `GET /pilots`. */
export const pilotListQuerySchema = listQuerySchema({
  eventId: objectIdSchema.optional(),
  status: pilotStatusSchema.optional(),
});
export type PilotListQuery = z.infer<typeof pilotListQuerySchema>;

/** What a stored pilot holds besides its body: the need, startup and organisation of its meeting. */
export interface PilotLinks {
  needId: string;
  startupId: string;
  organisationId: string;
}

/** A stored pilot: learnings are absent rather than empty. */
export type Pilot = Omit<PilotCreateInput, 'learnings'> & { learnings?: string } & PilotLinks & StoredFields;
