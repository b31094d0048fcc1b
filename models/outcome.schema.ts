import { z } from 'zod';
import { paragraphTextSchema } from './common.schema';

/** Who an outcome record speaks for: the need's host, the startup, or the facilitator (whose word wins). */
export const outcomeSideSchema = z.enum(['host', 'startup', 'facilitator']);
export type OutcomeSide = z.infer<typeof outcomeSideSchema>;

/** What became of a published meeting. */
export const attendanceSchema = z.enum(['held', 'no_show', 'cancelled_late']);
export type Attendance = z.infer<typeof attendanceSchema>;

/** A participant of a meeting who can fail to turn up. */
export const participantSideSchema = z.enum(['host', 'startup']);
export type ParticipantSide = z.infer<typeof participantSideSchema>;

/** Whether the side wants to go on with the other. */
export const interestSchema = z.enum(['yes', 'maybe', 'no']);
export type Interest = z.infer<typeof interestSchema>;

/**
 * What the two sides agreed to do next: another meeting, a demonstration, a pilot proposal, a
 * procurement or call-off from a framework agreement, or nothing.
 */
export const nextStepSchema = z.enum(['follow_up_meeting', 'demo', 'pilot_proposal', 'procurement', 'none']);
export type NextStep = z.infer<typeof nextStepSchema>;

/** Longest note of an outcome, in characters. */
export const OUTCOME_NOTE_MAX = 1000;

/**
 * Body of `PUT /events/:id/meetings/:meetingId/outcomes/:side`. A held meeting needs `interest`
 * and `nextStep`; a no-show needs `absent` (who did not come); a meeting that did not take place
 * has no interest or next step.
 */
export const outcomeBodySchema = z
  .strictObject({
    attendance: attendanceSchema,
    absent: z
      .array(participantSideSchema)
      .min(1)
      .max(2)
      .refine((sides) => new Set(sides).size === sides.length, 'sides must be distinct')
      .optional(),
    interest: interestSchema.optional(),
    nextStep: nextStepSchema.optional(),
    note: paragraphTextSchema(1, OUTCOME_NOTE_MAX).optional(),
  })
  .superRefine((body, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (body.attendance === 'no_show' && body.absent === undefined)
      problem('absent', 'name who did not come (host, startup or both) when the attendance is no_show');
    if (body.attendance !== 'no_show' && body.absent !== undefined)
      problem('absent', 'only a no_show names who did not come');
    if (body.attendance === 'held') {
      if (body.interest === undefined)
        problem('interest', 'required when the meeting was held: yes, maybe or no');
      if (body.nextStep === undefined)
        problem(
          'nextStep',
          'required when the meeting was held: follow_up_meeting, demo, pilot_proposal, procurement or none',
        );
    } else {
      if (body.interest !== undefined) problem('interest', 'only a held meeting has an interest');
      if (body.nextStep !== undefined) problem('nextStep', 'only a held meeting has a next step');
    }
  });
export type OutcomeBody = z.infer<typeof outcomeBodySchema>;

/** Who wrote an outcome, and how: with an API key, signed in, or through the e-mailed link. */
export interface OutcomeAuthor {
  role: 'facilitator' | 'development_head' | 'startup' | 'participant';
  name: string;
  via: 'key' | 'session' | 'link';
}

/** One answer of one side: what it said, who said it and when. */
export interface OutcomeEntry extends OutcomeBody {
  recordedBy: OutcomeAuthor;
  recordedAt: Date;
}

/**
 * One side's record of one published meeting (collection `outcomes`, one per `key` =
 * `<eventId>|<meetingId>|<side>`): the current answer and every earlier one in `history`
 * (oldest first, each with the version it had), so an edit never loses what was said before.
 */
export interface Outcome extends OutcomeEntry {
  id: string;
  key: string;
  eventId: string;
  meetingId: string;
  needId: string;
  startupId: string;
  /** The organisation of the need (its development heads speak for the host side). */
  organisationId: string;
  side: OutcomeSide;
  version: number;
  history: (OutcomeEntry & { version: number })[];
  createdAt: Date;
  updatedAt: Date;
}

/** The unique key of one side's record of one meeting. */
export function outcomeKeyOf(eventId: string, meetingId: string, side: OutcomeSide): string {
  return `${eventId}|${meetingId}|${side}`;
}
