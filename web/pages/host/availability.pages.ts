import type { MatchmakingEvent } from '../../../models';
import { html, type SafeHtml } from '../../html';
import { formatCalendarDate } from '../../i18n';
import { errorSummary, notice, radioField, type FieldError } from '../components';
import { csrfField, layout, type PageContext } from '../layout';
import { errorOf, fieldGroup, inputField, valueOf } from './fields';
import { listOf } from '../match-words';

/** A window in which a participant can meet (the API's availability window). */
export interface AvailabilityWindow {
  date: string;
  start: string;
  end: string;
}

/** Someone whose availability a person may give: a host of her organisation, or the startup itself. */
export interface Participant {
  kind: 'host' | 'startup';
  /** The host's or the profile's id (never an e-mail in an address). */
  id: string;
  name: string;
  /** Stored windows; undefined when nothing is stored (available throughout). */
  windows: readonly AvailabilityWindow[] | undefined;
}

/** An event a person takes part in, with those whose times they give. */
export interface EventTakingPart {
  event: MatchmakingEvent;
  participants: readonly Participant[];
}

/** The address of a participant's availability form. */
export function availabilityPath(eventId: string, participant: Pick<Participant, 'kind' | 'id'>): string {
  return `/app/availability/${eventId}/${participant.kind === 'host' ? 'hosts' : 'startups'}/${participant.id}`;
}

/** The choice of one session on the form. */
type SessionChoice = 'all' | 'none' | 'part';

/** The form's fields: `s<day>-<session>` (the choice), with `-from` and `-to` for part of it. */
export type AvailabilityForm = Record<string, string>;

function sessionField(day: number, session: number): string {
  return `s${day}-${session}`;
}

function minutes(time: string): number {
  const [hours = 0, mins = 0] = time.split(':').map(Number);
  return hours * 60 + mins;
}

/**
 * The form of stored windows: nothing stored is every whole session; otherwise a session that a
 * window covers is "whole", one a window overlaps is "part" (from the window's times, cut to the
 * session), and the rest "not at all".
 */
export function availabilityFormOf(
  event: MatchmakingEvent,
  windows: readonly AvailabilityWindow[] | undefined,
): AvailabilityForm {
  const form: AvailabilityForm = {};
  event.days.forEach((day, d) =>
    day.sessions.forEach((session, s) => {
      const field = sessionField(d, s);
      if (windows === undefined) {
        form[field] = 'all';
        return;
      }
      const overlapping = windows.filter(
        (window) =>
          window.date === day.date &&
          minutes(window.start) < minutes(session.end) &&
          minutes(session.start) < minutes(window.end),
      );
      const covers = overlapping.some(
        (window) =>
          minutes(window.start) <= minutes(session.start) && minutes(session.end) <= minutes(window.end),
      );
      const first = overlapping[0];
      if (covers) form[field] = 'all';
      else if (!first) form[field] = 'none';
      else {
        form[field] = 'part';
        form[`${field}-from`] = minutes(first.start) < minutes(session.start) ? session.start : first.start;
        form[`${field}-to`] = minutes(first.end) > minutes(session.end) ? session.end : first.end;
      }
    }),
  );
  return form;
}

/**
 * The windows a filled-in form gives, and for each the field it came from (to put the service's
 * field errors next to it). Part of a session is sent as typed: the service validates the times.
 */
export function windowsOfForm(
  event: MatchmakingEvent,
  form: AvailabilityForm,
): { windows: AvailabilityWindow[]; fields: string[]; unanswered: string[] } {
  const windows: AvailabilityWindow[] = [];
  const fields: string[] = [];
  const unanswered: string[] = [];
  event.days.forEach((day, d) =>
    day.sessions.forEach((session, s) => {
      const field = sessionField(d, s);
      const choice = form[field] as SessionChoice | undefined;
      if (choice === 'all') windows.push({ date: day.date, start: session.start, end: session.end });
      else if (choice === 'part')
        windows.push({
          date: day.date,
          start: (form[`${field}-from`] ?? '').trim(),
          end: (form[`${field}-to`] ?? '').trim(),
        });
      else if (choice !== 'none') unanswered.push(field);
      if (choice === 'all' || choice === 'part') fields.push(field);
    }),
  );
  return { windows, fields, unanswered };
}

function windowText(context: PageContext, window: AvailabilityWindow): string {
  return context.t('host.availability.window', {
    date: formatCalendarDate(window.date, context.language),
    start: window.start,
    end: window.end,
  });
}

function summaryOf(context: PageContext, participant: Participant): string {
  const { t, language } = context;
  if (participant.windows === undefined) return t('host.availability.summaryAll');
  if (participant.windows.length === 0) return t('host.availability.summaryNone');
  return t('host.availability.summarySome', {
    windows: listOf(
      participant.windows.map((window) => windowText(context, window)),
      language,
    ),
  });
}

function eventDates(context: PageContext, event: MatchmakingEvent): string {
  return listOf(
    event.days.map((day) => formatCalendarDate(day.date, context.language)),
    context.language,
  );
}

/**
 * "Tillgänglighet på evenemang": the events the person takes part in (a development head through
 * her organisation's needs, a startup itself), each with those whose times she gives and what is
 * stored now, and a link to each one's form.
 */
export function availabilityEventsPage(
  context: PageContext,
  lead: string,
  events: readonly EventTakingPart[],
  flash?: string,
): string {
  const { t } = context;
  return layout(context, {
    title: t('host.availability.title'),
    body: html`${notice(flash)}
      <p><a href="/app/">${t('host.back.home')}</a></p>
      <h1>${t('host.availability.title')}</h1>
      <p class="lead">${lead}</p>
      ${
        events.length === 0
          ? html`<p>${t('host.availability.none')}</p>`
          : html`<ul class="card-list">
              ${events.map(({ event, participants }) => eventCard(context, event, participants))}
            </ul>`
      }`,
  });
}

function eventCard(
  context: PageContext,
  event: MatchmakingEvent,
  participants: readonly Participant[],
): SafeHtml {
  const { t } = context;
  return html`<li class="card">
    <h2 class="card__title">${event.name}</h2>
    <p class="card__meta">${eventDates(context, event)}</p>
    ${
      participants.length === 0
        ? html`<p>${t('host.availability.noHosts')}</p>`
        : html`<ul>
            ${participants.map(
              (participant) =>
                html`<li>
                  <strong>${participant.name}</strong>: ${summaryOf(context, participant)}
                  <br />
                  <a href="${availabilityPath(event.id, participant)}"
                    >${t('host.availability.set', { name: participant.name })}</a
                  >
                </li>`,
            )}
          </ul>`
    }
  </li>`;
}

/**
 * "När kan … ha möten?": each day of the event with each session: the whole session, not at all,
 * or part of it (from, to). Times are the event's wall-clock times.
 */
export function availabilityFormPage(
  context: PageContext,
  event: MatchmakingEvent,
  participant: Participant,
  form: AvailabilityForm,
  errors: readonly FieldError[] = [],
): string {
  const { t, language } = context;
  const name = participant.name;
  return layout(context, {
    title: t('host.availability.formTitle', { name }),
    body: html`${errorSummary(t, errors)}
      <p><a href="/app/availability">${t('host.availability.back')}</a></p>
      <h1>${t('host.availability.formTitle', { name })}</h1>
      <p class="lead">${event.name}</p>
      <p>${t('host.availability.formLead', { name, zone: event.timezone })}</p>
      <form method="post" action="${availabilityPath(event.id, participant)}" novalidate>
        ${csrfField(context)}
        ${event.days.map((day, d) =>
          fieldGroup(
            { id: `day${d}`, legend: formatCalendarDate(day.date, language) },
            html`${day.sessions.map((session, s) => {
              const field = sessionField(d, s);
              return html`${radioField({
                id: field,
                legend: t('host.availability.session', { start: session.start, end: session.end }),
                choices: (['all', 'none', 'part'] as const).map((choice) => ({
                  value: choice,
                  label: t(`host.availability.choice.${choice}`),
                })),
                ...valueOf(form[field]),
                ...errorOf(errors, field),
              })}
              ${inputField({
                id: `${field}-from`,
                label: t('host.availability.from', { start: session.start, end: session.end }),
                hint: t('host.availability.partHint'),
                inputMode: 'numeric',
                ...valueOf(form[`${field}-from`]),
                ...errorOf(errors, `${field}-from`),
              })}
              ${inputField({
                id: `${field}-to`,
                label: t('host.availability.to', { start: session.start, end: session.end }),
                inputMode: 'numeric',
                ...valueOf(form[`${field}-to`]),
                ...errorOf(errors, `${field}-to`),
              })}`;
            })}`,
          ),
        )}
        <button type="submit" class="button">${t('host.availability.submit')}</button>
      </form>`,
  });
}
