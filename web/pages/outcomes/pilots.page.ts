import type { Pilot } from '../../../models';
import { html } from '../../html';
import { formatCalendarDate } from '../../i18n';
import { errorSummary, labelledField, notice, textAreaField, type FieldError } from '../components';
import { csrfField, layout, type PageContext } from '../layout';
import type { PilotFormValues } from './facilitator-forms';
import {
  meetingOutcomePath,
  pilotSummary,
  type EventRef,
  type FacilitatorMeeting,
  type MeetingNames,
} from './facilitator-outcomes.page';

const STATUSES = ['proposed', 'approved', 'running', 'done', 'stopped'] as const;

/** A pilot with the names of its need and startup. */
export interface PilotListItem {
  pilot: Pilot;
  names: Pick<MeetingNames, 'needTitle' | 'organisation' | 'startupName'>;
}

/**
 * The pilots of an event (`/app/events/:id/pilots`): each with its need and startup, status,
 * budget and dates, linked to its form; `flash` confirms a change just made.
 */
export function pilotsPage(
  context: PageContext,
  view: { event: EventRef; pilots: readonly PilotListItem[]; flash?: string | undefined },
): string {
  const { t } = context;
  const { event } = view;
  const title = t('outcomes.pilots.title', { event: event.name });
  return layout(context, {
    title,
    stylesheets: ['/assets/outcome-records.css'],
    body: html`${notice(view.flash)}
      <h1>${title}</h1>
      <p class="lead">${t('outcomes.pilots.lead')}</p>
      <ul class="link-list">
        <li><a href="/app/events/${event.id}/outcomes">${t('outcomes.pilots.toMeetings')}</a></li>
        <li><a href="/app/events/${event.id}/report">${t('outcomes.meetings.reportLink')}</a></li>
      </ul>
      ${
        view.pilots.length === 0
          ? html`<p>${t('outcomes.pilots.none')}</p>`
          : html`<ul class="card-list">
              ${view.pilots.map(
                ({ pilot, names }) =>
                  html`<li class="card">
                    <h2 class="card__title">
                      <a href="/app/events/${event.id}/pilots/${pilot.id}"
                        >${t('outcomes.meetings.pair', { need: names.needTitle, startup: names.startupName })}</a
                      >
                    </h2>
                    <p class="card__meta">${names.organisation}</p>
                    <p>${pilotSummary(context, pilot)}</p>
                    ${pilot.learnings && html`<p>${t('outcomes.pilots.learningsValue', { learnings: pilot.learnings })}</p>`}
                  </li>`,
              )}
            </ul>`
      }`,
  });
}

/** A one-line input, numbers and dates included (text with `inputmode`, as the host pages do). */
function input(
  options: { id: string; label: string; hint: string; value: string | undefined; error: string | undefined },
  inputMode?: 'decimal' | 'numeric',
) {
  return labelledField(
    options,
    (aria) =>
      html`<input
        id="${options.id}"
        name="${options.id}"
        type="text"
        value="${options.value ?? ''}"
        ${inputMode ? html`inputmode="${inputMode}"` : ''}
        autocomplete="off"
        spellcheck="false"
        class="input--short"
        ${aria}
      />`,
  );
}

/**
 * A pilot's form: a new one from `meeting` (`pilot` absent) or an existing one. Errors sit next to
 * their fields and in the summary at the top; what was typed stays. `conflict` says another change
 * landed first (the form then carries the new version, so saving again replaces it). `offSchedule`:
 * the meeting has left the published schedule since (a repair, a cancellation); the page says so,
 * with the time it was last published at (none when even that is unknown), and links no meeting page.
 */
export function pilotFormPage(
  context: PageContext,
  view: {
    event: EventRef;
    meeting: FacilitatorMeeting;
    offSchedule?: boolean;
    pilot?: Pilot;
    values: PilotFormValues;
    errors?: readonly FieldError[];
    conflict?: boolean;
    saved?: string | undefined;
  },
): string {
  const { t, language } = context;
  const { event, meeting, pilot, values } = view;
  const errors = view.errors ?? [];
  const errorOf = (field: string) => errors.find((error) => error.field === field)?.message;
  const names = { need: meeting.names.needTitle, startup: meeting.names.startupName };
  const pair = { ...names, organisation: meeting.names.organisation };
  const title = pilot ? t('outcomes.pilots.editTitle', names) : t('outcomes.pilots.newTitle', names);
  const action = pilot ? `/app/events/${event.id}/pilots/${pilot.id}` : `/app/events/${event.id}/pilots`;
  return layout(context, {
    title: errors.length > 0 || view.conflict ? `${t('errors.summaryTitle')}: ${title}` : title,
    stylesheets: ['/assets/outcome-records.css'],
    body: html`${notice(view.saved)} ${errorSummary(t, errors)}
      ${view.conflict && html`<div class="error-summary" role="alert"><p>${t('outcomes.pilots.conflict')}</p></div>`}
      <p><a href="/app/events/${event.id}/pilots">${t('outcomes.pilots.back')}</a></p>
      <h1>${title}</h1>
      <p class="lead" id="meetingId">
        ${
          meeting.date === ''
            ? t('outcomes.pilots.fromMeetingWithoutTime', pair)
            : t('outcomes.pilots.fromMeeting', {
                date: formatCalendarDate(meeting.date, language),
                start: meeting.start,
                end: meeting.end,
                ...pair,
              })
        }
        ${
          view.offSchedule
            ? [
                t('outcomes.pilots.offSchedule'),
                ...(meeting.date === '' ? [] : [t('outcomes.pilots.lastPublished')]),
              ].join(' ')
            : html`<a href="${meetingOutcomePath(event.id, meeting.id)}"
                >${t('outcomes.pilots.meetingLink')}</a
              >`
        }
      </p>
      <form method="post" action="${action}" novalidate>
        ${csrfField(context)}
        ${pilot ? html`<input type="hidden" name="version" value="${pilot.version}" />` : html`<input type="hidden" name="meetingId" value="${meeting.id}" />`}
        ${input(
          {
            id: 'budgetKSek',
            label: t('outcomes.pilots.budget'),
            hint: t('outcomes.pilots.budgetHint'),
            value: values.budgetKSek,
            error: errorOf('budgetKSek'),
          },
          'decimal',
        )}
        ${input({
          id: 'start',
          label: t('outcomes.pilots.start'),
          hint: t('outcomes.pilots.dateHint'),
          value: values.start,
          error: errorOf('start'),
        })}
        ${input({
          id: 'end',
          label: t('outcomes.pilots.end'),
          hint: t('outcomes.pilots.dateHint'),
          value: values.end,
          error: errorOf('end'),
        })}
        ${labelledField(
          { id: 'status', label: t('outcomes.pilots.status'), error: errorOf('status') },
          (aria) =>
            html`<select id="status" name="status" ${aria}>
              ${STATUSES.map(
                (value) =>
                  html`<option value="${value}" ${value === (values.status ?? 'proposed') ? 'selected' : ''}>
                    ${t(`outcomes.pilots.status.${value}`)}
                  </option>`,
              )}
            </select>`,
        )}
        ${textAreaField({
          id: 'learnings',
          label: t('outcomes.pilots.learnings'),
          hint: t('outcomes.pilots.learningsHint'),
          value: values.learnings,
          error: errorOf('learnings'),
          rows: 4,
        })}
        <button type="submit" class="button">
          ${pilot ? t('outcomes.pilots.save') : t('outcomes.pilots.create')}
        </button>
      </form>`,
  });
}
