import { html } from '../../html';
import { formatCalendarDate, formatDate, formatTime, type MessageKey } from '../../i18n';
import { csrfField, layout, type PageContext } from '../layout';
import { errorSummary, notice, radioField, type FieldError } from '../components';
import { outcomeNoteField } from './note-field';

/** The answers of the outcome form as typed (kept on error). */
export interface OutcomeFormValues {
  attendance?: string;
  interest?: string;
  nextStep?: string;
  note?: string;
}

/** What the page says about the meeting and the person answering. */
export interface OutcomePageMeeting {
  eventName: string;
  needTitle: string;
  hostName: string;
  startupName: string;
  date: string;
  start: string;
  end: string;
  /** The side the link records, and the name of the other side (who could be absent). */
  side: 'host' | 'startup' | 'facilitator';
  otherName: string;
  respondent: string;
  /** When this side answered last, if it did. */
  answeredAt?: Date;
  expiresAt: Date;
}

const NEXT_STEPS = ['follow_up_meeting', 'demo', 'pilot_proposal', 'procurement', 'none'] as const;

/** The message key of a problem with a field of the outcome form. */
export const OUTCOME_FIELD_MESSAGES: Record<string, MessageKey> = {
  attendance: 'outcomes.record.error.attendance',
  absent: 'outcomes.record.error.attendance',
  interest: 'outcomes.record.error.interest',
  nextStep: 'outcomes.record.error.nextStep',
  note: 'outcomes.record.error.note',
};

function until(context: PageContext, at: Date): string {
  return context.t('time.dateAtTime', {
    date: formatDate(at, context.language),
    time: formatTime(at, context.language),
  });
}

/**
 * The page an outcome link opens (`/outcome?token=…`): what the meeting was, then three questions
 * (did it take place, interest, next step) and a note. No sign-in: the link is the key. With
 * `saved`, it confirms the answer and says how long it can be changed.
 */
export function outcomeRecordPage(
  context: PageContext,
  token: string,
  meeting: OutcomePageMeeting,
  values: OutcomeFormValues,
  errors: readonly FieldError[] = [],
  saved = false,
): string {
  const { t, language } = context;
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.message;
  return layout(context, {
    title:
      errors.length > 0
        ? `${t('errors.summaryTitle')}: ${t('outcomes.record.title')}`
        : t('outcomes.record.title'),
    body: html`${saved && notice(`${t('outcomes.record.saved')} ${t('outcomes.record.change', { until: until(context, meeting.expiresAt) })}`)}
      ${errorSummary(t, errors)}
      <h1>${t('outcomes.record.title')}</h1>
      <p class="lead">
        ${t('outcomes.record.lead', {
          need: meeting.needTitle,
          host: meeting.hostName,
          startup: meeting.startupName,
          date: formatCalendarDate(meeting.date, language),
          start: meeting.start,
          end: meeting.end,
          event: meeting.eventName,
        })}
      </p>
      <p>${t('outcomes.record.as', { name: meeting.respondent })}</p>
      ${
        meeting.answeredAt &&
        !saved &&
        html`<p>${t('outcomes.record.previous', { when: until(context, meeting.answeredAt) })}</p>`
      }
      <form method="post" action="/outcome" novalidate>
        ${csrfField(context)}
        <input type="hidden" name="token" value="${token}" />
        ${radioField({
          id: 'attendance',
          legend: t('outcomes.record.attendance'),
          choices: [
            { value: 'held', label: t('outcomes.record.attendance.held') },
            {
              value: 'no_show',
              label: t('outcomes.record.attendance.noShowOther', { other: meeting.otherName }),
            },
            { value: 'cancelled_late', label: t('outcomes.record.attendance.cancelledLate') },
          ],
          ...(values.attendance === undefined ? {} : { value: values.attendance }),
          ...(errorOf('attendance') === undefined ? {} : { error: errorOf('attendance') }),
        })}
        ${radioField({
          id: 'interest',
          legend: t('outcomes.record.interest'),
          choices: (['yes', 'maybe', 'no'] as const).map((value) => ({
            value,
            label: t(`outcomes.record.interest.${value}`),
          })),
          ...(values.interest === undefined ? {} : { value: values.interest }),
          ...(errorOf('interest') === undefined ? {} : { error: errorOf('interest') }),
        })}
        ${radioField({
          id: 'nextStep',
          legend: t('outcomes.record.nextStep'),
          choices: NEXT_STEPS.map((value) => ({ value, label: t(`outcomes.record.nextStep.${value}`) })),
          ...(values.nextStep === undefined ? {} : { value: values.nextStep }),
          ...(errorOf('nextStep') === undefined ? {} : { error: errorOf('nextStep') }),
        })}
        ${outcomeNoteField(t, values.note, errorOf('note'))}
        <button type="submit" class="button">${t('outcomes.record.submit')}</button>
      </form>`,
  });
}
