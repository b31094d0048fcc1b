import type { Attendance, Outcome, OutcomeBody, Pilot } from '../../../models';
import type { MeetingVerdict, OutcomeAnswer } from '../../../services/outcomes';
import type { MessageKey, Translate } from '../../i18n';
import type { FieldError } from '../components';

/**
 * The pure parts of the facilitator's outcome and pilot pages: what the sides disagree on, which
 * meetings a filter shows, form values to request bodies and back, API field problems to the
 * page's messages, and answers in words. No I/O.
 */

/** What two records of one meeting can disagree on. */
export type Disagreement = 'attendance' | 'nextStep';

/**
 * What the records of a meeting disagree on: whether it took place (attendance, and for a no-show
 * who was absent), and, among those that say it was held, the next step.
 */
export function disagreementsOf(records: readonly OutcomeAnswer[]): Disagreement[] {
  const attendance = new Set(
    records.map((record) =>
      record.attendance === 'no_show'
        ? `no_show:${[...(record.absent ?? [])].sort().join('+')}`
        : record.attendance,
    ),
  );
  const steps = new Set(
    records
      .filter((record) => record.attendance === 'held' && record.nextStep !== undefined)
      .map((record) => record.nextStep),
  );
  const found: Disagreement[] = [];
  if (attendance.size > 1) found.push('attendance');
  if (steps.size > 1) found.push('nextStep');
  return found;
}

/** Which meetings the outcomes page lists. */
export const MEETING_FILTERS = ['all', 'open', 'disagree', 'noShow'] as const;
export type MeetingFilter = (typeof MEETING_FILTERS)[number];

/** The filter named by `?show=`, else all. */
export function meetingFilterOf(value: unknown): MeetingFilter {
  return MEETING_FILTERS.find((filter) => filter === value) ?? 'all';
}

/** Whether a meeting with `records` and `verdict` is shown under `filter`. */
export function shownUnder(
  filter: MeetingFilter,
  item: { records: readonly OutcomeAnswer[]; verdict: MeetingVerdict },
): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'open':
      return !item.records.some((record) => record.side === 'facilitator');
    case 'disagree':
      return disagreementsOf(item.records).length > 0;
    case 'noShow':
      return item.verdict.attendance === 'no_show';
  }
}

/** The facilitator's outcome form as typed (kept on error). */
export interface FacilitatorOutcomeValues {
  attendance?: string;
  absent: string[];
  interest?: string;
  nextStep?: string;
  note?: string;
}

/** The form filled in with a stored record (or empty). */
export function outcomeValuesOf(record: Outcome | undefined): FacilitatorOutcomeValues {
  if (!record) return { absent: [] };
  return {
    attendance: record.attendance,
    absent: [...(record.absent ?? [])],
    ...(record.interest === undefined ? {} : { interest: record.interest }),
    ...(record.nextStep === undefined ? {} : { nextStep: record.nextStep }),
    ...(record.note === undefined ? {} : { note: record.note }),
  };
}

/**
 * The body of the facilitator's answer. The form asks interest and next step "if the meeting took
 * place" and who was absent "if someone did not come": an answer that says otherwise leaves those
 * questions out (the saved answer shown afterwards says what was kept). Everything else goes to the
 * use-case as typed, so its validation names what is wrong.
 */
export function outcomeBodyOf(values: FacilitatorOutcomeValues): Record<string, unknown> {
  const held = values.attendance === 'held';
  const note = values.note?.trim();
  return {
    ...(values.attendance === undefined ? {} : { attendance: values.attendance }),
    ...(values.attendance === 'no_show' ? { absent: values.absent } : {}),
    ...(held && values.interest !== undefined ? { interest: values.interest } : {}),
    ...(held && values.nextStep !== undefined ? { nextStep: values.nextStep } : {}),
    ...(note ? { note } : {}),
  };
}

/** The pilot form as typed (kept on error). */
export interface PilotFormValues {
  budgetKSek?: string;
  start?: string;
  end?: string;
  status?: string;
  learnings?: string;
}

/** The form filled in with a stored pilot. */
export function pilotValuesOf(pilot: Pilot): PilotFormValues {
  return {
    budgetKSek: String(pilot.budgetKSek),
    start: pilot.start,
    end: pilot.end,
    status: pilot.status,
    ...(pilot.learnings === undefined ? {} : { learnings: pilot.learnings }),
  };
}

/** "75", "75,5", "1 200" as a number; anything else as typed, for the use-case to refuse by name. */
function budgetOf(typed: string | undefined): unknown {
  const text = (typed ?? '').trim();
  const compact = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const value = Number(compact);
  return compact !== '' && /^[0-9.]+$/.test(compact) && Number.isFinite(value) ? value : text;
}

/**
 * The body of `POST /pilots` (with `link`) or `PATCH /pilots/:id`. Empty learnings are left out,
 * except when the pilot had learnings: then the empty text goes to the use-case, which removes them.
 */
export function pilotBodyOf(
  values: PilotFormValues,
  options: { link?: { eventId: string; meetingId: string }; hadLearnings?: boolean },
): Record<string, unknown> {
  const learnings = values.learnings?.trim() ?? '';
  return {
    ...(options.link ?? {}),
    budgetKSek: budgetOf(values.budgetKSek),
    start: (values.start ?? '').trim(),
    end: (values.end ?? '').trim(),
    ...(values.status ? { status: values.status } : {}),
    ...(learnings !== '' || options.hadLearnings ? { learnings } : {}),
  };
}

/**
 * The use-case's field problems as the page's errors: one per form field (the first segment of
 * each path), in the form's order, with the page's message; `targets` maps a path to the id of the
 * control the error summary links to (default: the path itself).
 */
export function fieldErrorsOf(
  t: Translate,
  fields: readonly { path: string }[],
  messages: Readonly<Record<string, MessageKey>>,
  targets: Readonly<Record<string, string>> = {},
): FieldError[] {
  const named = new Set(fields.map((field) => field.path.split('.')[0] ?? ''));
  return Object.keys(messages)
    .filter((path) => named.has(path))
    .map((path) => ({ field: targets[path] ?? path, message: t(messages[path]!) }));
}

/** Problems of the facilitator's outcome form, in its order. */
export const OUTCOME_FORM_MESSAGES: Record<string, MessageKey> = {
  attendance: 'outcomes.meeting.error.attendance',
  absent: 'outcomes.meeting.error.absent',
  interest: 'outcomes.meeting.error.interest',
  nextStep: 'outcomes.meeting.error.nextStep',
  note: 'outcomes.record.error.note',
};

/** Problems of the pilot form, in its order. */
export const PILOT_FORM_MESSAGES: Record<string, MessageKey> = {
  meetingId: 'outcomes.pilots.error.meetingId',
  eventId: 'outcomes.pilots.error.meetingId',
  budgetKSek: 'outcomes.pilots.error.budgetKSek',
  start: 'outcomes.pilots.error.start',
  end: 'outcomes.pilots.error.end',
  status: 'outcomes.pilots.error.status',
  learnings: 'outcomes.pilots.error.learnings',
};

/** A side's answer in words: "mötet blev av, intresse: ja, nästa steg: demonstration". */
export function answerWords(t: Translate, answer: Omit<OutcomeBody, 'note'>): string {
  if (answer.attendance === 'no_show') return absentWords(t, answer.absent ?? []);
  if (answer.attendance !== 'held') return t(`outcomes.meetings.attendance.${answer.attendance}`);
  return [
    t('outcomes.meetings.attendance.held'),
    answer.interest &&
      t('outcomes.meetings.interest', { interest: t(`outcomes.meetings.interest.${answer.interest}`) }),
    answer.nextStep &&
      t('outcomes.meetings.nextStep', { step: t(`outcomes.meetings.nextStep.${answer.nextStep}`) }),
  ]
    .filter(Boolean)
    .join(', ');
}

function absentWords(t: Translate, absent: readonly string[]): string {
  if (absent.length > 1) return t('outcomes.meetings.absent.both');
  if (absent[0] === 'host' || absent[0] === 'startup') return t(`outcomes.meetings.absent.${absent[0]}`);
  return t('outcomes.meetings.attendance.no_show');
}

/** How the meeting counts, in words. */
export function verdictWords(t: Translate, verdict: MeetingVerdict): string {
  if (!verdict.recorded) return t('outcomes.meetings.verdictNone');
  const attendance: Attendance = verdict.attendance;
  if (attendance === 'no_show') return absentWords(t, verdict.absent);
  if (attendance === 'cancelled_late') return t('outcomes.meetings.attendance.cancelled_late');
  return [
    t('outcomes.meetings.attendance.held'),
    verdict.nextStep &&
      t('outcomes.meetings.nextStep', { step: t(`outcomes.meetings.nextStep.${verdict.nextStep}`) }),
  ]
    .filter(Boolean)
    .join(', ');
}
