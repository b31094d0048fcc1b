import type { Outcome, OutcomeSide, Pilot } from '../../../models';
import type { MeetingVerdict } from '../../../services/outcomes';
import { html, type SafeHtml } from '../../html';
import { formatCalendarDate, formatDate, formatTime } from '../../i18n';
import { errorSummary, notice, radioField, type FieldError } from '../components';
import { csrfField, layout, type PageContext } from '../layout';
import {
  answerWords,
  disagreementsOf,
  MEETING_FILTERS,
  verdictWords,
  type FacilitatorOutcomeValues,
  type MeetingFilter,
} from './facilitator-forms';
import { outcomeNoteField } from './note-field';

/** The names a meeting is shown with (never ids). */
export interface MeetingNames {
  needTitle: string;
  organisation: string;
  hostName: string;
  startupName: string;
  room: string;
}

/** One published meeting as the facilitator's pages show it. */
export interface FacilitatorMeeting {
  id: string;
  date: string;
  start: string;
  end: string;
  names: MeetingNames;
  /** Every side's record, with its history. */
  records: readonly Outcome[];
  verdict: MeetingVerdict;
}

/** The event a page belongs to. */
export interface EventRef {
  id: string;
  name: string;
}

const SIDES: readonly OutcomeSide[] = ['host', 'startup', 'facilitator'];
const NEXT_STEPS = ['follow_up_meeting', 'demo', 'pilot_proposal', 'procurement', 'none'] as const;

/** The path of a meeting's outcome page. */
export function meetingOutcomePath(eventId: string, meetingId: string): string {
  return `/app/events/${eventId}/outcomes/${encodeURIComponent(meetingId)}`;
}

function when(context: PageContext, at: Date): string {
  return context.t('time.dateAtTime', {
    date: formatDate(at, context.language),
    time: formatTime(at, context.language),
  });
}

/** "tisdag 16 mars 2027 kl. 09:00–09:20, Rum A". */
export function meetingWhen(context: PageContext, meeting: FacilitatorMeeting): string {
  return context.t('outcomes.meetings.when', {
    date: formatCalendarDate(meeting.date, context.language),
    start: meeting.start,
    end: meeting.end,
    room: meeting.names.room,
  });
}

function pairTitle(context: PageContext, names: MeetingNames): string {
  return context.t('outcomes.meetings.pair', { need: names.needTitle, startup: names.startupName });
}

/** Where the sides disagree, and whether the facilitator's record has decided it. */
function disagreement(context: PageContext, meeting: FacilitatorMeeting): SafeHtml {
  const { t } = context;
  const found = disagreementsOf(meeting.records);
  if (found.length === 0) return html``;
  const what =
    found.length > 1
      ? t('outcomes.meetings.disagree.both')
      : t(`outcomes.meetings.disagree.${found[0] ?? 'attendance'}`);
  const decided = meeting.records.some((record) => record.side === 'facilitator');
  return html`<p class="disagreement">
    <span class="tag tag--warning">${t('outcomes.meetings.disagreeTag')}</span>
    ${t('outcomes.meetings.disagree', { what })}
    ${decided ? t('outcomes.meetings.disagreeDecided') : t('outcomes.meetings.disagreeOpen')}
  </p>`;
}

/** Each side's current answer in one line. */
function answers(context: PageContext, meeting: FacilitatorMeeting): SafeHtml {
  const { t } = context;
  return html`<dl class="answers">
    ${SIDES.map((side) => {
      const record = meeting.records.find((r) => r.side === side);
      return html`<div class="answers__item">
        <dt>${t(`outcomes.meetings.side.${side}`)}</dt>
        <dd>${record ? answerWords(t, record) : t('outcomes.meetings.noAnswer')}</dd>
      </div>`;
    })}
  </dl>`;
}

/**
 * The facilitator's outcomes of an event (`/app/events/:id/outcomes`): every published meeting
 * (filtered by `?show=`) with its time and table, need, host and startup, each side's answer,
 * how it counts and where the sides disagree; each meeting's name leads to its form.
 */
export function meetingOutcomesPage(
  context: PageContext,
  view: { event: EventRef; meetings: readonly FacilitatorMeeting[]; total: number; filter: MeetingFilter },
): string {
  const { t } = context;
  const { event, meetings, filter } = view;
  const title = t('outcomes.meetings.title', { event: event.name });
  return layout(context, {
    title,
    stylesheets: ['/assets/outcomes.css', '/assets/outcome-records.css'],
    body: html`<h1>${title}</h1>
      <p class="lead">${t('outcomes.meetings.lead')}</p>
      <ul class="link-list">
        <li><a href="/app/events/${event.id}">${t('outcomes.report.backToEvent')}</a></li>
        <li><a href="/app/events/${event.id}/report">${t('outcomes.meetings.reportLink')}</a></li>
        <li><a href="/app/events/${event.id}/pilots">${t('outcomes.meetings.pilotsLink')}</a></li>
      </ul>
      ${
        view.total === 0
          ? html`<p>${t('outcomes.meetings.none')}</p>`
          : html`<form method="get" action="/app/events/${event.id}/outcomes" class="filter-form">
                <div class="field">
                  <label for="show">${t('outcomes.meetings.filter')}</label>
                  <select id="show" name="show">
                    ${MEETING_FILTERS.map(
                      (value) =>
                        html`<option value="${value}" ${value === filter ? 'selected' : ''}>
                          ${t(`outcomes.meetings.filter.${value}`)}
                        </option>`,
                    )}
                  </select>
                </div>
                <button type="submit" class="button button--secondary">
                  ${t('outcomes.meetings.filterSubmit')}
                </button>
              </form>
              <p id="meeting-count">
                ${t('outcomes.meetings.count', { shown: meetings.length, total: view.total })}
              </p>
              ${
                meetings.length === 0
                  ? html`<p>${t('outcomes.meetings.noneMatch')}</p>`
                  : html`<ul class="card-list" aria-labelledby="meeting-count">
                      ${meetings.map(
                        (meeting) =>
                          html`<li class="card meeting-card">
                            <h2 class="card__title">
                              <a href="${meetingOutcomePath(event.id, meeting.id)}"
                                >${pairTitle(context, meeting.names)}</a
                              >
                            </h2>
                            <p class="card__meta">${meetingWhen(context, meeting)}</p>
                            <p class="card__meta">
                              ${t('outcomes.meetings.need', {
                                need: meeting.names.needTitle,
                                organisation: meeting.names.organisation,
                                host: meeting.names.hostName,
                              })}
                            </p>
                            ${answers(context, meeting)}
                            <p>
                              <strong
                                >${t('outcomes.meetings.verdict', { verdict: verdictWords(t, meeting.verdict) })}</strong
                              >
                            </p>
                            ${disagreement(context, meeting)}
                          </li>`,
                      )}
                    </ul>`
              }`
      }`,
  });
}

/** One side's record: the answer, note, who and when, and the answers before it. */
function recordOf(context: PageContext, side: OutcomeSide, record: Outcome | undefined): SafeHtml {
  const { t } = context;
  const heading = html`<h3 class="card__subtitle">${t(`outcomes.meetings.side.${side}`)}</h3>`;
  if (!record)
    return html`<div class="record" id="record-${side}">
      ${heading}
      <p>${t('outcomes.meetings.noAnswer')}</p>
    </div>`;
  const earlier = [...record.history].reverse();
  return html`<div class="record" id="record-${side}">
    ${heading}
    <p class="record__answer">${answerWords(t, record)}</p>
    ${record.note && html`<p>${t('outcomes.meeting.note', { note: record.note })}</p>`}
    <p class="card__meta">
      ${t('outcomes.meeting.by', {
        name: record.recordedBy.name,
        via: t(`outcomes.meeting.via.${record.recordedBy.via}`),
        when: when(context, record.recordedAt),
      })}
    </p>
    ${
      earlier.length > 0 &&
      html`<details class="history">
        <summary>${t('outcomes.meeting.history', { count: earlier.length })}</summary>
        <ul>
          ${earlier.map(
            (entry) =>
              html`<li>
                ${t('outcomes.meeting.historyItem', {
                  when: when(context, entry.recordedAt),
                  name: entry.recordedBy.name,
                  via: t(`outcomes.meeting.via.${entry.recordedBy.via}`),
                  answer: answerWords(t, entry),
                })}
                ${entry.note && html`<br />${t('outcomes.meeting.note', { note: entry.note })}`}
              </li>`,
          )}
        </ul>
      </details>`
    }
  </div>`;
}

/** The facilitator's form for one meeting. */
function outcomeForm(
  context: PageContext,
  eventId: string,
  meeting: FacilitatorMeeting,
  form: { values: FacilitatorOutcomeValues; errors: readonly FieldError[]; version?: number },
): SafeHtml {
  const { t } = context;
  const { values, errors } = form;
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.message;
  // The error summary links to the first checkbox (a fieldset cannot take focus).
  const absentError = errorOf('absent-host');
  const optional = (field: string) => {
    const error = errorOf(field);
    return error === undefined ? {} : { error };
  };
  return html`<form method="post" action="${meetingOutcomePath(eventId, meeting.id)}" novalidate>
    ${csrfField(context)}
    ${form.version !== undefined && html`<input type="hidden" name="version" value="${form.version}" />`}
    ${radioField({
      id: 'attendance',
      legend: t('outcomes.meeting.attendance'),
      choices: (['held', 'no_show', 'cancelled_late'] as const).map((value) => ({
        value,
        label: t(`outcomes.meeting.attendance.${value}`),
      })),
      ...(values.attendance === undefined ? {} : { value: values.attendance }),
      ...optional('attendance'),
    })}
    <div class="field${absentError ? ' field--error' : ''}">
      <fieldset id="absent" ${absentError ? html`aria-describedby="absent-error"` : ''}>
        <legend>${t('outcomes.meeting.absent')}</legend>
        ${absentError && html`<p class="field-error" id="absent-error">${absentError}</p>`}
        ${(['host', 'startup'] as const).map(
          (side) =>
            html`<div class="radio">
              <input
                type="checkbox"
                id="absent-${side}"
                name="absent"
                value="${side}"
                ${values.absent.includes(side) ? 'checked' : ''}
              />
              <label for="absent-${side}"
                >${t(`outcomes.meeting.absent.${side}`, {
                  name: side === 'host' ? meeting.names.hostName : meeting.names.startupName,
                })}</label
              >
            </div>`,
        )}
      </fieldset>
    </div>
    ${radioField({
      id: 'interest',
      legend: t('outcomes.meeting.interest'),
      choices: (['yes', 'maybe', 'no'] as const).map((value) => ({
        value,
        label: t(`outcomes.record.interest.${value}`),
      })),
      ...(values.interest === undefined ? {} : { value: values.interest }),
      ...optional('interest'),
    })}
    ${radioField({
      id: 'nextStep',
      legend: t('outcomes.meeting.nextStep'),
      choices: NEXT_STEPS.map((value) => ({ value, label: t(`outcomes.record.nextStep.${value}`) })),
      ...(values.nextStep === undefined ? {} : { value: values.nextStep }),
      ...optional('nextStep'),
    })}
    ${outcomeNoteField(t, values.note, errorOf('note'))}
    <button type="submit" class="button">${t('outcomes.meeting.submit')}</button>
  </form>`;
}

/**
 * One meeting's outcome (`/app/events/:id/outcomes/:meetingId`): what each side recorded with its
 * history, how it counts and where the sides disagree, the facilitator's form (`saved` confirms the
 * answer just stored; `errors` and `conflict` keep what was typed), and the pilots it led to.
 */
export function meetingOutcomePage(
  context: PageContext,
  view: {
    event: EventRef;
    meeting: FacilitatorMeeting;
    pilots: readonly Pilot[];
    values: FacilitatorOutcomeValues;
    errors?: readonly FieldError[];
    version?: number;
    saved?: string;
    conflict?: boolean;
  },
): string {
  const { t } = context;
  const { event, meeting } = view;
  const errors = view.errors ?? [];
  const title = t('outcomes.meeting.title', {
    need: meeting.names.needTitle,
    startup: meeting.names.startupName,
  });
  return layout(context, {
    title: errors.length > 0 || view.conflict ? `${t('errors.summaryTitle')}: ${title}` : title,
    stylesheets: ['/assets/outcome-records.css'],
    body: html`${notice(view.saved)} ${errorSummary(t, errors)}
      ${view.conflict && html`<div class="error-summary" role="alert"><p>${t('outcomes.meeting.conflict')}</p></div>`}
      <p><a href="/app/events/${event.id}/outcomes">${t('outcomes.meeting.back')}</a></p>
      <h1>${title}</h1>
      <p class="lead">${meetingWhen(context, meeting)}</p>
      <p>
        ${t('outcomes.meetings.need', {
          need: meeting.names.needTitle,
          organisation: meeting.names.organisation,
          host: meeting.names.hostName,
        })}
        <br />${t('outcomes.meetings.startup', { startup: meeting.names.startupName })}
      </p>
      <h2>${t('outcomes.meeting.answers')}</h2>
      ${SIDES.map((side) =>
        recordOf(
          context,
          side,
          meeting.records.find((record) => record.side === side),
        ),
      )}
      <p id="verdict">
        <strong>${t('outcomes.meetings.verdict', { verdict: verdictWords(t, meeting.verdict) })}</strong>
      </p>
      ${disagreement(context, meeting)}
      <h2 id="form-title">${t('outcomes.meeting.formTitle')}</h2>
      <p>${t('outcomes.meeting.formLead')}</p>
      ${outcomeForm(context, event.id, meeting, {
        values: view.values,
        errors,
        ...(view.version === undefined ? {} : { version: view.version }),
      })}
      <h2>${t('outcomes.meeting.pilots')}</h2>
      ${
        view.pilots.length === 0
          ? html`<p>${t('outcomes.meeting.noPilots')}</p>`
          : html`<ul>
              ${view.pilots.map(
                (pilot) =>
                  html`<li>
                    <a href="/app/events/${event.id}/pilots/${pilot.id}">${pilotSummary(context, pilot)}</a>
                  </li>`,
              )}
            </ul>`
      }
      <p>
        <a
          class="button button--secondary"
          href="/app/events/${event.id}/pilots/new?meetingId=${encodeURIComponent(meeting.id)}"
          >${t('outcomes.meeting.createPilot')}</a
        >
      </p>`,
  });
}

/** "Pågår, 75 tkr, 2027-05-01 – 2027-09-30". */
export function pilotSummary(
  context: PageContext,
  pilot: Pick<Pilot, 'status' | 'budgetKSek' | 'start' | 'end'>,
): string {
  const { t, language } = context;
  return t('outcomes.pilots.summary', {
    status: t(`outcomes.pilots.status.${pilot.status}`),
    budget: new Intl.NumberFormat(language === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 }).format(
      pilot.budgetKSek,
    ),
    start: pilot.start,
    end: pilot.end,
  });
}
