import { z } from 'zod';
import { meetingSchema } from './instance.schema';
import type { Meeting, ScheduleChange } from './types';

const id = z.string().min(1);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time HH:MM');

/** One `ScheduleChange` as JSON (see `ScheduleChange` in types.ts for what each kind does). */
export const scheduleChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cancel-startup'), startupId: id }),
  z.strictObject({ kind: z.literal('cancel-host'), hostId: id }),
  z.strictObject({ kind: z.literal('cancel-need'), needId: id }),
  z.strictObject({ kind: z.literal('cancel-meeting'), needId: id, startupId: id }),
  z.strictObject({
    kind: z.literal('close-room'),
    roomId: id,
    date: date.optional(),
    start: clock.optional(),
    end: clock.optional(),
  }),
  z.strictObject({ kind: z.literal('add-pin'), needId: id, startupId: id }),
  z.strictObject({ kind: z.literal('add-ban'), needId: id, startupId: id }),
]);

/**
 * The repair file of `npm run schedule -- --repair FILE`: the schedule to repair (`meetings`, e.g.
 * the `meetings` of an earlier result) and the changes, applied one after the other.
 */
export interface RepairFile {
  readonly meetings: Meeting[];
  readonly changes: ScheduleChange[];
}

const repairFileSchema = z.strictObject({
  meetings: z.array(meetingSchema),
  changes: z.array(scheduleChangeSchema).min(1, 'give at least one change'),
});

/** Validates a repair file; errors name the field path, e.g. `changes.0.kind: Invalid input`. */
export function parseRepairFile(
  json: unknown,
): { ok: true; value: RepairFile } | { ok: false; errors: string[] } {
  const parsed = repairFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data as RepairFile };
  return {
    ok: false,
    errors: parsed.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`,
    ),
  };
}
